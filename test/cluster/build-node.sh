#!/usr/bin/env bash
# Builds the real node's own binaries, or reuses a previous build: kubelet (from go/kubelet, the
# same k8s.io/kubernetes version and version stamping as build.sh's control plane) and
# ecs2eks-test (go/testimage: the test image's program, its pause process and the local registry).
# Kept apart from build.sh so that changing the node never changes the control-plane cache key
# (a cold control-plane build takes ~10 minutes).
#
# Usage: bash test/cluster/build-node.sh   -> last stdout line is the node bin dir
# Env:   ECS2EKS_NODE_BIN_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/ecs2eks/node-bins)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
source "$here/lib/common.sh"

if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then export PATH="/usr/local/go/bin:$PATH"; fi
command -v go >/dev/null || die "go is not on PATH (expected Go 1.26.x, e.g. /usr/local/go/bin)"
command -v flock >/dev/null || die "flock (util-linux) is required"

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-modcacherw -buildvcs=false"
goos=$(go env GOOS); goarch=$(go env GOARCH); gover=$(go env GOVERSION)

k8s_version=$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$here/go/kubelet/go.mod")
[[ $k8s_version =~ ^v1\.([0-9]+)\.[0-9]+$ ]] || die "cannot read the k8s.io/kubernetes version from go/kubelet/go.mod"
k8s_minor=${BASH_REMATCH[1]}
cp_version=$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$here/go/k8s/go.mod")
[[ $k8s_version == "$cp_version" ]] ||
  die "go/kubelet pins k8s.io/kubernetes $k8s_version but go/k8s pins $cp_version; bump both together"

# The same stamping as build.sh (kubelet reports its version to the apiserver in node status).
k8s_ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $p.gitVersion=$k8s_version -X $p.gitMajor=1 -X $p.gitMinor=$k8s_minor"
  k8s_ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done
plain_ldflags="-s -w"

key=$(
  {
    cat "$here/go/kubelet/go.mod" "$here/go/kubelet/go.sum" "$here/go/testimage/go.mod" "$here/go/testimage/"*.go
    cat "${BASH_SOURCE[0]}"
    echo "$gover $goos/$goarch CGO_ENABLED=$CGO_ENABLED GOFLAGS=$GOFLAGS"
    echo "$k8s_ldflags | $plain_ldflags"
  } | sha256sum | cut -c1-32
)
root=${ECS2EKS_NODE_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecs2eks/node-bins}
final="$root/$key"
mkdir -p "$root"

if [[ -f $final/.complete ]]; then
  log "reusing node binaries (kubelet $k8s_version, ecs2eks-test) from $final/bin"
  echo "$final/bin"
  exit 0
fi

exec 9>"$root/.lock"
if ! flock -n 9; then
  log "another build holds $root/.lock; waiting for it"
  flock 9
fi
if [[ -f $final/.complete ]]; then
  log "reusing node binaries built meanwhile: $final/bin"
  echo "$final/bin"
  exit 0
fi

rm -rf "$root"/.building.*
tmp=$(mktemp -d "$root/.building.$key.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
buildlog="$tmp/build.log"
log "building node binaries (kubelet: ~35 s when build.sh's Go build cache is warm); log: $buildlog"

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
step kubelet kubelet -ldflags "$k8s_ldflags" -o "$tmp/bin/kubelet" k8s.io/kubernetes/cmd/kubelet
step ecs2eks-test testimage -ldflags "$plain_ldflags" -o "$tmp/bin/ecs2eks-test" .

out=$("$tmp/bin/kubelet" --version 2>&1) || die "kubelet --version failed: $out"
[[ $out == *"Kubernetes $k8s_version"* ]] || die "kubelet --version printed '$out', expected 'Kubernetes $k8s_version'"
log "  kubelet: $out"

{
  echo "kubelet=$k8s_version go=$gover $goos/$goarch"
  echo "built=$(date -u +%FT%TZ) seconds=$(secs_since "$t_all")"
} >"$tmp/.complete"
rm -f "$buildlog"
rm -rf "$final"
mv "$tmp" "$final"
trap - EXIT
log "node binaries built in $(secs_since "$t_all")s: $final/bin"
echo "$final/bin"
