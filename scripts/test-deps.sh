#!/usr/bin/env bash
# Installs what the emulator and API-server tests need and builds the Kubernetes control plane once.
#
#   scripts/test-deps.sh            install moto_server and helm-python-sdk (pinned); build kube-apiserver
#                                   (current and oldest supported EKS minor) and etcd from the Go module proxy;
#                                   download the Gateway API CRDs (cached)
#   scripts/test-deps.sh --aws-only only moto_server (for the AWS-only demo)
#   scripts/test-deps.sh --print    print the env lines the tests read (ALBCTL_TEST_*)
#
# Cache: $ALBCTL_CACHE (default $HOME/.cache/albctl). Binaries are keyed by version under bin/; a second run
# builds nothing. The Go modules that pin what is built are tests/harness/*/go.mod (no vendored code): each
# requires one upstream module at one version, so `go build` there fetches exactly that source from the Go
# module proxy. First build on 2 cores: about 9 minutes per kube-apiserver and 1 for etcd.
set -euo pipefail
cd "$(dirname "$0")/.."
HARNESS=$PWD/tests/harness

MOTO_VERSION=5.2.1
# Helm v4.2.3 as a Python library: the Helm oracle test renders the upstream chart with it.
HELM_PYTHON_VERSION=0.2.2
# The newest minor EKS offers (the suite's server) and the oldest it still supports (extended support) that
# the Go module proxy serves; each must equal the k8s.io/kubernetes version in its tests/harness go.mod.
KUBE_CURRENT=v1.37.2
KUBE_OLDEST=v1.32.13
# >= kubeadm's MinExternalEtcdVersion (3.5.24) of both; tests/harness/etcd/go.mod pins it.
ETCD_VERSION=v3.6.17
# The Gateway API release the controller v3.5.0 is built against (its go.mod); the Gateway tests install its
# standard-channel CRDs and the safe-upgrades ValidatingAdmissionPolicy from the sigs.k8s.io/gateway-api module.
GATEWAY_API_VERSION=v1.6.0
CACHE=${ALBCTL_CACHE:-$HOME/.cache/albctl}
BIN=$CACHE/bin
mkdir -p "$BIN"

log() { echo "[test-deps] $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Go from the machine (PATH first, then the usual install place); Debian's older golang-go is not used.
find_go() {
  local go
  for go in "$(command -v go || true)" /usr/local/go/bin/go; do
    [ -n "$go" ] && [ -x "$go" ] && { echo "$go"; return 0; }
  done
  log "no Go toolchain found: install Go 1.26 or newer (https://go.dev/doc/install)"
  exit 1
}

ensure_moto() {
  local have
  have=$(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || true)
  if [ "$have" != "$MOTO_VERSION" ] || ! command -v moto_server >/dev/null; then
    log "pip install moto[server]==$MOTO_VERSION"
    python3 -m pip install -q "moto[server]==$MOTO_VERSION"
  fi
}

ensure_helm_python() {
  local have
  have=$(python3 -c 'from importlib.metadata import version; print(version("helm-python-sdk"))' 2>/dev/null || true)
  if [ "$have" != "$HELM_PYTHON_VERSION" ] || ! python3 -c 'import helm_python' 2>/dev/null; then
    log "pip install helm-python-sdk==$HELM_PYTHON_VERSION"
    python3 -m pip install -q "helm-python-sdk==$HELM_PYTHON_VERSION"
  fi
}

# go_build MODULE_DIR PACKAGE OUT VERSION [LDFLAGS]: builds once; OUT.seconds records how long it took.
go_build() {
  local dir=$1 pkg=$2 out=$3 version=$4 ldflags=${5:-}
  [ -x "$out" ] && return 0
  local go start=$SECONDS
  go=$(find_go)
  log "building $(basename "$out") from the Go module proxy (first run only)"
  (cd "$dir" && GOFLAGS=-mod=readonly CGO_ENABLED=0 "$go" build -trimpath -ldflags "-s -w $ldflags" \
     -o "$out.tmp" "$pkg") >"$out.build.log" 2>&1 || { tail -30 "$out.build.log" >&2; exit 1; }
  mv "$out.tmp" "$out"
  echo "$((SECONDS - start))" >"$out.seconds"
  log "$(basename "$out") built in $((SECONDS - start)) s ($version)"
}

# The version the harness module in DIR requires of MODULE, so a bumped go.mod cannot go unnoticed.
pinned() { awk -v m="$2" '$1 == "require" { $1 = "" ; sub(/^ /, "") } $1 == m { print $2; exit }' "$1/go.mod"; }

ensure_kube_apiserver() {
  local version=$1 minor dir
  minor=${version#v1.}; minor=${minor%%.*}
  dir=$HARNESS/kube-apiserver-1.$minor
  [ "$(pinned "$dir" k8s.io/kubernetes)" = "$version" ] \
    || { log "$dir/go.mod does not require k8s.io/kubernetes $version"; exit 1; }
  local v=k8s.io/component-base/version
  go_build "$dir" k8s.io/kubernetes/cmd/kube-apiserver "$BIN/kube-apiserver-$version" "$version" \
    "-X $v.gitVersion=$version -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
}

ensure_etcd() {
  [ "$(pinned "$HARNESS/etcd" go.etcd.io/etcd/server/v3)" = "$ETCD_VERSION" ] \
    || { log "$HARNESS/etcd/go.mod does not require go.etcd.io/etcd/server/v3 $ETCD_VERSION"; exit 1; }
  go_build "$HARNESS/etcd" . "$BIN/etcd-$ETCD_VERSION" "$ETCD_VERSION"
}

# The standard-channel CRDs of the Gateway API release, from its Go module (downloaded, never committed).
gateway_api_dir() { echo "$CACHE/gateway-api-$GATEWAY_API_VERSION"; }
ensure_gateway_api() {
  local dest go zip
  dest=$(gateway_api_dir)
  [ -f "$dest/standard/gateway.networking.k8s.io_gateways.yaml" ] && return 0
  go=$(find_go)
  zip=$(cd "$(mktemp -d)" && "$go" mod download -json "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
  cp -r "$zip/config/crd/standard" "$dest.tmp/standard"
  [ -d "$zip/config/crd/experimental" ] && cp -r "$zip/config/crd/experimental" "$dest.tmp/experimental"
  chmod -R u+w "$dest.tmp"
  rm -rf "$dest"; mv "$dest.tmp" "$dest"
  log "Gateway API $GATEWAY_API_VERSION CRDs -> $dest"
}

case ${1:-} in
  --aws-only)
    ensure_moto
    ;;
  --print)
    echo "ALBCTL_TEST_KUBE_APISERVER=$BIN/kube-apiserver-$KUBE_CURRENT"
    echo "ALBCTL_TEST_KUBE_APISERVER_OLDEST=$BIN/kube-apiserver-$KUBE_OLDEST"
    echo "ALBCTL_TEST_ETCD=$BIN/etcd-$ETCD_VERSION"
    echo "ALBCTL_TEST_GATEWAY_API_CRDS=$(gateway_api_dir)"
    ;;
  *)
    ensure_moto
    ensure_helm_python
    ensure_etcd
    ensure_kube_apiserver "$KUBE_CURRENT"
    ensure_kube_apiserver "$KUBE_OLDEST"
    ensure_gateway_api
    ;;
esac
