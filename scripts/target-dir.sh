#!/usr/bin/env bash
# Prints the cargo target directory the scripts build into and run albctl from: CARGO_TARGET_DIR
# when set, else the checkout's own (`build.target-dir` in .cargo/config.toml), else the shared
# cache ~/.cache/albctl/target. The other scripts set CARGO_TARGET_DIR from it, so a
# worktree with its own target directory never builds over another's binary.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
  echo "$CARGO_TARGET_DIR"
  exit 0
fi
dir=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
if [ "$dir" = "$PWD/target" ]; then
  dir=$HOME/.cache/albctl/target
fi
echo "$dir"
