#!/usr/bin/env bash
# Self-test of the real node (lib/real-node.sh): starts a cluster with REAL_NODE=1, checks that
# kwok still runs the fake nodes and their pods, runs real pods (exit code, logs, exec, probes,
# image names of every kind), stops the cluster with down.sh and proves that nothing is left:
# no process, mount, bridge, veth, cgroup, iptables rule, shim socket or log link of it.
#
# Usage: bash test/cluster/test-real-node.sh     (make real-node-test; root, see README)
# Env:   ECS2EKS_CLUSTER_BIN_DIR / ECS2EKS_NODE_BIN_DIR as for up.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib/common.sh"

fails=0
ok() { log "ok   $*"; }
bad() { log "FAIL $*"; fails=$((fails + 1)); }
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
# wait_for DESCRIPTION TIMEOUT_S COMMAND...: poll until COMMAND succeeds (every 0.25 s). COMMAND is
# run again each time, so it must not contain $(...) evaluated by the caller: use field_is.
wait_for() {
  local what=$1 timeout=$2 deadline; shift 2
  deadline=$(($(now_ms) + timeout * 1000))
  until "$@" >/dev/null 2>&1; do
    if (($(now_ms) >= deadline)); then bad "$what (timed out after ${timeout}s)"; return 1; fi
    sleep 0.25
  done
  ok "$what"
}

# field_is WANT KUBECTL_ARGS...: kubectl ARGS (with -o jsonpath=...) prints exactly WANT.
field_is() { local want=$1; shift; [[ $(k "$@" 2>/dev/null) == "$want" ]]; }
no_link() { ! ip link show "$1" >/dev/null 2>&1; }

# --- the machine before ------------------------------------------------------------------------
# Rules and user-defined chains (iptables-nft may leave an empty built-in table behind).
ipt_rules() { iptables-save 2>/dev/null | { grep -E '^(-A |:[^ ]+ - )' || true; } | sort; }
ipt_before=$(ipt_rules | md5sum)
others_before=$(find "${TMPDIR:-/tmp}/ecs2eks-real-node-subnets" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)
veths_before=$(ip -o link show type veth 2>/dev/null | wc -l)

t_up=$(now_ms)
kubeconfig=$(REAL_NODE=1 bash "$here/up.sh" | tail -n1)
up_s=$(secs_since "$t_up")
WORK=$(dirname "$kubeconfig")
# shellcheck disable=SC1091
source "$WORK/cluster.env"
down_done=0
cleanup() { ((down_done)) || bash "$here/down.sh" "$WORK" || true; }
trap cleanup EXIT
k() { "$BIN/kubectl" --kubeconfig="$kubeconfig" "$@"; }
log "cluster with real node up in ${up_s}s: $WORK (bridge $REAL_NODE_BRIDGE, cgroup $REAL_NODE_CGROUP, subnet $REAL_NODE_SUBNET.0/24)"

# --- nodes --------------------------------------------------------------------------------------
node_field() { k get node "$1" -o jsonpath="$2"; }
check "real node Ready" [ "$(node_field real-node '{.status.conditions[?(@.type=="Ready")].status}')" = True ]
check "real node untainted" [ -z "$(node_field real-node '{.spec.taints}')" ]
check "real node InternalIP 127.0.0.1" [ "$(node_field real-node '{.status.addresses[?(@.type=="InternalIP")].address}')" = 127.0.0.1 ]
check "real node label ecs2eks.test/node=real" [ "$(k get nodes -l ecs2eks.test/node=real -o name)" = node/real-node ]
check "real node runs kubelet v1.35 on containerd" \
  grep -q 'v1.35.*containerd://' <<<"$(node_field real-node '{.status.nodeInfo.kubeletVersion} {.status.nodeInfo.containerRuntimeVersion}')"
fake=$(k get nodes -l type=kwok -o jsonpath='{range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{" "}{end}')
check "6 kwok nodes Ready ($fake)" [ "$(grep -o '=True' <<<"$fake" | wc -l)" = 6 ]

