#!/usr/bin/env bash
# Benchmark of `albctl migrate ingress-nginx` over 1,000 generated nginx Ingresses (no network, no
# emulators): 100 namespaces of 10 Ingresses sharing two hosts, with TLS, regex paths and
# rewrites, canaries by weight, allow-lists, affinity, timeouts and one snippet in ten, plus
# the nginx ConfigMap. Times the run with --output-dir (manifests to files, JSON report) and to
# stdout. Prints a Markdown table and the corpus's numbers.
#
#   bench/migrate.sh [--ingresses N] [--runs N]
#
# Uses ALBCTL_BIN when set (e.g. the debug build: ALBCTL_BIN=$CARGO_TARGET_DIR/debug/albctl
# bench/migrate.sh), else builds the release binary; says which profile it measured.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/albctl/target}
ingresses=1000
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --ingresses) ingresses=${2:?--ingresses needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "${ALBCTL_BIN:-}" ]; then
  echo "[bench] cargo build --release --bin albctl" >&2
  cargo build --quiet --release --locked --bin albctl
  ALBCTL_BIN=$CARGO_TARGET_DIR/release/albctl
fi
profile=release
case "$ALBCTL_BIN" in */debug/*) profile=debug ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/in" "$ingresses" <<'PY'
import os, sys
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
with open(os.path.join(out, "00-configmap.yaml"), "w") as f:
    f.write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ingress-nginx-controller\n  namespace: ingress-nginx\n"
            "data:\n  proxy-body-size: 8m\n  hsts-max-age: \"15552000\"\n")
for i in range(n):
    ns, k = f"team-{i // 10:03d}", i % 10
    host = f"app{k % 2}.team-{i // 10:03d}.example.com"
    ann = {}
    path, ptype, svc = f"/svc{k}", "Prefix", f"svc-{k}"
    if k == 0:
        path, ptype = "/", "Prefix"
    if k == 3:
        ann["use-regex"] = "true"; ann["rewrite-target"] = "/$2"; path, ptype = f"/api{k}(/|$)(.*)", "ImplementationSpecific"
    if k == 4:
        ann["canary"] = "true"; ann["canary-weight"] = "10"; path, svc = "/svc2", "svc-2-canary"
    if k == 5:
        ann["whitelist-source-range"] = "10.0.0.0/8"
    if k == 6:
        ann["affinity"] = "cookie"; ann["proxy-read-timeout"] = "120"
    if k == 7:
        ann["configuration-snippet"] = "more_set_headers \"X-A: b\";"
    lines = ["apiVersion: networking.k8s.io/v1", "kind: Ingress", "metadata:", f"  name: ing-{k}", f"  namespace: {ns}"]
    if ann:
        lines.append("  annotations:")
        lines += [f"    nginx.ingress.kubernetes.io/{a}: '{v}'" for a, v in sorted(ann.items())]
    lines += ["spec:", "  ingressClassName: nginx"]
    if k % 2 == 0 and k != 4:
        lines += ["  tls:", "  - hosts:", f"    - {host}", f"    secretName: tls-{k}"]
    lines += ["  rules:", f"  - host: {host}", "    http:", "      paths:", f"      - path: '{path}'", f"        pathType: {ptype}",
              "        backend:", "          service:", f"            name: {svc}", "            port:", "              number: 80"]
    with open(os.path.join(out, f"{ns}.yaml"), "a") as f:
        f.write("---\n" + "\n".join(lines) + "\n")
PY

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_runs() {
  local times=()
  "$@" >/dev/null 2>&1 || true   # warm-up
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc)")
  done
  printf '%s\n' "${times[@]}" | median
}
files=$(time_runs "$ALBCTL_BIN" migrate ingress-nginx "$work/in" --output-dir "$work/out" -o json)
stream=$(time_runs "$ALBCTL_BIN" migrate ingress-nginx "$work/in")
"$ALBCTL_BIN" migrate ingress-nginx "$work/in" --output-dir "$work/out" -o json >"$work/report.json" || true
echo "| run ($ingresses nginx Ingresses, $profile build, median of $runs) | seconds |"
echo "|---|---|"
echo "| --output-dir, -o json | $files |"
echo "| manifests to stdout, text report | $stream |"
python3 - "$work/report.json" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
s = d["summary"]
by = collections.Counter(f["code"] for f in d["findings"])
print(f"\n{s['nginx_ingresses']} nginx Ingresses -> {s['emitted_ingresses']} ALB Ingresses on {s['albs']} ALBs "
      f"(${s['monthly_base_cost_usd']}/month); findings: {s['errors']} errors, {s['warnings']} warnings, {s['info']} info "
      f"({', '.join(f'{k} {v}' for k, v in sorted(by.items()))})")
PY
