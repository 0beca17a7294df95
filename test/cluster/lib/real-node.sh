# One real node beside the kwok nodes: kubelet + containerd + runc + CNI, so that pods really run.
# Sourced by up.sh (REAL_NODE=1) and down.sh; needs common.sh, procs.sh, pki.sh, components.sh.
#
# Everything is per cluster, so several clusters (with or without a real node) run at once:
#   $WORK/node/                     containerd root/state/socket/config, runc root, CNI config and
#                                   IPAM state, kubelet root dir, pod logs, registry state
#   cgroup /ecs2eks-<suffix>        kubelet's cgroupRoot in every v1 hierarchy (cgroupfs driver)
#   bridge ecsbr-<suffix>           10.88.<n>.1/24, <n> claimed in $REAL_NODE_CLAIMS/<n>
#   ports                           kubelet, kubelet healthz, registry, containerd metrics: random
#                                   free 127.0.0.1 ports; containerd's stream server: port 0
#
# Versions (Debian bookworm's packages, checked by real_node_prereqs):
#   containerd 1.6.20, runc 1.1.5, containernetworking-plugins 1.1.1, busybox-static 1.35.0.
# containerd 1.6 speaks CRI v1, which is all kubelet 1.35 needs. containerd's own support
# matrix (RELEASES.md) lists 1.6.36+/1.7.24+/2.x for Kubernetes 1.32/1.33 and has no 1.35 row;
# 1.6 left LTS support in July 2025, and Kubernetes 1.35 is the last release that supports
# containerd 1.x at all (1.36 needs 2.0+). 1.6.20 runs kubelet 1.35 here (see README: what works
# and the known quirks); for anything newer than 1.35, build containerd 2.x instead.
#
# Network: pods get 10.88.<n>.0/24 on the bridge and NO default route (host-local `routes` is
# empty, the bridge plugin's isGateway is off so it never enables ip_forward): they reach each
# other and the host's bridge address, nothing else; nothing is routed off the machine. The
# bridge address is set here, so kubelet's HTTP probes and tests on this host can reach pods.
# Pod DNS points at 10.0.0.10, a fake ClusterIP no pod can reach (as good as no DNS, without
# kubelet's MissingClusterDNS event on every pod).
#
# Images: containerd's only registry is ecs2eks-test's (`registry`, on 127.0.0.1): certs.d has a
# _default/hosts.toml whose server and only host are that registry, so every image name resolves
# there and nothing goes upstream; it serves the same image for every name and tag (the sandbox
# image ecs2eks.test/pause:1 is the pause variant).

REAL_NODE_NAME=real-node
REAL_NODE_CLAIMS=${TMPDIR:-/tmp}/ecs2eks-real-node-subnets

