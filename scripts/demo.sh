#!/usr/bin/env bash
# albctl end to end on local emulators: starts moto_server (installed if missing) behind a
# call-recording proxy, builds a fixture VPC + EKS cluster "eks-demo" with the AWS SDK, and runs
# `albctl setup --cluster eks-demo`. Everything listens on 127.0.0.1 and stops when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/albctl/target}
scripts/test-deps.sh --aws-only
cargo build --quiet --bin albctl
export ALBCTL_BIN=$CARGO_TARGET_DIR/debug/albctl
cargo run --quiet --example demo
