#!/usr/bin/env bash
# The benchmark: albctl against the manual aws CLI flow (bench/manual-flow.sh) on the same local
# moto_server, plus albctl's sequential depth at a fixed per-request latency, AWS calls per command,
# render/doctor times, binary size and --help startup. Prints a Markdown table on stdout
# (progress on stderr). Everything listens on 127.0.0.1; nothing talks to real AWS.
#
#   bench/run.sh [--pairs N] [--runs N] [--latency-ms MS] [--aws-only]
#
#   --pairs N        albctl/manual pairs, alternating which goes first (default 5); medians are shown
#   --runs N         repetitions of the short timings: render, doctor (default 10; --help at least 20)
#   --latency-ms MS  latency added to every AWS request for the sequential-depth runs (default 100)
#   --aws-only       skip the end-to-end runs (no etcd/kube-apiserver needed)
#
# Installs what it needs if missing: moto_server, etcd and kube-apiserver (scripts/test-deps.sh) and
# the aws CLI (PyPI awscli, pinned). Builds albctl in release (the measured binary) and the driver
# (examples/bench) in the dev profile; set ALBCTL_BIN to measure another albctl binary instead.
# Takes about 3 minutes with the defaults once everything is built.
set -euo pipefail
cd "$(dirname "$0")/.."
AWSCLI_VERSION=1.45.11
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/albctl/target}

aws_only=0
for arg in "$@"; do [ "$arg" = --aws-only ] && aws_only=1; done
if [ $aws_only = 1 ]; then scripts/test-deps.sh --aws-only; else scripts/test-deps.sh; fi
if ! aws --version 2>&1 | grep -q "aws-cli/$AWSCLI_VERSION "; then
  echo "[bench] pip install awscli==$AWSCLI_VERSION" >&2
  python3 -m pip install -q "awscli==$AWSCLI_VERSION"
fi

if [ -z "${ALBCTL_BIN:-}" ]; then
  echo "[bench] cargo build --release --bin albctl (a first release build takes about 25 minutes on 2 cores)" >&2
  cargo build --quiet --release --locked --bin albctl
  export ALBCTL_BIN=$CARGO_TARGET_DIR/release/albctl
fi
cargo build --quiet --locked --example bench
eval "$(scripts/test-deps.sh --print | sed 's/^/export /')"
exec "$CARGO_TARGET_DIR/debug/examples/bench" "$@"
