/**
 * Starts the ECS API server: loads the caller's kubeconfig (and the credentials file), builds one
 * Kubernetes client per identity, refuses an address other machines can reach unless requests
 * must be signed, and listens until stopped.
 */
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import type { Logger } from '../base/log.js';
import { KubeApi } from '../kube/api.js';
import { HttpTransport, loadKubeConfig, type KubeConfigSource } from '../kube/client.js';
import { API_FIELD_MANAGER, type ApiConfig } from './context.js';
import type { Credential } from './credentials.js';
import { createEcsApiServer } from './server.js';

export interface ServeOptions {
  host: string;
  port: number;
  kube: KubeConfigSource;
  config: ApiConfig;
  credentials?: Credential[];
  log: Logger;
}

/** True for an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export interface Serving {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

export async function serveEcsApi(opts: ServeOptions): Promise<Serving> {
  if (!isLoopback(opts.host) && !opts.credentials?.length)
    throw new Error(
      `refusing to listen on ${opts.host}: without --credentials anyone who reaches it acts with your Kubernetes identity (listen on 127.0.0.1, or give --credentials)`,
    );
  const kc = loadKubeConfig(opts.kube);
  const transports: HttpTransport[] = [];
  const clients = new Map<string, KubeApi>();
  const clientFor = (c: Credential | undefined): KubeApi => {
    const key = c ? `key:${c.accessKeyId}` : 'self';
    let api = clients.get(key);
    if (!api) {
      const t = new HttpTransport(kc, {
        userAgent: 'ecs2eks-ecs-api',
        ...(c ? { impersonate: { user: c.user, groups: c.groups } } : {}),
      });
      transports.push(t);
      api = new KubeApi(t, API_FIELD_MANAGER);
      clients.set(key, api);
    }
    return api;
  };
  const server = createEcsApiServer({
    config: opts.config,
    kubeFor: clientFor,
    credentials: opts.credentials,
    log: opts.log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const t of transports) t.close();
      }),
  };
}
