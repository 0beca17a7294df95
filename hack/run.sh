#!/usr/bin/env bash
# `make run`: the operator in the foreground, on a cluster this script started, or on one you name.
#
#   make run                     When no kubeconfig context answers: starts the local control plane of
#                                test/cluster/ (stopped again on exit), installs the CRDs, applies
#                                examples/ and runs the operator there with --policy=local.
#                                When the current context answers: refuses (exit 2), naming it and the
#                                two commands below. It never changes a cluster it did not start unless
#                                told to.
#   make run LOCAL=1             The local control plane, whatever the kubeconfig says. (--local)
#   make run CONTEXT=<context>   The explicit opt-in for an existing cluster (kind, minikube, EKS, ...).
#                                (--context NAME) First prints the context, its cluster and server, then
#                                installs or updates the CRDs there and runs the operator against it,
#                                with the default --policy=strict. examples/ are NOT applied: that is a
#                                separate, explicit step, `make examples CONTEXT=<context>`.
#
# Why refuse instead of falling back to the local control plane: a kubeconfig that answers usually
# names the cluster you mean to use, and a silent fallback would build the control plane (~10 minutes
# the first time) and start a root-owned real node you did not ask for; one message with both
# commands costs one re-run, and `make run` does the same thing whatever cluster happens to answer.
#
# Usage: bash hack/run.sh [--context NAME | --local] [--check-only] [--] [OPERATOR FLAGS...]
#   --check-only  decide, print what would be changed, and stop: nothing is built, started or changed
#   Anything else is passed to `ecs2eks operator`.
# Env: REAL_NODE, NODES (the local control plane, see test/cluster/up.sh), ECS2EKS_CLUSTER_BIN_DIR,
#      ECS2EKS_NODE_BIN_DIR (use these binaries instead of test/cluster/build.sh's, build-node.sh's),
#      ECS2EKS_RUN_OPERATOR (the operator command, split on spaces; default: node dist/src/cli/main.js
#      operator; test/unit/packaging/run.test.ts puts a stand-in there).
#
# Its own lines start with [run] and go to stderr; the operator's JSON log goes to stdout. The banner
# (KUBECONFIG, metrics and probe addresses) is printed before the operator starts and its key lines
# again once the operator listens. Ctrl-C (or SIGTERM) stops the operator and the control plane this
# script started, each by its PID (down.sh reads the PIDs from the cluster's work dir), and exits 0
# when both stopped cleanly, so that make reports no error.
set -euo pipefail

