#!/usr/bin/env bash
# Benchmark of `albctl lint` over 1,000 generated manifests (no network, no emulators): a
# directory of 1,000 files (ALB Ingresses in IngressGroups of 10 with backend Services, NLB
# Services, nginx Ingresses that are skipped, and one manifest in 20 with a mistake), linted as a
# directory, as one multi-document stream on stdin, and with -o sarif. Prints a Markdown table.
#
#   bench/lint.sh [--manifests N] [--runs N]
#
#   --manifests N   how many manifests to generate (default 1000)
#   --runs N        timed runs per row after one untimed warm-up (default 10); median and min shown
#
# Builds albctl in release unless ALBCTL_BIN names a binary (e.g. the debug build:
# ALBCTL_BIN=$CARGO_TARGET_DIR/debug/albctl bench/lint.sh); uses hyperfine when installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/albctl/target}
manifests=1000
runs=10
while [ $# -gt 0 ]; do
  case "$1" in
    --manifests) manifests=${2:?--manifests needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "${ALBCTL_BIN:-}" ]; then
  echo "[bench] cargo build --release --bin albctl (a first release build takes about 25 minutes on 2 cores)" >&2
  cargo build --quiet --release --locked --bin albctl
  ALBCTL_BIN=$CARGO_TARGET_DIR/release/albctl
fi
profile=release
case "$ALBCTL_BIN" in */debug/*) profile=debug ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/manifests" "$manifests" <<'PY'
import os, sys
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
acm = "arn:aws:acm:us-west-2:111122223333:certificate/0b3c2b1a-1111-2222-3333-{:012d}"
def ingress(i, bad):
    group = f"team-{i // 10}"
    typo = "healtcheck-path" if bad else "healthcheck-path"
    return f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app-{i}
  namespace: ns-{i % 50}
  annotations:
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/group.name: {group}
    alb.ingress.kubernetes.io/group.order: '{i % 10}'
    alb.ingress.kubernetes.io/listen-ports: '[{{"HTTP": 80}}, {{"HTTPS": 443}}]'
    alb.ingress.kubernetes.io/ssl-redirect: '443'
    alb.ingress.kubernetes.io/certificate-arn: {acm.format(i)}
    alb.ingress.kubernetes.io/tags: team={group},env=prod
    alb.ingress.kubernetes.io/{typo}: /healthz
    alb.ingress.kubernetes.io/healthcheck-interval-seconds: '{400 if bad else 15}'
spec:
  ingressClassName: alb
  rules:
  - host: app-{i}.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: app-{i}
            port:
              number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: app-{i}
  namespace: ns-{i % 50}
  annotations:
    alb.ingress.kubernetes.io/healthcheck-path: /ready
spec:
  ports:
  - port: 80
    targetPort: 8080
"""
def nlb(i, bad):
    return f"""apiVersion: v1
kind: Service
metadata:
  name: nlb-{i}
  namespace: ns-{i % 50}
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: {'ipp' if bad else 'ip'}
    service.beta.kubernetes.io/aws-load-balancer-scheme: internal
    service.beta.kubernetes.io/aws-load-balancer-healthcheck-interval: '10'
spec:
  type: LoadBalancer
  ports:
  - port: 443
"""
def nginx(i, bad):
    return f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-{i}
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx
"""
for i in range(n):
    bad = i % 20 == 0
    make = (ingress, ingress, nlb, nginx)[i % 4]
    sub = os.path.join(out, f"team-{i // 100}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"m{i:04}.yaml"), "w") as f:
        f.write(make(i, bad))
PY
find "$work/manifests" -name '*.yaml' -print0 | sort -z | xargs -0 awk 'FNR==1 && NR>1 {print "---"} {print}' >"$work/all.yaml"
objects=$(grep -c '^kind:' "$work/all.yaml")
echo "[bench] $manifests manifests ($objects objects, $(du -sh "$work/manifests" | cut -f1)) in $work" >&2

# Each row: a label and a shell command; lint exits 1 here (the generated set has errors).
labels=("directory of $manifests files, text" "one stream on stdin, -o json" "directory, -o sarif")
commands=(
  "'$ALBCTL_BIN' lint --region us-west-2 '$work/manifests' >/dev/null || [ \$? = 1 ]"
  "'$ALBCTL_BIN' lint --region us-west-2 -o json - <'$work/all.yaml' >/dev/null || [ \$? = 1 ]"
  "'$ALBCTL_BIN' lint --region us-west-2 -o sarif '$work/manifests' >/dev/null || [ \$? = 1 ]"
)
summary='import json, sys
s = json.load(sys.stdin)["summary"]
print("%d errors, %d warnings; %d judged, %d skipped" % (s["errors"], s["warnings"], s["judged"], s["skipped"]))'
findings=$("$ALBCTL_BIN" lint --region us-west-2 -o json "$work/manifests" | python3 -c "$summary" || true)

echo "**albctl lint over $manifests generated manifests** ($profile build; $objects objects: $findings; median and min of $runs runs)"
echo
echo "| input | median | min |"
echo "|---|--:|--:|"
for i in "${!labels[@]}"; do
  cmd=${commands[$i]}
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs "$runs" --export-json "$work/h.json" --shell bash "$cmd" >/dev/null 2>&1
    read -r median min < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(int(r["median"]*1000), int(r["min"]*1000))' "$work/h.json")
  else
    bash -c "$cmd"   # warm-up
    times=()
    for _ in $(seq "$runs"); do
      start=$(date +%s%N)
      bash -c "$cmd"
      times+=($(( ($(date +%s%N) - start) / 1000000 )))
    done
    read -r median min < <(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1]}')
  fi
  echo "| ${labels[$i]} | ${median} ms | ${min} ms |"
done
