# PKI for one throwaway cluster, made with the system openssl. Sourced by up.sh.
# Layout in $1 (the cluster's pki dir):
#   ca.crt/ca.key           the cluster CA (client certs, serving certs, CSR signing)
#   serving.crt/.key        kube-apiserver serving cert for 127.0.0.1/localhost/kubernetes.default...
#   admin.crt/.key          client cert CN=ecs2eks-admin, O=system:masters (kubeconfig user)
#   kubelet-client.crt/.key client cert the apiserver shows kubelets (logs, exec, port-forward),
#                           O=system:masters; only a real kubelet (lib/real-node.sh) checks it
#   node-*.crt/.key         a real node's kubelet client cert, CN=system:node:NAME, O=system:nodes
#                           (make_node_cert, called by lib/real-node.sh)
#   sa.key/sa.pub           service-account token signing pair
#   front-proxy-ca.crt/.key, front-proxy-client.crt/.key
#                           request-header (aggregation) trust: a CA of its own, because any cert
#                           it signs may assert arbitrary users to the apiserver
# Separate serving and admin certs (instead of one cert for everything) so that nothing that only
# serves TLS is also a cluster-admin credential.

make_pki() { # make_pki DIR
  local d=$1
  mkdir -p "$d"
  (
    cd "$d"
    umask 077
    cat >ca.cnf <<'CNF'
[req]
prompt = no
distinguished_name = dn
[dn]
CN = ecs2eks-test-ca
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
CNF
    cat >serving.ext <<'EXT'
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.0.0.1
EXT
    cat >client.ext <<'EXT'
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
EXT
    # ECDSA P-256 keys: generating RSA keys costs seconds of CPU per cluster on 2 cores.
    new_ca() { # new_ca NAME CN
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
        -keyout "$1.key" -out "$1.crt" -config ca.cnf -extensions v3_ca -subj "/CN=$2" 2>/dev/null
    }
    issue() { # issue CA NAME SUBJECT EXTFILE
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$2.key" -out "$2.csr" -subj "$3" 2>/dev/null
      openssl x509 -req -in "$2.csr" -CA "$1.crt" -CAkey "$1.key" -CAcreateserial -days 365 \
        -out "$2.crt" -extfile "$4" 2>/dev/null
      rm -f "$2.csr"
    }
    new_ca ca ecs2eks-test-ca
    new_ca front-proxy-ca ecs2eks-test-front-proxy-ca
    issue ca serving "/CN=kube-apiserver" serving.ext
    issue ca admin "/O=system:masters/CN=ecs2eks-admin" client.ext
    issue ca kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" client.ext
    issue front-proxy-ca front-proxy-client "/CN=front-proxy-client" client.ext
    # Service-account tokens: RSA, as the signing key of kube-apiserver's default RS256.
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key 2>/dev/null
    openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null
    openssl verify -CAfile ca.crt serving.crt admin.crt kubelet-client.crt >/dev/null
    openssl verify -CAfile front-proxy-ca.crt front-proxy-client.crt >/dev/null
  ) || die "PKI generation with openssl failed in $d"
}

# make_node_cert PKI_DIR NODE: client cert node-NODE.crt/.key for NODE's kubelet, in the identity
# the Node authorizer and the system:node ClusterRole expect (user system:node:NODE, group
# system:nodes).
make_node_cert() {
  local d=$1 node=$2
  (
    cd "$d"
    umask 077
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout "node-$node.key" -out "node-$node.csr" -subj "/O=system:nodes/CN=system:node:$node" 2>/dev/null
    openssl x509 -req -in "node-$node.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 \
      -out "node-$node.crt" -extfile client.ext 2>/dev/null
    rm -f "node-$node.csr"
    openssl verify -CAfile ca.crt "node-$node.crt" >/dev/null
  ) || die "issuing the client cert of node $node failed in $d"
}

# write_kubeconfig FILE PKI_DIR API_PORT [CERT_NAME]: kubeconfig (default: the admin cert) with absolute paths to the PKI files,
# so the same file works for kubectl, the controllers, kwok and @kubernetes/client-node.
write_kubeconfig() {
  local f=$1 pki=$2 port=$3 user=${4:-admin}
  cat >"$f" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: ecs2eks-test
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority: $pki/ca.crt
users:
- name: ecs2eks-admin
  user:
    client-certificate: $pki/$user.crt
    client-key: $pki/$user.key
contexts:
- name: ecs2eks-test
  context:
    cluster: ecs2eks-test
    user: ecs2eks-admin
    namespace: default
current-context: ecs2eks-test
YAML
}