# kwok still owns the fake nodes' pods (and only them).
k create namespace rn-test >/dev/null
kn() { k -n rn-test "$@"; }
kn run on-kwok --image=nginx:fail --restart=Never --overrides='{"spec":{"nodeSelector":{"type":"kwok"}}}' >/dev/null
wait_for "kwok fails the nginx:fail pod on a fake node (phase Failed, exit 1)" 30 \
  field_is "Failed 1" -n rn-test get pod on-kwok -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}' ||
  kn get pod on-kwok -o yaml >&2
kn run kwok-plain --image=nginx:1.27 --restart=Never --overrides='{"spec":{"nodeSelector":{"type":"kwok"}}}' >/dev/null
wait_for "kwok runs a plain pod on a fake node" 30 field_is Running -n rn-test get pod kwok-plain -o jsonpath='{.status.phase}' || true
check "kwok pod got a fake 10.244.x IP" grep -q '^10\.244\.' <<<"$(kn get pod kwok-plain -o jsonpath='{.status.podIP}')"

# --- a real one-off pod: exit code and logs -----------------------------------------------------
kn apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: exit3}
spec:
  nodeSelector: {ecs2eks.test/node: real}
  restartPolicy: Never
  containers:
  - name: main
    image: nginx:1.27
    command: [sh, -c, 'echo hi; exit 3']
YAML
t=$(now_ms)
wait_for "pod exit3 reaches phase Failed" 60 field_is Failed -n rn-test get pod exit3 -o jsonpath='{.status.phase}' &&
  exit3_s=$(secs_since "$t") || kn describe pod exit3 >&2
check "exit3: real exit code 3" [ "$(kn get pod exit3 -o jsonpath='{.status.containerStatuses[0].state.terminated.exitCode}')" = 3 ]
check "exit3: kubectl logs says hi" [ "$(kn logs exit3)" = hi ]
check "blackhole route 10.88.0.0/16 while the node runs" grep -q blackhole <<<"$(ip route show 10.88.0.0/16)"
check "exit3: pod IP in $REAL_NODE_SUBNET.0/24" grep -q "^${REAL_NODE_SUBNET//./\\.}\." <<<"$(kn get pod exit3 -o jsonpath='{.status.podIP}')"

# --- a real long-running pod: ECR name, probes, volume, exec -----------------------------------
kn apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeSelector: {ecs2eks.test/node: real}
  terminationGracePeriodSeconds: 5
  volumes: [{name: data, emptyDir: {}}]
  initContainers:
  - name: init
    image: public.ecr.aws/docker/library/busybox:latest
    imagePullPolicy: Always
    command: [ecs2eks-test, serve, --listen=, --write=/data/greeting=from-init, --exit-after=0]
    volumeMounts: [{name: data, mountPath: /data}]
  containers:
  - name: app
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1
    env:
    - {name: TESTIMAGE_LISTEN, value: ":8080"}
    - {name: TESTIMAGE_HEALTHY_AFTER, value: "2"}
    - {name: TESTIMAGE_READ, value: /data/greeting}
    - {name: TESTIMAGE_TERM_DELAY, value: "1"}
    ports: [{containerPort: 8080, hostPort: 18080, hostIP: 127.0.0.1}]
    readinessProbe:
      httpGet: {path: /healthz, port: 8080}
      periodSeconds: 1
    livenessProbe:
      exec: {command: [ecs2eks-test, get, 'http://127.0.0.1:8080/']}
      periodSeconds: 2
    volumeMounts: [{name: data, mountPath: /data}]
YAML
t=$(now_ms)
wait_for "pod web Running" 60 field_is Running -n rn-test get pod web -o jsonpath='{.status.phase}' &&
  web_running_s=$(secs_since "$t") || kn describe pod web >&2
wait_for "pod web Ready (httpGet readiness after ~2 s)" 60 \
  field_is True -n rn-test get pod web -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' &&
  web_ready_s=$(secs_since "$t") || kn describe pod web >&2
