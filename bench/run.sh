#!/usr/bin/env bash
# The benchmark: albctl against the manual aws CLI flow (bench/manual-flow.sh) on the same local
# moto_server, plus albctl's sequential depth at a fixed per-request latency, AWS calls per command,
# render/doctor times, binary size and --help startup. Prints a Markdown table on stdout
# (progress on stderr). Everything listens on 127.0.0.1; nothing talks to real AWS.
#
#   bench/run.sh [--pairs N] [--runs N] [--latency-ms MS] [--aws-only] [--fault-runs N]
#
#   --pairs N        albctl/manual pairs, alternating which goes first (default 5); medians are shown
#   --runs N         repetitions of the short timings: render, doctor (default 10; --help at least 20)
#   --latency-ms MS  latency added to every AWS request for the sequential-depth runs (default 100)
#   --aws-only       skip the end-to-end runs (no etcd/kube-apiserver needed)
#   --fault-runs N   then N seeded `setup` runs under 30% injected throttling/5xx/dropped connections,
#                    each compared with a clean run's final state (default 100; 0 skips them)
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
fault_runs=100
driver_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --fault-runs) fault_runs=${2:?--fault-runs needs a number}; shift 2 ;;
    --aws-only) aws_only=1; driver_args+=("$1"); shift ;;
    *) driver_args+=("$1"); shift ;;
  esac
done
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
"$CARGO_TARGET_DIR/debug/examples/bench" "${driver_args[@]}"

if [ "$fault_runs" -gt 0 ]; then
  echo "[bench] $fault_runs seeded setup runs at 30% injected faults (the test suite runs 20)" >&2
  log=$(mktemp)
  status=0
  ALBCTL_FAULT_SEEDS=$fault_runs cargo test --quiet --locked --test cli -- --exact \
    faults::thirty_percent_faults_converge_to_a_clean_runs_state_in_twenty_seeded_runs --nocapture \
    >"$log" 2>&1 || status=$?
  echo
  echo "**Fault injection** (30% of AWS requests throttled, 500/503 or dropped; debug build)"
  echo
  echo "| runs | result |"
  echo "|--:|---|"
  echo "| $fault_runs | $(grep -o '[0-9]*/[0-9]* seeded runs converged.*' "$log" | head -1 || echo "failed, see $log") |"
  [ $status = 0 ] || { echo "[bench] fault runs failed; log: $log" >&2; exit $status; }
  rm -f "$log"
fi
