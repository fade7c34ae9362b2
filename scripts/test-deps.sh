#!/usr/bin/env bash
# Installs what the emulator and API-server tests need, and builds kube-apiserver once.
#
#   scripts/test-deps.sh            install moto_server, helm-python-sdk, etcd and kube-apiserver (cached)
#   scripts/test-deps.sh --aws-only only moto_server (for the AWS-only demo)
#   scripts/test-deps.sh --print    print the env lines the tests read (ALBCTL_TEST_*)
#   scripts/test-deps.sh --gateway-api-crds  print the Gateway API CRD directory (ALBCTL_TEST_GATEWAY_API_CRDS)
#
# Cache: $ALBCTL_CACHE (default $HOME/.cache/albctl). kube-apiserver is built from Debian's
# `kubernetes` source package (v1.20.2) with Debian's Go; about 10 minutes on 2 cores, once.
set -euo pipefail

MOTO_VERSION=5.2.1
# Helm v4.2.3 as a Python library: the Helm oracle test renders the upstream chart with it.
HELM_PYTHON_VERSION=0.2.2
CACHE=${ALBCTL_CACHE:-$HOME/.cache/albctl}
KUBE_APISERVER=$CACHE/kube-apiserver-v1.20.2
# Bump when the build recipe changes, so a cached binary from an older recipe is rebuilt.
# 2: vendored github.com/modern-go/reflect2 v1.0.1 replaced by Debian's 1.0.2: built with Go >= 1.18,
#    v1.0.1 makes kube-apiserver segfault (json-iterator map encoding) on the first custom resource request.
KUBE_APISERVER_RECIPE=2
mkdir -p "$CACHE"

log() { echo "[test-deps] $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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

ensure_etcd() { apt_install etcd-server; }

ensure_kube_apiserver() {
  if [ -x "$KUBE_APISERVER" ] && [ "$(cat "$KUBE_APISERVER.recipe" 2>/dev/null)" = "$KUBE_APISERVER_RECIPE" ]; then
    return 0
  fi
  apt_install golang-go rsync dpkg-dev jq make golang-github-modern-go-reflect2-dev
  if ! grep -qs 'deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/*; then
    log "adding a deb-src entry for Debian's sources"
    sed -n '1,/^$/p' /etc/apt/sources.list.d/debian.sources | sed 's/^Types: deb$/Types: deb-src/' \
      | as_root tee /etc/apt/sources.list.d/albctl-deb-src.sources >/dev/null
    as_root apt-get update -qq
  fi
  local build=$CACHE/kubernetes-src
  rm -rf "$build"; mkdir -p "$build"
  log "fetching Debian's kubernetes source package"
  (cd "$build" && apt-get source -qq --download-only kubernetes >/dev/null && dpkg-source -x --no-check ./*.dsc src >/dev/null)
  local reflect2=/usr/share/gocode/src/github.com/modern-go/reflect2
  log "replacing the vendored modern-go/reflect2 with $(dpkg-query -W -f '${Version}' golang-github-modern-go-reflect2-dev)"
  rm -rf "$build/src/vendor/github.com/modern-go/reflect2"
  mkdir -p "$build/src/vendor/github.com/modern-go/reflect2"
  cp "$reflect2"/*.go "$reflect2"/*.s "$build/src/vendor/github.com/modern-go/reflect2/"
  log "building kube-apiserver (about 10 minutes on 2 cores)"
  local start=$SECONDS
  (cd "$build/src" && GOFLAGS=-mod=vendor KUBE_GIT_VERSION=v1.20.2 KUBE_GIT_TREE_STATE=clean \
     make WHAT=cmd/kube-apiserver >"$CACHE/kube-apiserver-build.log" 2>&1) || {
    tail -30 "$CACHE/kube-apiserver-build.log" >&2; exit 1; }
  local out
  out=$(find "$build/src/_output" -type f -name kube-apiserver | head -1)
  install -m 0755 "$out" "$KUBE_APISERVER"
  echo "$KUBE_APISERVER_RECIPE" >"$KUBE_APISERVER.recipe"
  echo "$((SECONDS - start))" >"$CACHE/kube-apiserver-build-seconds"
  log "kube-apiserver built in $((SECONDS - start)) s -> $KUBE_APISERVER"
  rm -rf "$build"
}

# Gateway API standard-channel CRDs for the Gateway tests, from the Go module (go mod download
# into the module cache; nothing is committed). Prints the directory the tests read as
# ALBCTL_TEST_GATEWAY_API_CRDS. The module carries config/crd/standard/*.yaml (the CRDs and the
# safe-upgrades ValidatingAdmissionPolicy) but not the release's standard-install.yaml bundle.
GATEWAY_API_VERSION=v1.6.3
gateway_api_crds() {
  local dir
  dir=$(cd "$(mktemp -d)" && go mod init albctl-test-deps >/dev/null 2>&1 \
    && go mod download -json "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir/config/crd/standard" ] || { log "go mod download sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION failed"; exit 1; }
  echo "$dir/config/crd/standard"
}

case ${1:-} in
  --aws-only)
    ensure_moto
    ;;
  --gateway-api-crds)
    gateway_api_crds
    ;;
  --print)
    echo "ALBCTL_TEST_KUBE_APISERVER=$KUBE_APISERVER"
    echo "ALBCTL_TEST_ETCD=$(command -v etcd || echo /usr/bin/etcd)"
    echo "ALBCTL_TEST_GATEWAY_API_CRDS=$(gateway_api_crds)"
    ;;
  *)
    ensure_moto
    ensure_helm_python
    ensure_etcd
    ensure_kube_apiserver
    gateway_api_crds >/dev/null
    ;;
esac