# real_node_prereqs: every missing prerequisite, with what to do about it; fails if any.
real_node_prereqs() {
  local missing=() c v
  ((EUID == 0)) || missing+=("root (kubelet and containerd need it); run as root")
  local -A pkg=([containerd]=containerd [containerd-shim-runc-v2]=containerd [ctr]=containerd
    [runc]=runc [ip]=iproute2 [iptables]=iptables [mount]=mount [umount]=mount [flock]=util-linux)
  for c in "${!pkg[@]}"; do
    command -v "$c" >/dev/null || missing+=("$c: apt-get install -y ${pkg[$c]}")
  done
  for c in bridge host-local loopback portmap; do
    [[ -x /usr/lib/cni/$c ]] || missing+=("/usr/lib/cni/$c: apt-get install -y containernetworking-plugins")
  done
  [[ -x /bin/busybox ]] && file_is_static /bin/busybox ||
    missing+=("a static /bin/busybox: apt-get install -y busybox-static")
  grep -qw overlay /proc/filesystems || missing+=("overlay filesystem support in the kernel (snapshotter overlayfs)")
  for c in cpu cpuacct cpuset memory pids devices freezer; do
    [[ -d /sys/fs/cgroup/$c ]] || missing+=("cgroup v1 hierarchy /sys/fs/cgroup/$c (kubelet runs with cgroupfs on v1 here)")
  done
  if command -v containerd >/dev/null; then
    v=$(containerd --version | awk '{print $3}')
    [[ $v =~ ^v?(1\.[67]|2)\. ]] || missing+=("containerd 1.6, 1.7 or 2.x with CRI v1 (found '$v')")
  fi
  ((${#missing[@]} == 0)) && return 0
  log "REAL_NODE=1 needs:"
  for c in "${missing[@]}"; do log "  - $c"; done
  die "real node prerequisites missing (see above); or start without REAL_NODE=1"
}

file_is_static() { ! grep -q 'ld-linux' <(head -c 4096 "$1" | tr -d '\0' 2>/dev/null); }

# claim_subnet: the lowest n in 1..254 that no live cluster has claimed and no route uses.
claim_subnet() {
  local n owner
  mkdir -p "$REAL_NODE_CLAIMS"
  for ((n = 1; n <= 254; n++)); do
    if [[ -d $REAL_NODE_CLAIMS/$n ]]; then
      owner=$(cat "$REAL_NODE_CLAIMS/$n/owner" 2>/dev/null || true)
      # A claim whose cluster is gone (killed without down.sh) is free again.
      [[ -n $owner && ! -d $owner ]] || continue
      rm -rf "${REAL_NODE_CLAIMS:?}/$n"
    fi
    ip -4 route show | grep -q "^10\.88\.$n\." && continue
    mkdir "$REAL_NODE_CLAIMS/$n" 2>/dev/null || continue # another up.sh took it meanwhile
    echo "$WORK" >"$REAL_NODE_CLAIMS/$n/owner"
    echo "$n"
    return 0
  done
  return 1
}

launch_node_registry() {
  setenv REGISTRY_PORT "$(free_ports 1)"
  mkdir -p "$WORK/node/registry"
  record node-registry "http://127.0.0.1:$REGISTRY_PORT/v2/" -- \
    "$NODE_BIN/ecs2eks-test" registry --listen="127.0.0.1:$REGISTRY_PORT" --busybox=/bin/busybox \
    --state="$WORK/node/registry"
  spawn node-registry
}

write_containerd_config() {
  local n=$WORK/node
  mkdir -p "$n/certs.d/_default" "$n/cni/net.d" "$n/cni/ipam" "$n/containerd" "$n/runc"
  # server = our registry: no upstream fallback for any registry host.
  cat >"$n/certs.d/_default/hosts.toml" <<TOML
server = "http://127.0.0.1:$REGISTRY_PORT"
[host."http://127.0.0.1:$REGISTRY_PORT"]
  capabilities = ["pull", "resolve"]
  skip_verify = true
TOML
  cat >"$n/containerd.toml" <<TOML
version = 2
root = "$n/containerd/root"
state = "$n/containerd/state"
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = "$n/containerd.sock"
[ttrpc]
  address = "$n/containerd.sock.ttrpc"
[metrics]
  address = "127.0.0.1:$CONTAINERD_METRICS_PORT"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "ecs2eks.test/pause:1"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  disable_apparmor = true
  enable_selinux = false
  # netns bind mounts under the state dir instead of /var/run/netns (shared by every cluster)
  netns_mounts_under_state_dir = true
  tolerate_missing_hugetlb_controller = true
  # Without CAP_SYS_RESOURCE (this machine's root lacks it) runc cannot lower oom_score_adj to
  # kubelet's -998 for sandboxes ("can't get final child's PID from pipe: EOF"); clamp instead.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        Root = "$n/runc"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$n/cni/net.d"
    max_conf_num = 1
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$n/certs.d"
TOML
  # Bridge exists already (made below, with the host's address); isGateway off so the plugin
  # neither adds a gateway address nor turns on ip_forward; no routes, no masquerade.
  cat >"$n/cni/net.d/10-ecs2eks.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "$REAL_NODE_NET",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$REAL_NODE_BRIDGE",
      "isGateway": false,
      "isDefaultGateway": false,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$n/cni/ipam",
        "ranges": [[{"subnet": "$REAL_NODE_SUBNET.0/24", "rangeStart": "$REAL_NODE_SUBNET.2",
                     "rangeEnd": "$REAL_NODE_SUBNET.254", "gateway": "$REAL_NODE_SUBNET.1"}]],
        "routes": []
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}},
    {"type": "loopback"}
  ]
}
JSON
}