check "web: init container wrote the volume, app read it" grep -q 'read /data/greeting: from-init' <<<"$(kn logs web -c app)"
check "web: kubectl exec works" [ "$(kn exec web -c app -- cat /data/greeting)" = from-init ]
check "web: no restarts" [ "$(kn get pod web -o jsonpath='{.status.containerStatuses[0].restartCount}')" = 0 ]
check "web: hostIP 127.0.0.1" [ "$(kn get pod web -o jsonpath='{.status.hostIP}')" = 127.0.0.1 ]
check "web: hostPort 18080 has portmap's DNAT rule" grep -qF -- "$REAL_NODE_NET" <<<"$(iptables-save -t nat | grep -- '-A CNI-HOSTPORT-DNAT')"
# Follow the log while the pod is deleted: the stream ends when the container has exited.
kn logs -f web -c app >"$WORK/web-app.log" 2>&1 &
follow=$!
sleep 0.5
t=$(now_ms)
kn delete pod web --wait=true --timeout=30s >/dev/null
delete_s=$(secs_since "$t")
wait "$follow" || true
check "web: SIGTERM handled with TESTIMAGE_TERM_DELAY=1 (delete took ${delete_s}s)" \
  grep -q 'received terminated; exiting with code 0 in 1s' "$WORK/web-app.log"

log "timings: up ${up_s}s, exit3 pod to Failed ${exit3_s:-?}s, web pod Running ${web_running_s:-?}s, Ready ${web_ready_s:-?}s"

# --- down.sh and leftovers ----------------------------------------------------------------------
down_done=1
bash "$here/down.sh" "$WORK"
check "work dir removed" [ ! -e "$WORK" ]
procs=()
for p in /proc/[0-9]*; do
  if tr '\0' '\n' <"$p/cmdline" 2>/dev/null | grep -qF -- "$WORK" ||
    [[ $(readlink "$p/cwd" 2>/dev/null) == "$WORK"* ]] ||
    grep -q ":$REAL_NODE_CGROUP/" "$p/cgroup" 2>/dev/null; then
    procs+=("${p#/proc/}")
  fi
done
check "no process refers to the work dir or runs in its cgroups (${procs[*]:-none})" [ ${#procs[@]} = 0 ]
check "no mount under the work dir" [ "$(grep -c -- "$WORK" /proc/self/mountinfo)" = 0 ]
check "no bridge $REAL_NODE_BRIDGE" no_link "$REAL_NODE_BRIDGE"
check "no route to $REAL_NODE_SUBNET.0/24" [ -z "$(ip -4 route show "$REAL_NODE_SUBNET.0/24")" ]
check "no veth left (as many as before: $veths_before)" [ "$(ip -o link show type veth 2>/dev/null | wc -l)" = "$veths_before" ]
check "no cgroup under $REAL_NODE_CGROUP" [ -z "$(ls -d /sys/fs/cgroup/*"$REAL_NODE_CGROUP" 2>/dev/null)" ]
check "no iptables rule of network $REAL_NODE_NET" [ -z "$(iptables-save 2>/dev/null | grep -F -- "$REAL_NODE_NET")" ]
check "no /var/log/containers link into the work dir" \
  [ -z "$(find /var/log/containers -maxdepth 1 -lname "$WORK/*" 2>/dev/null)" ]
check "no CNI result cache of $REAL_NODE_NET" [ -z "$(ls /var/lib/cni/results/"$REAL_NODE_NET"-* 2>/dev/null)" ]
check "subnet claim released" [ ! -e "${TMPDIR:-/tmp}/ecs2eks-real-node-subnets/$REAL_NODE_SUBNET_N" ]
others=$(find "${TMPDIR:-/tmp}/ecs2eks-real-node-subnets" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)
if ((others == 0)); then
  check "blackhole route 10.88.0.0/16 gone with the last real node" [ -z "$(ip route show 10.88.0.0/16)" ]
  # Another real node running meanwhile may have come and gone: compare only when none was there.
  if ((others_before == 0)); then
    check "iptables rules and chains as before (portmap's shared chains gone)" [ "$(ipt_rules | md5sum)" = "$ipt_before" ]
  else
    check "no portmap chain left (CNI-HOSTPORT-*, CNI-DN-*)" [ -z "$(ipt_rules | grep -E 'CNI-(HOSTPORT|DN)')" ]
  fi
else
  check "blackhole route 10.88.0.0/16 kept for $others other real node(s)" [ -n "$(ip route show 10.88.0.0/16)" ]
fi

((fails == 0)) || die "$fails check(s) failed"
log "real node test passed"
