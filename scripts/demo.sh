#!/usr/bin/env bash
# albctl end to end on local emulators: starts moto_server (behind a call-recording proxy) and
# kube-apiserver + etcd (installed, and built once, if missing), builds a fixture VPC + EKS cluster
# "eks-demo" with the AWS SDK, and runs `albctl setup --cluster eks-demo`. Everything listens on
# 127.0.0.1 and stops when the demo ends.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR=$(scripts/target-dir.sh)
export CARGO_TARGET_DIR
scripts/test-deps.sh
cargo build --quiet --bin albctl
export ALBCTL_BIN=$CARGO_TARGET_DIR/debug/albctl
eval "$(scripts/test-deps.sh --print | sed 's/^/export /')"
cargo run --quiet --example demo