launch_containerd() {
  setenv CONTAINERD_METRICS_PORT "$(free_ports 1)"
  write_containerd_config
  record containerd "http://127.0.0.1:$CONTAINERD_METRICS_PORT/v1/metrics" -- \
    containerd --config="$WORK/node/containerd.toml" --log-level=info
  spawn containerd
}

launch_kubelet() {
  local ports n=$WORK/node
  read -r -a ports <<<"$(free_ports 2)"
  setenv KUBELET_PORT "${ports[0]}"; setenv KUBELET_HEALTHZ_PORT "${ports[1]}"
  mkdir -p "$n/kubelet" "$n/pod-logs"
  cat >"$n/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# cgroup v1 host: kubelet 1.35 refuses to start on v1 unless told not to.
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: $REAL_NODE_CGROUP
cgroupsPerQOS: true
containerRuntimeEndpoint: unix://$n/containerd.sock
address: 127.0.0.1
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
podLogsDir: $n/pod-logs
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $WORK/pki/ca.crt}
authorization: {mode: Webhook}
clusterDomain: cluster.local
clusterDNS: [10.0.0.10]
resolvConf: ""
failSwapOn: false
serializeImagePulls: false
maxPods: 110
# A shared test machine: evict only when really short, never GC images for disk use.
evictionHard: {memory.available: 100Mi, nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
nodeStatusReportFrequency: 10s
syncFrequency: 10s
fileCheckFrequency: 10s
# Otherwise kubelet adds KUBE-FIREWALL (drops non-loopback traffic to 127.0.0.0/8), canary and
# hint chains to the host's iptables, shared by every cluster and never removed; nothing here
# needs them (no kube-proxy).
makeIPTablesUtilChains: false
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
YAML
  make_node_cert "$WORK/pki" "$REAL_NODE_NAME"
  write_kubeconfig "$n/kubelet.kubeconfig" "$WORK/pki" "$API_PORT" "node-$REAL_NODE_NAME"
  record kubelet "http://127.0.0.1:$KUBELET_HEALTHZ_PORT/healthz" -- \
    "$NODE_BIN/kubelet" --config="$n/kubelet.yaml" --kubeconfig="$n/kubelet.kubeconfig" \
    --root-dir="$n/kubelet" --cert-dir="$n/kubelet/pki" \
    --hostname-override="$REAL_NODE_NAME" --node-ip=127.0.0.1 \
    --node-labels="ecs2eks.test/node=real,topology.kubernetes.io/zone=zone-a,topology.kubernetes.io/region=local-1,node.kubernetes.io/instance-type=real" \
    --v=1
  spawn kubelet
}

