#!/usr/bin/env bash
# The test command: installs what the emulator, API-server and Helm oracle tests need (moto_server,
# helm-python-sdk, etcd, kube-apiserver; cached under ~/.cache/albctl), then runs every test, none skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/albctl/target}
scripts/test-deps.sh
eval "$(scripts/test-deps.sh --print | sed 's/^/export /')"
cargo test --all-targets "$@"
