#!/usr/bin/env bash
# Builds the control-plane binaries (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl, etcd, kwok) from the pinned Go modules under test/cluster/go, or reuses a previous
# build. A cold build takes tens of minutes on 2 cores, so the result is cached outside the repo,
# keyed by everything that can change the output.
#
# Usage: bash test/cluster/build.sh      -> last stdout line is the bin dir
# Env:   ECS2EKS_CLUSTER_BIN_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/ecs2eks/cluster-bins)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
source "$here/lib/common.sh"

# The machines install Go at /usr/local/go; a non-login shell (CI) may not have it on PATH.
if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then export PATH="/usr/local/go/bin:$PATH"; fi
command -v go >/dev/null || die "go is not on PATH (expected Go 1.26.x, e.g. /usr/local/go/bin)"
command -v flock >/dev/null || die "flock (util-linux) is required"

# Never let go fetch another toolchain, build static binaries, keep the module cache deletable,
# and keep the repo's git state out of the binaries so the cache key fully describes them.
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-modcacherw -buildvcs=false"
goos=$(go env GOOS); goarch=$(go env GOARCH); gover=$(go env GOVERSION)

mods=(k8s etcd kwok)
k8s_version=$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$here/go/k8s/go.mod")
[[ $k8s_version =~ ^v1\.([0-9]+)\.[0-9]+$ ]] || die "cannot read the k8s.io/kubernetes version from go/k8s/go.mod"
k8s_minor=${BASH_REMATCH[1]}
etcd_version=$(awk '$1 == "go.etcd.io/etcd/server/v3" { print $2; exit }' "$here/go/etcd/go.mod")
kwok_version=$(awk '$1 == "sigs.k8s.io/kwok" { print $2; exit }' "$here/go/kwok/go.mod")

# Unstamped binaries report v0.0.0-master; kubectl skew checks, /version and anything that parses
# `--version` need the real one, so stamp both version packages the way upstream's build does.
# The fixed buildDate keeps rebuilds byte-identical.
k8s_ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $p.gitVersion=$k8s_version -X $p.gitMajor=1 -X $p.gitMinor=$k8s_minor"
  k8s_ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done
plain_ldflags="-s -w"

key=$(
  {
    for m in "${mods[@]}"; do cat "$here/go/$m/go.mod" "$here/go/$m/go.sum"; done
    cat "${BASH_SOURCE[0]}"
    echo "$gover $goos/$goarch CGO_ENABLED=$CGO_ENABLED GOFLAGS=$GOFLAGS"
    echo "$k8s_ldflags | $plain_ldflags"
  } | sha256sum | cut -c1-32
)
root=${ECS2EKS_CLUSTER_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecs2eks/cluster-bins}
final="$root/$key"
mkdir -p "$root"

if [[ -f $final/.complete ]]; then
  log "reusing control-plane binaries ($k8s_version, etcd $etcd_version, kwok $kwok_version) from $final/bin"
  echo "$final/bin"
  exit 0
fi

# One build at a time per cache root: parallel test runs wait here and then reuse the result.
exec 9>"$root/.lock"
if ! flock -n 9; then
  log "another build holds $root/.lock; waiting for it"
  flock 9
fi
if [[ -f $final/.complete ]]; then
  log "reusing control-plane binaries built meanwhile: $final/bin"
  echo "$final/bin"
  exit 0
fi

# Holding the lock, any other .building dir is the leftover of a killed build.
rm -rf "$root"/.building.*
tmp=$(mktemp -d "$root/.building.$key.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
buildlog="$tmp/build.log"
log "building control-plane binaries (cold: ~10-15 min on 2 cores with an empty Go cache); log: $buildlog"
log "  k8s.io/kubernetes $k8s_version, etcd $etcd_version, kwok $kwok_version, $gover $goos/$goarch"

t_all=$(now_ms)
step() { # step NAME MODULE_DIR GO_BUILD_ARGS...
  local name=$1 dir=$2; shift 2
  local t; t=$(now_ms)
  log "  go build $name ..."
  if ! (cd "$here/go/$dir" && go build -trimpath "$@") >>"$buildlog" 2>&1; then
    cp "$buildlog" "$root/failed-build.log"
    tail_log "$buildlog" 60
    die "go build of $name failed; full log kept in $root/failed-build.log"
  fi
  log "  $name built in $(secs_since "$t")s"
}
step "kube-apiserver, kube-controller-manager, kube-scheduler, kubectl" k8s \
  -ldflags "$k8s_ldflags" -o "$tmp/bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
step etcd etcd -ldflags "$plain_ldflags" -o "$tmp/bin/etcd" go.etcd.io/etcd/server/v3
step kwok kwok -ldflags "$plain_ldflags" -o "$tmp/bin/kwok" sigs.k8s.io/kwok/cmd/kwok

# Each binary must run and report the version we pinned; a silent mismatch would make every
# later failure confusing.
check_version() { # check_version BINARY EXPECTED_SUBSTRING ARGS...
  local bin=$1 want=$2; shift 2
  local out
  out=$("$tmp/bin/$bin" "$@" 2>&1) || die "$bin $* failed: $out"
  [[ $out == *"$want"* ]] || die "$bin $* printed '$out', expected it to contain '$want'"
  log "  $bin: $(head -n1 <<<"$out")"
}
check_version kube-apiserver "Kubernetes $k8s_version" --version
check_version kube-controller-manager "Kubernetes $k8s_version" --version
check_version kube-scheduler "Kubernetes $k8s_version" --version
check_version kubectl "$k8s_version" version --client
check_version etcd "etcd Version: ${etcd_version#v}" --version
check_version kwok "${kwok_version#v}" --version

{
  echo "k8s=$k8s_version etcd=$etcd_version kwok=$kwok_version go=$gover $goos/$goarch"
  echo "built=$(date -u +%FT%TZ) seconds=$(secs_since "$t_all")"
} >"$tmp/.complete"
rm -f "$buildlog"
# A leftover incomplete dir (killed build from an older script) would block the rename.
rm -rf "$final"
mv "$tmp" "$final"
trap - EXIT
log "control-plane binaries built in $(secs_since "$t_all")s: $final/bin"
echo "$final/bin"
