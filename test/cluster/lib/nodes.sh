# Fake nodes for kwok. Sourced by up.sh.
# NODES nodes (default 6) spread round-robin over zone-a/zone-b/zone-c, each 4 CPU / 16Gi / 110 pods,
# labelled like EKS worker nodes so topology spread and zonal placement can be tested.
# Status is part of the create body: kwok's node-initialize stage keeps capacity/allocatable and
# addresses that are already there and only adds the Ready conditions.

nodes_yaml() { # nodes_yaml COUNT
  local n=$1 i zones=(zone-a zone-b zone-c) zone name
  for ((i = 0; i < n; i++)); do
    zone=${zones[i % 3]}
    name=$(printf 'kwok-node-%02d' "$i")
    cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: $name
  labels:
    kubernetes.io/hostname: $name
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    node.kubernetes.io/instance-type: m5.xlarge
    topology.kubernetes.io/region: local-1
    topology.kubernetes.io/zone: $zone
    type: kwok
  annotations:
    kwok.x-k8s.io/node: fake
status:
  capacity: {cpu: "4", memory: 16Gi, pods: "110", ephemeral-storage: 100Gi}
  allocatable: {cpu: "4", memory: 16Gi, pods: "110", ephemeral-storage: 100Gi}
  addresses:
  - {type: InternalIP, address: 127.0.0.1}
  - {type: Hostname, address: $name}
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
YAML
  done
}
