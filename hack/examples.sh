#!/usr/bin/env bash
# `make examples [CONTEXT=<context>]`: applies examples/ (kubectl apply -f examples/) to the cluster of
# CONTEXT, or of the kubeconfig's current context, after printing which context, cluster and server
# that is. The explicit step for any cluster but the local control plane `make run` starts (where
# make run applies them itself). It needs the CRDs there (make install, or make run CONTEXT=...).
#
# Usage: bash hack/examples.sh [--context NAME]      (KUBECTL=... to use another kubectl)
set -euo pipefail
if [[ -n ${KUBECONFIG:-} ]]; then # relative entries stay valid after the cd below
  IFS=: read -ra kube_files <<<"$KUBECONFIG"
  for i in "${!kube_files[@]}"; do
    [[ -z ${kube_files[i]} || ${kube_files[i]} == /* ]] || kube_files[i]=$PWD/${kube_files[i]}
  done
  KUBECONFIG=$(IFS=:; echo "${kube_files[*]}")
fi
cd "$(dirname "$0")/.."
log() { printf '[examples] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

context=''
case ${1:-} in
  --context) context=${2:?--context needs the name of a kubeconfig context} ;;
  --context=*) context=${1#--context=} ;;
  '') ;;
  *) die "usage: bash hack/examples.sh [--context NAME]" ;;
esac
kubectl=${KUBECTL:-kubectl}
[[ -x node_modules/.bin/tsx ]] || die "node_modules is missing or incomplete: run make deps (npm ci) first"

out=$(node --import tsx hack/run-target.ts --no-probe ${context:+--context "$context"}) ||
  die "no such context; nothing was applied (kubectl config get-contexts lists them)"
kc_files='' kc_context='' kc_cluster='' kc_server='' kc_why=''
eval "$out"
files=${kc_files//:/, }
[[ -n $kc_context && -n $kc_server ]] ||
  die "no context to apply to ($kc_why; kubeconfig: ${files:-none}); name one: make examples CONTEXT=<context>"
log "applying examples/ to context \"$kc_context\": cluster \"$kc_cluster\" at $kc_server (kubeconfig: $files)"
"$kubectl" --context "$kc_context" apply -f examples/
log "done: $kubectl --context $(printf '%q' "$kc_context") get ecs lists them; an operator with the default --policy=strict refuses daemon-log-agent's host mounts (RefusedByPolicy)"
