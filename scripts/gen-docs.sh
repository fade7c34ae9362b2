#!/usr/bin/env bash
# Regenerates the README's doctor check table from the catalogue (`albctl doctor --list-checks`).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/albctl/target}
cargo build --quiet
table=$("$CARGO_TARGET_DIR/debug/albctl" doctor --list-checks)
python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1].rstrip("\n") + "\n"
begin, end = "<!-- doctor-checks:begin -->\n", "<!-- doctor-checks:end -->"
text = open("README.md").read()
start = text.index(begin) + len(begin)
stop = text.index(end, start)
open("README.md", "w").write(text[:start] + table + text[stop:])
PY
