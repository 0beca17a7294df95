#!/usr/bin/env bash
# Runs a command against a Kubernetes cluster and returns its exit code.
#  - E2E_KUBECONFIG set: use that existing cluster (kind, minikube, ...) as KUBECONFIG.
#  - otherwise: start a fresh local control plane (up.sh), export KUBECONFIG, E2E_KUBECONFIG,
#    ECS2EKS_CLUSTER_DIR (its work dir, for the harness self-test) and put its bin dir (kubectl)
#    first on PATH; the cluster is always taken down afterwards, even on failure or Ctrl-C.
#
# Usage: bash test/cluster/with-cluster.sh CMD [ARGS...]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib/common.sh"
(($#)) || die "usage: with-cluster.sh CMD [ARGS...]"

if [[ -n ${E2E_KUBECONFIG:-} ]]; then
  [[ -f $E2E_KUBECONFIG ]] || die "E2E_KUBECONFIG=$E2E_KUBECONFIG is not a file"
  log "using the existing cluster of E2E_KUBECONFIG=$E2E_KUBECONFIG"
  unset ECS2EKS_CLUSTER_DIR
  # The tests shell out to kubectl; take ours when the machine has none.
  if ! command -v kubectl >/dev/null; then
    PATH="$(bash "$here/build.sh" | tail -n1):$PATH"
    export PATH
  fi
  KUBECONFIG=$E2E_KUBECONFIG exec "$@"
fi

kubeconfig=$(bash "$here/up.sh" | tail -n1)
work=$(dirname "$kubeconfig")
# shellcheck disable=SC2064 # expand now: the work dir is fixed for this run
trap "bash '$here/down.sh' '$work' || true" EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
source "$work/cluster.env"
export KUBECONFIG=$kubeconfig E2E_KUBECONFIG=$kubeconfig ECS2EKS_CLUSTER_DIR=$work
export PATH="$BIN:$PATH"

t=$(now_ms)
rc=0
"$@" || rc=$?
log "command exited $rc after $(secs_since "$t")s"
exit "$rc"