# Relative KUBECONFIG entries stay valid after the cd below.
if [[ -n ${KUBECONFIG:-} ]]; then
  IFS=: read -ra kube_files <<<"$KUBECONFIG"
  for i in "${!kube_files[@]}"; do
    [[ -z ${kube_files[i]} || ${kube_files[i]} == /* ]] || kube_files[i]=$PWD/${kube_files[i]}
  done
  KUBECONFIG=$(IFS=:; echo "${kube_files[*]}")
fi
cd "$(dirname "$0")/.."
log() { printf '[run] %s\n' "$*" >&2 2>/dev/null || true; }
die() { log "error: $*"; exit 1; }
quoted() { printf '%q' "$1"; }

context='' local_only=0 check_only=0
while (($#)); do
  case $1 in
    --context)
      [[ -n ${2:-} ]] || die "--context needs the name of a kubeconfig context"
      context=$2; shift 2 ;;
    --context=*)
      context=${1#--context=}; shift
      [[ -n $context ]] || die "--context needs the name of a kubeconfig context" ;;
    --local) local_only=1; shift ;;
    --check-only) check_only=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    --) shift; break ;;
    *) break ;; # the operator's own flags from here on
  esac
done
operator_flags=("$@")
if [[ -n $context ]] && ((local_only)); then die "--context (CONTEXT=) and --local (LOCAL=1) exclude each other"; fi

started_cluster='' pointer='' pinned='' op_pid='' stop_signal=''
# The operator and down.sh run in a session of their own (see below), when setsid (util-linux) is there.
setsid=''
if command -v setsid >/dev/null; then setsid=setsid; fi
# shellcheck disable=SC2317 # invoked by the traps below
cleanup() {
  local code=$? ok=1 rc
  # A second Ctrl-C, or a closed pipe on stderr, must not cut the cleanup short.
  trap '' INT TERM HUP PIPE
  trap - EXIT
  if [[ -n $op_pid ]]; then
    if kill -0 "$op_pid" 2>/dev/null; then
      log "stopping the operator (pid $op_pid)"
      kill -TERM "$op_pid" 2>/dev/null || true
    fi
    rc=0
    wait "$op_pid" 2>/dev/null || rc=$?
    if ((rc != 0)); then ok=0; log "the operator exited with status $rc"; fi
  fi
  # up.sh writes the work dir into the pointer file as its last step: a stop right after it must not leak the cluster.
  if [[ -z $started_cluster && -n $pointer && -s $pointer ]]; then started_cluster=$(<"$pointer"); fi
  if [[ -n $started_cluster ]]; then
    log "stopping the local control plane ($started_cluster)"
    # Its own session, so that another Ctrl-C does not interrupt the teardown half-way.
    $setsid bash test/cluster/down.sh "$started_cluster" >&2 ||
      $setsid bash test/cluster/down.sh "$started_cluster" >/dev/null 2>&1 || ok=0
  fi
  rm -f -- ${pointer:+"$pointer"} ${pinned:+"$pinned"}
  if [[ -n $stop_signal ]]; then
    ((ok)) && log "stopped (SIG$stop_signal)${started_cluster:+; the local control plane is gone}" && exit 0
    exit 1
  fi
  exit "$code"
}
# shellcheck disable=SC2317 # invoked by the traps below
on_signal() { stop_signal=$1; exit 130; }
trap cleanup EXIT
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP

[[ -x node_modules/.bin/tsx ]] || die "node_modules is missing or incomplete: run make deps (npm ci) first"
# target [--context NAME] [--no-probe]: sets kc_files, kc_context, kc_cluster, kc_server, kc_answers, kc_why.
kc_files='' kc_context='' kc_cluster='' kc_server='' kc_answers='' kc_why=''
target() {
  local out
  out=$(node --import tsx hack/run-target.ts "$@") || return
  eval "$out"
}
files_text() { local f=${kc_files//:/, }; echo "${f:-none}"; }

# --- The decision: nothing below this block may change a cluster it did not allow. ---
if [[ -n $context ]]; then
  target --context "$context" || die "no such context; nothing was changed (make run CONTEXT= takes a context name: kubectl config get-contexts)"
  # First of all: what will be changed.
  log "CONTEXT=$context: this changes cluster \"$kc_cluster\" at $kc_server (kubeconfig: $(files_text)): it installs or updates the CRDs there (kubectl apply --server-side -f crds/) and runs the operator against it, with the default --policy=strict"
  [[ -n $kc_answers ]] || die "context \"$context\" ($kc_server) does not answer: $kc_why; nothing was changed"
  log "examples/ are not applied to it: that is a separate step, make examples CONTEXT=$(quoted "$context")"
  mode=context
elif ((local_only)); then
  mode=local
  log "LOCAL=1: the kubeconfig is not read; starting a local control plane of its own"
else
  target || die "cannot read the kubeconfig (hack/run-target.ts failed); nothing was changed"
  if [[ -n $kc_answers ]]; then
    log "refusing: the current kubeconfig context \"$kc_context\" (cluster \"$kc_cluster\" at $kc_server, kubeconfig: $(files_text)) answers ($kc_answers), and make run changes only a cluster it started itself unless told otherwise. Nothing was changed."
    log "  To run ecs2eks against that cluster (it installs the CRDs there; examples/ stay a separate step, make examples):"
    log "      make run CONTEXT=$(quoted "$kc_context")      (bash hack/run.sh --context $(quoted "$kc_context"))"
    log "  To start a local control plane of its own instead, whatever the kubeconfig says:"
    log "      make run LOCAL=1      (bash hack/run.sh --local)"
    exit 2
  fi
  mode=local
  log "no kubeconfig context answers (${kc_context:+context \"$kc_context\": }$kc_why): starting a local control plane of its own"
fi
if [[ $mode == local ]]; then
  export REAL_NODE=${REAL_NODE:-1}
  # The real node (a kubelet on containerd) unless REAL_NODE=0: what shows Ready really ran. Without
  # kwok nodes (NODES=0), so nothing is simulated; REAL_NODE=0 gives the simulated cluster instead.
  if [[ $REAL_NODE == 1 ]]; then export NODES=${NODES:-0}; fi
  log "  test/cluster/ ($([[ $REAL_NODE == 1 ]] && echo "one real node: kubelet + containerd" || echo "simulated kwok nodes")), stopped again on exit; the CRDs and examples/ are applied there, and the operator runs with --policy=local"
fi
if ((check_only)); then
  log "--check-only: stopping here; nothing was built, started or changed"
  exit 0
fi

log "compiling the operator (make build)"
make --no-print-directory build >&2

if [[ $mode == local ]]; then
  if [[ $REAL_NODE == 1 ]]; then
    # Before any build: a missing prerequisite must not cost a build first.
    (source test/cluster/lib/common.sh && source test/cluster/lib/real-node.sh && real_node_prereqs) ||
      die "the real node cannot start here (see above); REAL_NODE=0 make run starts simulated kwok nodes instead"
  fi
  # build.sh and build-node.sh look for their cache entry (.complete under the key of their inputs):
  # they say "reusing ... from <dir>" when it is there, and only otherwise "building ..." with how long it takes.
  if [[ -z ${ECS2EKS_CLUSTER_BIN_DIR:-} ]]; then ECS2EKS_CLUSTER_BIN_DIR=$(bash test/cluster/build.sh | tail -n1); fi
  export ECS2EKS_CLUSTER_BIN_DIR
  if [[ $REAL_NODE == 1 && -z ${ECS2EKS_NODE_BIN_DIR:-} ]]; then
    ECS2EKS_NODE_BIN_DIR=$(bash test/cluster/build-node.sh | tail -n1)
    export ECS2EKS_NODE_BIN_DIR
  fi
  pointer=$(mktemp)
  export KUBECONFIG
  KUBECONFIG=$(bash test/cluster/up.sh --pointer "$pointer" | tail -n1)
  started_cluster=$(<"$pointer")
  export PATH="$ECS2EKS_CLUSTER_BIN_DIR:$PATH"
  where="the local control plane this script started ($started_cluster)"
  kube_env="export KUBECONFIG=$KUBECONFIG PATH=$ECS2EKS_CLUSTER_BIN_DIR:\$PATH"
  kc=kubectl
else
  command -v kubectl >/dev/null || die "kubectl is needed to install the CRDs into context \"$context\"; nothing was changed"
  user_kubeconfig=${KUBECONFIG:-}
  # kubectl and the operator both use a copy pinned to the context: whatever the current context is
  # or becomes meanwhile, they change only the cluster named above.
  pinned=$(mktemp)
  kubectl config view --minify --flatten --context "$context" >"$pinned" ||
    die "cannot read context \"$context\" from the kubeconfig; nothing was changed"
  export KUBECONFIG=$pinned
  where="context \"$context\": cluster \"$kc_cluster\" at $kc_server"
  kube_env=${user_kubeconfig:+export KUBECONFIG=$user_kubeconfig}
  kube_env=${kube_env:-"your kubeconfig (~/.kube/config)"}
  kc="kubectl --context $(quoted "$context")"
fi

log "installing the CRDs into $where"
kubectl apply --server-side --force-conflicts --field-manager=ecs2eks-run -f crds/ >/dev/null
for crd in taskdefinitions services tasks; do
  for _ in $(seq 1 60); do
    [[ $(kubectl get crd "$crd.ecs2eks.dev" -o jsonpath='{.status.conditions[?(@.type=="Established")].status}' 2>/dev/null) == True ]] && break
    sleep 1
  done
done
if [[ $mode == local ]]; then
  log "applying examples/ (the control plane this script started)"
  kubectl apply -f examples/ >/dev/null
  examples_line="examples/ are applied; on any other cluster that is a separate step: make examples CONTEXT=<context>"
else
  log "not applying examples/: make examples CONTEXT=$(quoted "$context") does that, as a separate step"
  examples_line="examples/ are not applied: make examples CONTEXT=$(quoted "$context") applies them (the operator's --policy=strict refuses daemon-log-agent's host mounts)"
fi

# Probes and metrics on free ports chosen here, so that the banner can name them before the operator
# starts, and a second `make run` or a real operator does not collide; unless the flags name their own.
own_addresses=0
for f in "${operator_flags[@]}"; do
  case $f in --metrics-bind-address* | --health-probe-bind-address*) own_addresses=1 ;; esac
done
address_flags=()
if ((own_addresses)); then
  metrics_url="as the operator flags say" probes_url="as the operator flags say"
else
  read -r metrics_port probe_port < <(source test/cluster/lib/common.sh && free_ports 2) || true
  [[ -n ${probe_port:-} ]] || die "found no free ports for the operator's metrics and probes"
  address_flags=(--metrics-bind-address="127.0.0.1:$metrics_port" --health-probe-bind-address="127.0.0.1:$probe_port")
  metrics_url="http://127.0.0.1:$metrics_port/metrics"
  probes_url="http://127.0.0.1:$probe_port/healthz and /readyz"
fi
stop_line="Ctrl-C stops the operator${started_cluster:+ and the local control plane}"

cat >&2 <<MSG

ecs2eks is starting on $where
  KUBECONFIG  $kube_env
  metrics     $metrics_url
  probes      $probes_url
  logs        the operator's JSON lines on stdout, below; this script's lines start with [run]
In another terminal:
  $kc get ecs                   # TaskDefinitions, Services and Tasks
  $kc describe esvc web         # status, deployments, ECS-style events
  $kc get pods -o wide          # on the real node: real containers
  $kc logs deploy/orders-worker # a service's output; $kc logs db-migrate-0 for the one-off task
  node dist/src/cli/main.js convert examples/web-alb.yaml   # the same translation, offline
$examples_line
$stop_line.

MSG
# On the control plane started here (the developer's own), the local policy lets the examples' host
# mounts run; on any other cluster the operator keeps its default, strict. Its own session: only this
# script signals it (once, by PID), so a Ctrl-C does not reach it twice.
policy_flags=()
if [[ $mode == local ]]; then policy_flags=(--policy=local); fi
read -ra operator_cmd <<<"${ECS2EKS_RUN_OPERATOR:-node dist/src/cli/main.js operator}"
$setsid "${operator_cmd[@]}" "${address_flags[@]}" "${policy_flags[@]}" "${operator_flags[@]}" &
op_pid=$!
if ((!own_addresses)); then
  for _ in $(seq 1 300); do
    kill -0 "$op_pid" 2>/dev/null || break
    if (exec 3<>"/dev/tcp/127.0.0.1/$probe_port") 2>/dev/null; then
      log "ecs2eks is running (pid $op_pid) on $where"
      log "  KUBECONFIG  $kube_env"
      log "  metrics     $metrics_url"
      log "  probes      $probes_url"
      log "  $stop_line"
      break
    fi
    sleep 0.2
  done
fi
rc=0
wait "$op_pid" || rc=$?
op_pid=
log "the operator exited by itself (status $rc)"
exit "$rc"
