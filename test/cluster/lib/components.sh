# How each control-plane component is started. Sourced by up.sh; needs $WORK, $BIN and the
# helpers of common.sh/procs.sh. Each start_NAME picks fresh ports, records argv + health probe,
# spawns and waits; start_with_retry repeats that when a port was grabbed by someone else.

# setenv VAR VALUE: persist a setting in $WORK/cluster.env (read by restart.sh, down.sh, tests).
setenv() {
  local f=$WORK/cluster.env
  touch "$f"
  grep -v "^$1=" "$f" >"$f.tmp" || true
  printf '%s=%q\n' "$1" "$2" >>"$f.tmp"
  mv "$f.tmp" "$f"
  printf -v "$1" '%s' "$2"
}

launch_etcd() {
  local ports; read -r -a ports <<<"$(free_ports 2)"
  setenv ETCD_PORT "${ports[0]}"; setenv ETCD_PEER_PORT "${ports[1]}"
  local c=http://127.0.0.1:$ETCD_PORT p=http://127.0.0.1:$ETCD_PEER_PORT
  # --unsafe-no-fsync: test data only, and fsync dominates write latency on shared disks.
  record etcd "$c/health" -- "$BIN/etcd" --name=e2e --data-dir="$WORK/etcd" \
    --listen-client-urls="$c" --advertise-client-urls="$c" \
    --listen-peer-urls="$p" --initial-advertise-peer-urls="$p" --initial-cluster="e2e=$p" \
    --unsafe-no-fsync=true --auto-compaction-retention=1 --quota-backend-bytes=2147483648 \
    --log-level=warn
  spawn etcd
}

launch_kube_apiserver() {
  setenv API_PORT "$(free_ports 1)"
  local pki=$WORK/pki
  record kube-apiserver --cacert "$pki/ca.crt" "https://127.0.0.1:$API_PORT/readyz" -- \
    "$BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
    --endpoint-reconciler-type=none \
    --tls-cert-file="$pki/serving.crt" --tls-private-key-file="$pki/serving.key" \
    --cert-dir="$WORK/apiserver-certs" \
    --client-ca-file="$pki/ca.crt" \
    --requestheader-client-ca-file="$pki/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$pki/front-proxy-client.crt" --proxy-client-key-file="$pki/front-proxy-client.key" \
    --authorization-mode=Node,RBAC \
    --kubelet-client-certificate="$pki/kubelet-client.crt" --kubelet-client-key="$pki/kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --allow-privileged=true \
    --profiling=false
  # --kubelet-*: how logs/exec/port-forward reach a real kubelet (lib/real-node.sh): with the
  # client cert the kubelet's webhook authn accepts, and only at a node's InternalIP (127.0.0.1);
  # the default order tries the Hostname address first, a DNS lookup that must never leave here.
  # --endpoint-reconciler-type=none: the default reconciler would write 127.0.0.1 into the
  # endpoints of the `kubernetes` Service every 10s and log the rejection (loopback addresses are
  # invalid endpoints); nothing here dials that Service.
  spawn kube-apiserver
}

launch_kube_controller_manager() {
  setenv KCM_PORT "$(free_ports 1)"
  local pki=$WORK/pki kc=$WORK/kubeconfig
  # Needed for GC, Deployments/ReplicaSets, namespaces, ServiceAccounts, and the node lifecycle
  # controller that lifts the not-ready taint once kwok reports a node Ready.
  record kube-controller-manager -k "https://127.0.0.1:$KCM_PORT/healthz" -- \
    "$BIN/kube-controller-manager" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --cert-dir="$WORK/kcm-certs" \
    --leader-elect=false \
    --root-ca-file="$pki/ca.crt" --service-account-private-key-file="$pki/sa.key" \
    --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
    --node-monitor-period=5s --node-monitor-grace-period=40s \
    --profiling=false
  spawn kube-controller-manager
}

launch_kube_scheduler() {
  setenv SCHED_PORT "$(free_ports 1)"
  local kc=$WORK/kubeconfig
  # The scheduler's --kubeconfig/--leader-elect/--profiling flags are deprecated (and silently
  # ignored once --config is given), so the client settings go into a config file.
  cat >"$WORK/kube-scheduler.yaml" <<YAML
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: $kc
leaderElection:
  leaderElect: false
enableProfiling: false
YAML
  record kube-scheduler -k "https://127.0.0.1:$SCHED_PORT/healthz" -- \
    "$BIN/kube-scheduler" --config="$WORK/kube-scheduler.yaml" \
    --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --cert-dir="$WORK/scheduler-certs"
  spawn kube-scheduler
}

launch_kwok() {
  setenv KWOK_PORT "$(free_ports 1)"
  local s=$WORK/stages
  # Only the fake nodes (annotation kwok.x-k8s.io/node=fake, lib/nodes.sh): with
  # --manage-all-nodes (the old setting) kwok would also take over the real node's status and lease.
  # --node-ip=127.0.0.1: the only address anything may dial (node InternalIP / pod hostIP).
  # Pod IPs come from --cidr and are fake: nothing may ever connect to them.
  # --server-address binds kwok's own HTTP server (healthz) to loopback; without it kwok would
  # listen on 0.0.0.0 whenever --node-port is set.
  # HOME points into the work dir because kwok always loads ~/.kwok/kwok.yaml when it exists,
  # and a developer's own kwok config must not add stages to ours.
  mkdir -p "$WORK/kwok-home"
  record kwok "http://127.0.0.1:$KWOK_PORT/healthz" -- \
    env HOME="$WORK/kwok-home" "$BIN/kwok" \
    --kubeconfig="$WORK/kubeconfig" \
    --config="$s/node.yaml" --config="$s/pod.yaml" --config="$s/ecs2eks.yaml" \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --cidr=10.244.0.0/16 --node-ip=127.0.0.1 \
    --node-lease-duration-seconds=40 \
    --server-address="127.0.0.1:$KWOK_PORT"
  spawn kwok
}

# start_with_retry NAME TIMEOUT: launch_NAME + wait_healthy, again (up to 3 times) when the log
# says a port was taken between choosing and binding it.
start_with_retry() {
  local name=$1 timeout=$2 attempt
  for attempt in 1 2 3; do
    [[ -f $WORK/pids/$name.pid ]] || "launch_${name//-/_}"
    wait_healthy "$name" "$timeout" && return 0
    stop "$name" KILL
    if (( attempt < 3 )) && grep -q "address already in use" "$WORK/logs/$name.log"; then
      log "$name: a chosen port was taken meanwhile; retrying with new ports"
      mv "$WORK/logs/$name.log" "$WORK/logs/$name.attempt$attempt.log"
      continue
    fi
    return 1
  done
  return 1
}