# start_real_node: everything above, in order; sets up the bridge and cgroup names first.
start_real_node() {
  real_node_prereqs
  NODE_BIN=${ECS2EKS_NODE_BIN_DIR:-$(bash "$here/build-node.sh" | tail -n1)}
  [[ -x $NODE_BIN/kubelet && -x $NODE_BIN/ecs2eks-test ]] || die "no node binaries in '$NODE_BIN'"
  setenv NODE_BIN "$NODE_BIN"
  local suffix=${WORK##*.} n lock
  # Names first: a start that fails from here on is undone by stop_real_node, which needs them.
  setenv REAL_NODE_BRIDGE "ecsbr-$suffix"
  setenv REAL_NODE_NET "ecs2eks-$suffix"
  setenv REAL_NODE_CGROUP "/ecs2eks-$suffix"
  setenv REAL_NODE_NAME "$REAL_NODE_NAME"
  mkdir -p "$REAL_NODE_CLAIMS"
  exec {lock}>"$REAL_NODE_CLAIMS/.lock"
  flock -w 30 "$lock" || die "$REAL_NODE_CLAIMS/.lock held for 30 s"
  n=$(claim_subnet) || { exec {lock}>&-; die "no free 10.88.<n>.0/24 subnet for the real node (claims in $REAL_NODE_CLAIMS)"; }
  setenv REAL_NODE_SUBNET_N "$n"
  # Safety net while any real node runs: 10.88.0.0/16 outside a live bridge's /24 is a blackhole,
  # so traffic to the pod IP of a cluster that is already gone never goes to the default gateway.
  ip route replace blackhole 10.88.0.0/16 || { exec {lock}>&-; die "cannot add the blackhole route 10.88.0.0/16"; }
  exec {lock}>&-
  setenv REAL_NODE_SUBNET "10.88.$n"
  # kubelet wants its cgroupRoot to exist in every hierarchy; a new cpuset cgroup has no cpus or
  # mems until given its parent's. No hierarchy is ever (re)mounted.
  local h
  for h in /sys/fs/cgroup/*/; do
    h=${h%/}
    [[ $h == /sys/fs/cgroup/unified ]] && continue # cgroup2 beside v1: kubelet/runc use v1 only
    mkdir -p "$h$REAL_NODE_CGROUP" || die "cannot create cgroup $h$REAL_NODE_CGROUP"
    if [[ -f $h/cpuset.cpus ]]; then
      cat "$h/cpuset.cpus" >"$h$REAL_NODE_CGROUP/cpuset.cpus"
      cat "$h/cpuset.mems" >"$h$REAL_NODE_CGROUP/cpuset.mems"
    fi
  done
  ip link add name "$REAL_NODE_BRIDGE" type bridge &&
    ip addr add "$REAL_NODE_SUBNET.1/24" dev "$REAL_NODE_BRIDGE" &&
    ip link set "$REAL_NODE_BRIDGE" up || die "cannot create bridge $REAL_NODE_BRIDGE ($REAL_NODE_SUBNET.1/24)"
  start_with_retry node-registry 30 || die "the test image registry did not start"
  start_with_retry containerd 60 || die "containerd did not start"
  start_with_retry kubelet 90 || die "kubelet did not start"
  set_real_node_address
}

# set_real_node_address: kubelet refuses a loopback --node-ip ("nodeIP can't be loopback
# address") and then leaves status.addresses alone (it logs that error at every status update).
# Set them here, as kwok's nodes have them: InternalIP 127.0.0.1, which is where the apiserver
# reaches the kubelet for logs/exec and what pods get as status.hostIP.
set_real_node_address() {
  local i kc=$WORK/kubeconfig
  for ((i = 0; i < 100; i++)); do
    "$BIN/kubectl" --kubeconfig="$kc" get node "$REAL_NODE_NAME" >/dev/null 2>&1 && break
    sleep 0.2
  done
  "$BIN/kubectl" --kubeconfig="$kc" patch node "$REAL_NODE_NAME" --subresource=status --type=merge \
    -p '{"status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"},{"type":"Hostname","address":"'"$REAL_NODE_NAME"'"}]}}' \
    >/dev/null || die "cannot set the addresses of node $REAL_NODE_NAME"
}

# ---------------------------------------------------------------------------------------------
# Teardown (down.sh, before the control plane is signalled). Needs cluster.env sourced.

# mounts_under DIR: mount points at or below DIR, deepest first.
mounts_under() {
  awk -v d="$1/" '{ if (index($5 "/", d) == 1) print length($5), $5 }' /proc/self/mountinfo |
    sort -rn | cut -d' ' -f2-
}

# cgroup_dirs: the cluster's cgroup dirs in every mounted hierarchy, deepest first.
cgroup_dirs() {
  local h
  for h in /sys/fs/cgroup/*/; do
    if [[ -d ${h%/}$REAL_NODE_CGROUP ]]; then find "${h%/}$REAL_NODE_CGROUP" -depth -type d; fi
  done 2>/dev/null
  return 0
}

# cgroup_pids: processes in the cluster's cgroups (pods' containers and pause processes).
cgroup_pids() {
  local d
  while read -r d; do cat "$d/cgroup.procs" 2>/dev/null; done < <(cgroup_dirs) | sort -un
}

# in_our_cgroup PID: PID's cgroup (any hierarchy) is inside the cluster's cgroupRoot.
in_our_cgroup() {
  grep -qE ":$REAL_NODE_CGROUP(/|\$)" "/proc/$1/cgroup" 2>/dev/null
}

# drain_real_node: let kubelet stop every pod properly (CNI DEL, netns removal, volume unmounts)
# while the apiserver, kubelet and containerd are still up. Bounded; down.sh cleans up the rest.
drain_real_node() {
  local kc=$WORK/kubeconfig i sel="spec.nodeName=$REAL_NODE_NAME"
  kctl_n() { "$BIN/kubectl" --kubeconfig="$kc" --request-timeout=5s "$@"; }
  kctl_n get node "$REAL_NODE_NAME" >/dev/null 2>&1 || return 0
  kctl_n cordon "$REAL_NODE_NAME" >/dev/null 2>&1 || true
  kctl_n delete pods -A --field-selector="$sel" --grace-period=1 --wait=false >/dev/null 2>&1 || true
  for ((i = 0; i < 60; i++)); do
    [[ -z $(kctl_n get pods -A --field-selector="$sel" -o name 2>/dev/null) ]] && break
    sleep 0.5
  done
  # The pod objects go once containers are dead; sandboxes are stopped right after.
  for ((i = 0; i < 20; i++)); do
    [[ -z $(ctr --address "$WORK/node/containerd.sock" -n k8s.io tasks ls -q 2>/dev/null) ]] && break
    sleep 0.5
  done
}

# shim_arg PID FLAG: the value of FLAG in PID's argv when PID is a containerd-shim-runc-v2.
shim_arg() {
  local argv=() i
  { mapfile -d '' argv <"/proc/$1/cmdline"; } 2>/dev/null || return 0
  [[ ${argv[0]:-} == */containerd-shim-runc-v2 ]] || return 0
  for ((i = 1; i + 1 < ${#argv[@]}; i++)); do
    if [[ ${argv[i]} == "$2" ]]; then printf '%s' "${argv[i + 1]}"; return 0; fi
  done
}

# kill_shim PID: SIGKILL a shim of this cluster and remove its socket, which containerd 1.6 puts
# at /run/containerd/s/sha256(<containerd socket>/<namespace>/<id>).
kill_shim() {
  local pid=$1 id ns i
  id=$(shim_arg "$pid" -id); ns=$(shim_arg "$pid" -namespace)
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do pid_exited "$pid" && break; sleep 0.05; done
  if [[ -n $id && -n $ns ]]; then
    rm -f "/run/containerd/s/$(printf '%s' "$WORK/node/containerd.sock/$ns/$id" | sha256sum | cut -d' ' -f1)"
  fi
}

# portmap_cleanup: the hostPort rules that CNI portmap made for this cluster's pods (a drained pod
# has none left; a pod that never got its CNI DEL has them), and, when no other real node is left
# (caller holds the claims lock), portmap's shared CNI-HOSTPORT-* chains and their jumps, which
# portmap itself never removes.
portmap_cleanup() {
  local last=$1 n chain
  command -v iptables >/dev/null || return 0
  iptables -t nat -S CNI-HOSTPORT-DNAT >/dev/null 2>&1 || return 0
  while :; do
    read -r n chain < <(iptables -t nat -L CNI-HOSTPORT-DNAT --line-numbers -n 2>/dev/null |
      awk -v net="dnat name: \"$REAL_NODE_NET\"" 'index($0, net) { print $1, $2; exit }') || true
    [[ -n ${n:-} ]] || break
    iptables -t nat -D CNI-HOSTPORT-DNAT "$n" || break
    iptables -t nat -F "$chain" 2>/dev/null && iptables -t nat -X "$chain" 2>/dev/null || true
    n=
  done
  if ((last)) && [[ -z $(iptables -t nat -S CNI-HOSTPORT-DNAT | grep -v '^-N' || true) ]]; then
    iptables -t nat -D PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT 2>/dev/null || true
    iptables -t nat -D OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT 2>/dev/null || true
    iptables -t nat -D POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ 2>/dev/null || true
    for chain in CNI-HOSTPORT-DNAT CNI-HOSTPORT-MASQ CNI-HOSTPORT-SETMARK; do
      iptables -t nat -F "$chain" 2>/dev/null || true
      iptables -t nat -X "$chain" 2>/dev/null || true
    done
    # iptables-nft made the nat tables for portmap; drop them again if nothing else is in them
    # (any iptables-nft user gets them back on its next rule).
    local save fam
    for fam in ip ip6; do
      save=iptables-save; [[ $fam == ip6 ]] && save=ip6tables-save
      command -v nft >/dev/null && nft list table "$fam" nat >/dev/null 2>&1 || continue
      if [[ -z $("$save" -t nat 2>/dev/null | grep -E '^(-A |:[^ ]+ - )' || true) ]]; then
        nft delete table "$fam" nat 2>/dev/null || true
      fi
    done
  fi
}

stop_real_node() {
  [[ -n ${REAL_NODE_CGROUP:-} ]] || return 0
  local pid f i m left
  if [[ -f $WORK/pids/kubelet.pid ]] && pid_is_ours "$(<"$WORK/pids/kubelet.pid")" "$WORK" &&
    [[ -f $WORK/pids/kube-apiserver.pid ]]; then
    drain_real_node
  fi
  stop kubelet
  # What the drain left: kill the processes of the cluster's cgroups (containers, pause).
  for ((i = 0; i < 3; i++)); do
    left=$(cgroup_pids)
    [[ -z $left ]] && break
    for pid in $left; do in_our_cgroup "$pid" && kill -KILL "$pid" 2>/dev/null || true; done
    sleep 0.3
  done
  stop containerd
  # Shims outlive containerd by design; their pids are recorded in containerd's state dir.
  for f in "$WORK"/node/containerd/state/io.containerd.runtime.v2.task/*/*/shim.pid; do
    [[ -f $f ]] || continue
    pid=$(<"$f")
    if pid_is_ours "$pid" "$WORK"; then kill_shim "$pid"; fi
  done
  # A shim whose state dir is gone (a work dir deleted by hand) is still recognisable: its
  # -address argument is exactly this cluster's containerd socket.
  for f in /proc/[0-9]*/cmdline; do
    pid=${f#/proc/}; pid=${pid%/cmdline}
    if [[ $(shim_arg "$pid" -address) == "$WORK/node/containerd.sock" ]]; then kill_shim "$pid"; fi
  done
  stop node-registry
  # Rootfs overlays, sandbox shm, netns (under the state dir), kubelet's tmpfs volumes.
  for ((i = 0; i < 5; i++)); do
    left=$(mounts_under "$WORK")
    [[ -z $left ]] && break
    while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done <<<"$left"
  done
  # Veths die with their netns; anything still on the bridge goes with it.
  if ip link show "$REAL_NODE_BRIDGE" >/dev/null 2>&1; then
    while read -r m; do
      if [[ -n $m ]]; then ip link del "$m" 2>/dev/null || true; fi
    done < <(ip -o link show master "$REAL_NODE_BRIDGE" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1)
    ip link del "$REAL_NODE_BRIDGE" 2>/dev/null || log "could not delete bridge $REAL_NODE_BRIDGE"
  fi
  for ((i = 0; i < 20; i++)); do
    left=$(cgroup_dirs)
    [[ -z $left ]] && break
    while read -r m; do rmdir "$m" 2>/dev/null || true; done <<<"$left"
    [[ -z $(cgroup_dirs) ]] && break
    sleep 0.25
  done
  [[ -z $(cgroup_dirs) ]] || log "cgroups left under $REAL_NODE_CGROUP: $(cgroup_dirs | head -3)"
  # kubelet links container logs into the fixed /var/log/containers; libcni caches results in
  # /var/lib/cni/results (named after the per-cluster network).
  for f in /var/log/containers/*.log; do
    if [[ -L $f && $(readlink "$f") == "$WORK/"* ]]; then rm -f "$f"; fi
  done
  rm -f /var/lib/cni/results/"$REAL_NODE_NET"-*
  if [[ -n ${REAL_NODE_SUBNET_N:-} && -d $REAL_NODE_CLAIMS ]]; then
    local lock
    exec {lock}>"$REAL_NODE_CLAIMS/.lock"
    # Bounded: a start that died holding the lock (same process, other fd) must not hang here.
    flock -w 10 "$lock" || log "$REAL_NODE_CLAIMS/.lock held for 10 s; releasing the claim anyway"
    if [[ $(cat "$REAL_NODE_CLAIMS/$REAL_NODE_SUBNET_N/owner" 2>/dev/null) == "$WORK" ]]; then
      rm -rf "${REAL_NODE_CLAIMS:?}/$REAL_NODE_SUBNET_N"
    fi
    # The last real node takes the blackhole route and portmap's shared chains with it.
    if [[ -z $(find "$REAL_NODE_CLAIMS" -mindepth 1 -maxdepth 1 -type d) ]]; then
      ip route del blackhole 10.88.0.0/16 2>/dev/null || true
      portmap_cleanup 1
    else
      portmap_cleanup 0
    fi
    exec {lock}>&-
  fi
}
