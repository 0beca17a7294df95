#!/usr/bin/env bash
# Stops a cluster started by up.sh and removes its work dir. Only the processes recorded in the
# work dir are signalled (SIGTERM, then SIGKILL after 10s), and only while their command line
# still points into that work dir.
#
# Usage: bash test/cluster/down.sh [WORK_DIR]
#   Without WORK_DIR: the cluster named by .cache/cluster-current (what `make cluster-up` wrote).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib/common.sh"
source "$here/lib/procs.sh"
source "$here/lib/real-node.sh"

pointer="$here/../../.cache/cluster-current"
WORK=${1:-}
if [[ -z $WORK ]]; then
  [[ -f $pointer ]] || { log "no cluster recorded in $pointer; nothing to stop"; exit 0; }
  WORK=$(<"$pointer")
fi
WORK=${WORK%/}
if [[ ! -d $WORK ]]; then
  log "work dir $WORK does not exist; nothing to stop"
  [[ -z ${1:-} ]] && rm -f "$pointer"
  exit 0
fi
[[ -f $WORK/.ecs2eks-cluster ]] || die "$WORK is not a cluster work dir (no .ecs2eks-cluster marker); refusing to touch it"

t=$(now_ms)
# The real node first, while the apiserver can still tell its kubelet to stop the pods properly.
if [[ -f $WORK/cluster.env ]]; then
  # shellcheck disable=SC1091
  source "$WORK/cluster.env"
  stop_real_node
fi
# Signal everything first so shutdowns overlap, then wait for each.
for f in "$WORK"/pids/*.pid; do
  [[ -e $f ]] || continue
  pid=$(<"$f")
  pid_is_ours "$pid" "$WORK" && kill -TERM "$pid" 2>/dev/null || true
done
for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do stop "$name"; done
for f in "$WORK"/pids/*.pid; do # anything recorded under another name
  [[ -e $f ]] || continue
  name=$(basename "$f" .pid); stop "$name"
done

# Never delete through a mount (a bind mount would take the files it shows with it).
left=$(mounts_under "$WORK")
[[ -z $left ]] || die "mounts left under $WORK, not deleting it: $(tr '\n' ' ' <<<"$left")"
rm -rf "$WORK"
if [[ -f $pointer && $(<"$pointer") == "$WORK" ]]; then rm -f "$pointer"; fi
log "cluster $WORK stopped and removed in $(secs_since "$t")s"
