#!/usr/bin/env bash
# The test command: installs what the emulator, API-server and Helm oracle tests need (moto_server,
# helm-python-sdk; kube-apiserver and etcd built from the Go module proxy; the Gateway API CRDs; all
# cached under ~/.cache/albctl), says which servers the suite runs on, then runs every test, none skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR=$(scripts/target-dir.sh)
export CARGO_TARGET_DIR
scripts/test-deps.sh
eval "$(scripts/test-deps.sh --print | sed 's/^/export /')"
echo "API servers: $("$ALBCTL_TEST_KUBE_APISERVER" --version) (the suite)," \
  "$("$ALBCTL_TEST_KUBE_APISERVER_OLDEST" --version) (the oldest-server matrix);" \
  "etcd $("$ALBCTL_TEST_ETCD" --version | sed -n 's/^etcd Version: //p')"
cargo test --all-targets "$@"
