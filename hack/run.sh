#!/usr/bin/env bash
# `make run`: the operator against the cluster the current kubeconfig names, or, when none answers,
# against the local control plane from test/cluster/ (started here, stopped on exit). Installs the
# CRDs, applies examples/, prints what to try next, then runs the operator in the foreground.
# Ctrl-C stops the operator and anything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[run] %s\n' "$*" >&2 2>/dev/null || true; }

started_cluster=
op_pid=
cleanup() {
  local code=$?
  # A second Ctrl-C, or a closed pipe on stderr, must not cut the cleanup short.
  trap '' INT TERM PIPE
  trap - EXIT
  if [[ -n $op_pid ]] && kill -0 "$op_pid" 2>/dev/null; then
    kill -TERM "$op_pid" 2>/dev/null || true
    wait "$op_pid" 2>/dev/null || true
  fi
  if [[ -n $started_cluster ]]; then
    log "stopping the local control plane"
    bash test/cluster/down.sh "$started_cluster" >&2 2>/dev/null || bash test/cluster/down.sh "$started_cluster" >/dev/null 2>&1 || true
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

reachable() {
  command -v kubectl >/dev/null && kubectl version --request-timeout=5s >/dev/null 2>&1
}

if reachable; then
  log "using the cluster of the current kubeconfig ($(kubectl config current-context 2>/dev/null || echo "${KUBECONFIG:-~/.kube/config}"))"
else
  # The real node (a kubelet on containerd) unless REAL_NODE=0: what shows Ready really ran. Without
  # kwok nodes (NODES=0), so nothing is simulated; REAL_NODE=0 gives the simulated cluster instead.
  export REAL_NODE=${REAL_NODE:-1}
  if [[ $REAL_NODE == 1 ]]; then export NODES=${NODES:-0}; fi
  log "no cluster answers: starting the local control plane ($( ((REAL_NODE)) && echo "one real node: kubelet + containerd" || echo "simulated kwok nodes"); a first start builds the binaries, later ones reuse them)"
  pointer=$(mktemp)
  export KUBECONFIG
  KUBECONFIG=$(bash test/cluster/up.sh --pointer "$pointer" | tail -n1)
  started_cluster=$(<"$pointer")
  rm -f "$pointer"
  bin=$(bash test/cluster/build.sh | tail -n1)
  export PATH="$bin:$PATH"
fi

log "installing the CRDs"
kubectl apply --server-side --force-conflicts --field-manager=ecs2eks-run -f crds/ >/dev/null
for crd in taskdefinitions services tasks; do
  for _ in $(seq 1 60); do
    [[ $(kubectl get crd "$crd.ecs2eks.dev" -o jsonpath='{.status.conditions[?(@.type=="Established")].status}' 2>/dev/null) == True ]] && break
    sleep 1
  done
done
log "applying examples/"
kubectl apply -f examples/ >/dev/null

cat >&2 <<MSG

ecs2eks is starting. In another terminal:
  export KUBECONFIG=${KUBECONFIG:-~/.kube/config}${started_cluster:+ PATH=$(dirname "$(command -v kubectl)"):\$PATH}
  kubectl get ecs                   # TaskDefinitions, Services and Tasks
  kubectl describe esvc web         # status, deployments, ECS-style events
  kubectl get pods -o wide          # on the real node: real containers
  kubectl logs deploy/orders-worker # a service's output; kubectl logs db-migrate-0 for the one-off task
  node dist/src/cli/main.js convert examples/web-alb.yaml   # the same translation, offline
Ctrl-C stops the operator${started_cluster:+ and the local control plane}.

MSG
# Probes and metrics on free ports, so a second `make run` or a real operator does not collide.
# On the control plane started here (the developer's own), the local policy lets the examples' host mounts run;
# on any other cluster the operator keeps its default, strict.
node dist/src/cli/main.js operator --metrics-bind-address=127.0.0.1:0 --health-probe-bind-address=127.0.0.1:0 \
  ${started_cluster:+--policy=local} "$@" &
op_pid=$!
wait "$op_pid"
