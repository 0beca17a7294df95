#!/usr/bin/env bash
# Starts a throwaway Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and kwok (fake kubelet), then fake nodes over 3 zones,
# and with REAL_NODE=1 one real node (kubelet + containerd, lib/real-node.sh) where pods really run.
# Every cluster gets its own work dir and random ports, so several can run at once.
#
# Usage: bash test/cluster/up.sh [--pointer FILE]
#   --pointer FILE  also write the work dir into FILE (what `make cluster-down` reads)
# Env:   NODES (default 6), REAL_NODE (1: add the real node; default 0),
#        ECS2EKS_CLUSTER_BIN_DIR (skip build.sh), ECS2EKS_NODE_BIN_DIR (skip build-node.sh), TMPDIR,
#        ECS2EKS_KEEP_FAILED=1 (keep the work dir of a cluster that failed to start)
# Last stdout line: the KUBECONFIG path. Stop with: bash test/cluster/down.sh <work dir>
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib/common.sh"
source "$here/lib/procs.sh"
source "$here/lib/pki.sh"
source "$here/lib/components.sh"
source "$here/lib/nodes.sh"
source "$here/lib/real-node.sh"

pointer=
while (($#)); do
  case $1 in
    --pointer) pointer=$2; shift 2 ;;
    *) die "unknown argument: $1" ;;
  esac
done
if [[ -n $pointer && -s $pointer && -d $(<"$pointer") ]]; then
  die "a cluster started with --pointer $pointer is still running in $(<"$pointer"); stop it first (make cluster-down)"
fi
nodes=${NODES:-6}
# Off by default: on the real node pods really run, so tests written for kwok's simulated
# behaviour (failure markers, exit-code annotations) must not be scheduled there by accident.
real_node=${REAL_NODE:-0}
[[ $real_node == 0 || $real_node == 1 ]] || die "REAL_NODE must be 0 or 1, got '$real_node'"
# NODES=0 (only with the real node): every pod really runs, nothing is simulated.
[[ $nodes =~ ^[0-9]+$ ]] && (( nodes + real_node > 0 )) ||
  die "NODES must be a positive integer (or 0 with REAL_NODE=1), got '$nodes'"
((real_node == 0)) || real_node_prereqs

if ! command -v openssl >/dev/null; then
  log "openssl missing; installing Debian's package"
  { apt-get update -qq && apt-get install -y -qq openssl; } >&2 || die "cannot install openssl"
fi
for tool in curl node setsid; do command -v "$tool" >/dev/null || die "$tool is required"; done

t_start=$(now_ms)
BIN=${ECS2EKS_CLUSTER_BIN_DIR:-$(bash "$here/build.sh" | tail -n1)}
[[ -x $BIN/kube-apiserver ]] || die "no control-plane binaries in '$BIN'"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ecs2eks-cluster.XXXXXX")
# Marker that down.sh checks before deleting anything.
echo "ecs2eks test cluster" >"$WORK/.ecs2eks-cluster"
mkdir -p "$WORK/logs" "$WORK/pids" "$WORK/cmd" "$WORK/stages"
setenv WORK "$WORK"
setenv BIN "$BIN"
setenv KUBECONFIG "$WORK/kubeconfig"

on_exit() {
  local rc=$?
  ((rc == 0)) && return
  log "cluster start failed (exit $rc)"
  if [[ ${ECS2EKS_KEEP_FAILED:-} == 1 ]]; then
    # The real node's containers, mounts, bridge and cgroups are machine state: always undone.
    stop_real_node
    for n in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do stop "$n"; done
    log "kept $WORK for inspection (ECS2EKS_KEEP_FAILED=1)"
  else
    bash "$here/down.sh" "$WORK" >&2 || true
  fi
}
trap on_exit EXIT

phase() { log "$1 ready after $(secs_since "$t_start")s"; }

make_pki "$WORK/pki"
cp "$here/stages/"*.yaml "$WORK/stages/"
phase "PKI"

start_with_retry etcd 30 || die "etcd did not start"
phase "etcd (127.0.0.1:$ETCD_PORT)"

start_with_retry kube-apiserver 120 || die "kube-apiserver did not start"
write_kubeconfig "$WORK/kubeconfig" "$WORK/pki" "$API_PORT"
export KUBECONFIG=$WORK/kubeconfig
phase "kube-apiserver (https://127.0.0.1:$API_PORT)"

# These three only talk to the apiserver: start them together, then wait for each.
for c in kube-controller-manager kube-scheduler kwok; do "launch_${c//-/_}"; done
for c in kube-controller-manager kube-scheduler kwok; do
  start_with_retry "$c" 60 || die "$c did not start"
done
phase "kube-controller-manager, kube-scheduler, kwok"

kctl() { "$BIN/kubectl" --kubeconfig="$WORK/kubeconfig" "$@"; }
if ((nodes > 0)); then
  nodes_yaml "$nodes" | kctl create -f - >/dev/null || die "creating $nodes fake nodes failed"
fi
if ((real_node)); then
  start_real_node
  phase "real node $REAL_NODE_NAME: registry, containerd, kubelet (subnet $REAL_NODE_SUBNET.0/24)"
fi
all_nodes=$((nodes + real_node))

# wait_until DESCRIPTION TIMEOUT COMMAND...: poll COMMAND until it succeeds.
wait_until() {
  local what=$1 timeout=$2 deadline; shift 2
  deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) >= deadline )); then
      log "timed out after ${timeout}s waiting for $what"
      kctl get nodes -o wide >&2 || true
      tail_log "$WORK/logs/kwok.log" 20
      tail_log "$WORK/logs/kube-controller-manager.log" 20
      ((real_node)) && tail_log "$WORK/logs/kubelet.log" 30
      return 1
    fi
    sleep 0.3
  done
}
nodes_ready() {
  local out
  out=$(kctl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.conditions[?(@.type=="Ready")].status}{" "}{.spec.taints}{"\n"}{end}')
  (( $(grep -c . <<<"$out") == all_nodes )) || return 1
  # Ready, and no taints left (the not-ready taint is removed by the node lifecycle controller).
  ! grep -qv ' True $' <<<"$out"
}
wait_until "$all_nodes nodes Ready without taints" 90 nodes_ready || die "nodes did not become Ready"
phase "$all_nodes nodes"
wait_until "ServiceAccount default/default" 60 kctl -n default get serviceaccount default ||
  die "the default ServiceAccount was never created (kube-controller-manager)"

if [[ -n $pointer ]]; then
  mkdir -p "$(dirname "$pointer")"
  echo "$WORK" >"$pointer"
fi
log "cluster up in $(secs_since "$t_start")s: work dir $WORK"
log "  kubectl: $BIN/kubectl --kubeconfig $WORK/kubeconfig"
log "  stop:    bash $here/down.sh $WORK"
echo "$WORK/kubeconfig"
