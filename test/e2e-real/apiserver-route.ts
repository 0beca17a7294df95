// How a pod on the real node reaches the apiserver of the local control plane, which has no
// kube-proxy: the `kubernetes` Service's ClusterIP (10.0.0.1) routes nowhere, and the apiserver
// listens on 127.0.0.1 only, which is the pod's own loopback inside its network namespace. Pods
// do reach the host's address on their bridge (10.88.N.1), so the test listens there and relays
// every connection to the apiserver, byte for byte (TLS stays end to end, this is no proxy that
// terminates it): the part of kube-proxy that the `kubernetes` Service needs, for the length of
// the test. Pods name it `kubernetes.default.svc` (KUBERNETES_SERVICE_HOST, resolved through a
// hostAlias), which the apiserver's serving certificate is valid for (test/cluster/lib/pki.sh);
// the bridge address is not in it.
//
// Chosen over hostNetwork: two replicas on one node would collide on their probe and metrics
// ports (and with anything else on the host), the namespace's Pod Security level (restricted)
// forbids hostNetwork, and test/cluster/README.md keeps real-node pods off the host's network.
import net from 'node:net';

/** A listening relay; `close()` stops it and cuts the connections it carries. */
export interface ApiserverRoute {
  host: string;
  port: number;
  /** Connections relayed so far (a pod that never connected shows 0). */
  connections(): number;
  close(): Promise<void>;
}

/** routeToApiserver listens on `host` (a random port) and relays to 127.0.0.1:`apiPort`. */
export async function routeToApiserver(host: string, apiPort: number): Promise<ApiserverRoute> {
  const open = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((client) => {
    count++;
    const upstream = net.connect(apiPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
    }
    client.pipe(upstream).on('error', () => client.destroy());
    upstream.pipe(client).on('error', () => upstream.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    host,
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
