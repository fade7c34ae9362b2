#!/usr/bin/env bash
# Fleet benchmark: `doctor --all-clusters` over 20 clusters in 3 regions vs one cluster's `doctor`,
# with 100 ms added to every AWS request (scripts/aws-proxy.py --delay-ms), on a local moto_server.
# Prints a Markdown table on stdout (progress on stderr): wall times, their ratio (the goal is at
# most 2x at the default --concurrency 8) and the AWS calls per cluster from the proxy's log.
# Everything listens on 127.0.0.1; nothing talks to real AWS.
#
#   bench/fleet.sh [--latency-ms MS] [--clusters N] [--runs N] [--concurrency 8,20]
#
# Installs moto_server if missing (scripts/test-deps.sh --aws-only). Builds albctl in release (the
# measured binary) and the driver (examples/fleet_bench.rs) in the dev profile; set ALBCTL_BIN to
# measure another albctl binary (e.g. the debug one) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/albctl/target}
scripts/test-deps.sh --aws-only
if [ -z "${ALBCTL_BIN:-}" ]; then
  echo "[fleet-bench] cargo build --release --bin albctl (a first release build takes about 25 minutes on 2 cores)" >&2
  cargo build --quiet --release --locked --bin albctl
  export ALBCTL_BIN=$CARGO_TARGET_DIR/release/albctl
fi
cargo build --quiet --locked --example fleet_bench
echo "[fleet-bench] albctl: $ALBCTL_BIN" >&2
"$CARGO_TARGET_DIR/debug/examples/fleet_bench" "$@"
