#!/usr/bin/env bash
# Regenerates completions/ and the man page from the clap definition.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR=$(scripts/target-dir.sh)
export CARGO_TARGET_DIR
cargo build --quiet
mkdir -p completions
for shell in bash zsh fish powershell elvish; do
  "$CARGO_TARGET_DIR/debug/albctl" completions "$shell" >"completions/albctl.$shell"
done
"$CARGO_TARGET_DIR/debug/albctl" man >completions/albctl.1
