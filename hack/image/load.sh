#!/usr/bin/env bash
# `make image-load`: imports the image archive (make image) into the containerd of the real node of
# a local cluster (test/cluster/up.sh with REAL_NODE=1), namespace k8s.io, where the kubelet's CRI
# finds it. This is what `kind load image-archive` and `minikube image load` do for their nodes.
# That containerd resolves every image name at the test registry, which answers any name with the
# busybox stand-in image: the operator's pods find the real image only because it is imported
# first and their pull policy is IfNotPresent.
#
# Usage: bash hack/image/load.sh ARCHIVE
# The cluster: $ECS2EKS_CLUSTER_DIR (with-cluster.sh exports it), else the one `make cluster-up`
# started (.cache/cluster-current).
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { printf '[image-load] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

archive=${1:?usage: load.sh ARCHIVE}
[[ -f $archive ]] || die "no image archive at $archive (make image builds it)"
work=${ECS2EKS_CLUSTER_DIR:-}
if [[ -z $work && -s .cache/cluster-current ]]; then work=$(<.cache/cluster-current); fi
[[ -n $work && -d $work ]] ||
  die "no local cluster: set ECS2EKS_CLUSTER_DIR to its work dir, or start one with REAL_NODE=1 make cluster-up (for kind: kind load image-archive $archive; minikube: minikube image load $archive)"
sock=$work/node/containerd.sock
[[ -S $sock ]] || die "cluster $work has no real node (no $sock): start it with REAL_NODE=1"
command -v ctr >/dev/null || die "ctr not found (apt-get install -y containerd)"
ctr --address "$sock" --namespace k8s.io images import "$archive" >&2 ||
  die "ctr images import $archive into $sock failed"
log "imported into $sock"
