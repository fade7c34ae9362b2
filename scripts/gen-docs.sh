#!/usr/bin/env bash
# Regenerates the README's check tables from the catalogues (`albctl doctor --list-checks`,
# `albctl lint --list-checks`, `albctl migrate ingress-nginx --list-codes/--list-rows`).
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR=$(scripts/target-dir.sh)
export CARGO_TARGET_DIR
cargo build --quiet
doctor=$("$CARGO_TARGET_DIR/debug/albctl" doctor --list-checks)
lint=$("$CARGO_TARGET_DIR/debug/albctl" lint --list-checks)
codes=$("$CARGO_TARGET_DIR/debug/albctl" migrate ingress-nginx --list-codes)
rows=$("$CARGO_TARGET_DIR/debug/albctl" migrate ingress-nginx --list-rows)
python3 - "$doctor" "$lint" "$codes" "$rows" <<'PY'
import sys
text = open("README.md").read()
for marker, table in (("doctor-checks", sys.argv[1]), ("lint-checks", sys.argv[2]),
                      ("migrate-codes", sys.argv[3]), ("migrate-rows", sys.argv[4])):
    begin, end = f"<!-- {marker}:begin -->\n", f"<!-- {marker}:end -->"
    start = text.index(begin) + len(begin)
    stop = text.index(end, start)
    text = text[:start] + table.rstrip("\n") + "\n" + text[stop:]
open("README.md", "w").write(text)
PY
