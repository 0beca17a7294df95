# PKI for one throwaway cluster, made with the system openssl. Sourced by up.sh.
# Layout in $1 (the cluster's pki dir):
#   ca.crt/ca.key           the cluster CA (client certs, serving certs, CSR signing)
#   serving.crt/.key        kube-apiserver serving cert for 127.0.0.1/localhost/kubernetes.default...
#   admin.crt/.key          client cert CN=ecs2eks-admin, O=system:masters (kubeconfig user)
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
    issue front-proxy-ca front-proxy-client "/CN=front-proxy-client" client.ext
    # Service-account tokens: RSA, as the signing key of kube-apiserver's default RS256.
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key 2>/dev/null
    openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null
    openssl verify -CAfile ca.crt serving.crt admin.crt >/dev/null
    openssl verify -CAfile front-proxy-ca.crt front-proxy-client.crt >/dev/null
  ) || die "PKI generation with openssl failed in $d"
}

# write_kubeconfig FILE PKI_DIR API_PORT: admin kubeconfig with absolute paths to the PKI files,
# so the same file works for kubectl, the controllers, kwok and @kubernetes/client-node.
write_kubeconfig() {
  local f=$1 pki=$2 port=$3
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
    client-certificate: $pki/admin.crt
    client-key: $pki/admin.key
contexts:
- name: ecs2eks-test
  context:
    cluster: ecs2eks-test
    user: ecs2eks-admin
    namespace: default
current-context: ecs2eks-test
YAML
}
