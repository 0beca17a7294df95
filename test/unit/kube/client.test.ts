/**
 * HttpTransport on the wire, against a loopback HTTP server on 127.0.0.1 that records requests and
 * replies with canned bytes. It checks what OUR client sends and how it reads responses; it does
 * not imitate apiserver behaviour (that is covered by the e2e tests against a real apiserver).
 */
import { expect } from 'chai';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { HttpTransport, loadKubeConfig, type WatchEvent } from '../../../src/kube/client.js';
import { KubeApi } from '../../../src/kube/api.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import { classifyError } from '../../../src/controller/errors.js';
import { createMetrics } from '../../../src/base/metrics.js';
import { ManualClock, flush } from '../controller/support/manual-clock.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Reply = (req: Seen, res: http.ServerResponse) => void;

async function loopback(
  reply: Reply,
): Promise<{ port: number; seen: Seen[]; connections: () => number; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(s);
      reply(s, res);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function kubeconfigFor(port: number): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

const json = (res: http.ServerResponse, code: number, body: unknown): void => {
  res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
};

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('HttpTransport', () => {
  let srv: Awaited<ReturnType<typeof loopback>>;
  let transport: HttpTransport;
  afterEach(async () => {
    transport?.close();
    await srv?.close();
  });

  it('sends a server-side apply verbatim, with our query parameters, content type and bearer token', async () => {
    srv = await loopback((_req, res) => json(res, 200, { kind: 'Deployment', metadata: { name: 'web' } }));
    transport = new HttpTransport(kubeconfigFor(srv.port));
    const api = new KubeApi(transport);
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'ns' },
      spec: { bogusField: 1 },
    };
    const out = await api.apply(RESOURCES.deployments, obj);
    expect(out.metadata.name).to.equal('web');
    const s = srv.seen[0];
    expect(s.method).to.equal('PATCH');
    const url = new URL(s.url, 'http://x');
    expect(url.pathname).to.equal('/apis/apps/v1/namespaces/ns/deployments/web');
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({
      fieldManager: 'ecs2eks',
      force: 'true',
      fieldValidation: 'Strict',
    });
    expect(s.headers['content-type']).to.equal('application/apply-patch+yaml');
    expect(s.headers['authorization']).to.equal('Bearer secret-token');
    expect(JSON.parse(s.body), 'unknown fields are not dropped on the way out').to.deep.equal(obj);
  });

  it('throws an ApiException carrying the Status, which classifyError maps', async () => {
    const status = {
      kind: 'Status',
      code: 422,
      reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid',
      details: { causes: [{ field: 'spec.replicas' }] },
    };
    srv = await loopback((_req, res) => json(res, 422, status));
    transport = new HttpTransport(kubeconfigFor(srv.port));
    let err: unknown;
    await new KubeApi(transport).get(RESOURCES.deployments, 'ns', 'web').catch((e: unknown) => (err = e));
    expect(err).to.include({ code: 422 });
    expect((err as { body: unknown }).body).to.deep.equal(status);
    expect((err as Error).message).to.equal('HTTP 422: Deployment.apps "web" is invalid');
    const d = classifyError(err);
    expect(d.action === 'noRetry' && d.user.path).to.equal('spec.replicas');
  });

  it('returns undefined for a 404 from getOrUndefined and rethrows other errors', async () => {
    srv = await loopback((req, res) =>
      req.url.includes('missing') ? json(res, 404, { kind: 'Status', code: 404 }) : json(res, 500, { message: 'boom' }),
    );
    transport = new HttpTransport(kubeconfigFor(srv.port));
    const api = new KubeApi(transport);
    expect(await api.getOrUndefined(RESOURCES.services, 'ns', 'missing')).to.equal(undefined);
    let err: unknown;
    await api.getOrUndefined(RESOURCES.services, 'ns', 'other').catch((e: unknown) => (err = e));
    expect(err).to.include({ code: 500 });
  });

  it('counts requests by verb and resource', async () => {
    srv = await loopback((_req, res) => json(res, 200, { items: [], metadata: {} }));
    const metrics = createMetrics(new Registry());
    transport = new HttpTransport(kubeconfigFor(srv.port), { metrics });
    const api = new KubeApi(transport);
    await api.list(RESOURCES.deployments, 'ns');
    await api.list(RESOURCES.deployments, 'ns');
    await api.get(RESOURCES.leases, 'ecs2eks-system', 'l');
    const text = await metrics.registry.metrics();
    expect(text).to.contain('ecs2eks_api_requests_total{verb="list",resource="deployments.apps"} 2');
    expect(text).to.contain('ecs2eks_api_requests_total{verb="get",resource="leases.coordination.k8s.io"} 1');
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    srv = await loopback((_req, res) => json(res, 200, {}));
    transport = new HttpTransport(kubeconfigFor(srv.port));
    const api = new KubeApi(transport);
    for (let i = 0; i < 5; i++) await api.get(RESOURCES.pods, 'ns', `p${i}`);
    expect(srv.seen).to.have.length(5);
    expect(srv.connections()).to.equal(1);
  });

  it('holds requests beyond the burst until the token bucket refills', async () => {
    srv = await loopback((_req, res) => json(res, 200, {}));
    const clock = new ManualClock();
    transport = new HttpTransport(kubeconfigFor(srv.port), { qps: 10, burst: 2, clock });
    const api = new KubeApi(transport);
    const all = Promise.all([0, 1, 2].map((i) => api.get(RESOURCES.pods, 'ns', `p${i}`)));
    await until(() => srv.seen.length >= 2);
    await new Promise((r) => setTimeout(r, 30));
    expect(srv.seen).to.have.length(2);
    await clock.advance(100);
    await all;
    expect(srv.seen).to.have.length(3);
  });

  it('streams watch events line by line with timeoutSeconds and bookmarks, ending when the server closes', async () => {
    srv = await loopback((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(
        JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '5' } } }) +
          '\n' +
          '{"type":"MODI',
      );
      setTimeout(() => {
        res.write('FIED","object":{"metadata":{"name":"a","resourceVersion":"6"}}}\n');
        res.end(JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } }) + '\n');
      }, 10);
    });
    transport = new HttpTransport(kubeconfigFor(srv.port));
    const events: WatchEvent[] = [];
    const w = new KubeApi(transport).watch(
      RESOURCES.ecsServices,
      '',
      { resourceVersion: '4', timeoutSeconds: 300, allowWatchBookmarks: true },
      (e) => events.push(e),
    );
    await w.done;
    expect(events.map((e) => e.type)).to.deep.equal(['ADDED', 'MODIFIED', 'BOOKMARK']);
    const url = new URL(srv.seen[0].url, 'http://x');
    expect(url.pathname).to.equal('/apis/ecs2eks.dev/v1alpha1/services');
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({
      resourceVersion: '4',
      timeoutSeconds: '300',
      allowWatchBookmarks: 'true',
      watch: 'true',
    });
  });

  it('rejects a watch refused with HTTP 410 and resolves an aborted one', async () => {
    srv = await loopback((req, res) => {
      if (req.url.includes('resourceVersion=1&'))
        return json(res, 410, { kind: 'Status', code: 410, reason: 'Expired' });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('\n'); // keep the stream open
    });
    transport = new HttpTransport(kubeconfigFor(srv.port));
    const api = new KubeApi(transport);
    let err: unknown;
    await api
      .watch(RESOURCES.pods, 'ns', { resourceVersion: '1', timeoutSeconds: 60 }, () => {})
      .done.catch((e: unknown) => (err = e));
    expect(err).to.include({ code: 410 });
    const open = api.watch(RESOURCES.pods, 'ns', { resourceVersion: '2', timeoutSeconds: 60 }, () => {});
    await until(() => srv.seen.length === 2);
    await flush();
    open.abort();
    await open.done;
  });

  it('loads a kubeconfig file, with a context override, and refuses one without a current cluster', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs2eks-kc-'));
    const file = join(dir, 'config');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: a, cluster: {server: "https://127.0.0.1:6443"}}, {name: b, cluster: {server: "https://127.0.0.1:7443"}}]',
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: ca, context: {cluster: a, user: u}}, {name: cb, context: {cluster: b, user: u}}]',
        'current-context: ca',
      ].join('\n'),
    );
    expect(loadKubeConfig({ kubeconfig: file }).getCurrentCluster()?.server).to.equal('https://127.0.0.1:6443');
    expect(loadKubeConfig({ kubeconfig: file, context: 'cb' }).getCurrentCluster()?.server).to.equal(
      'https://127.0.0.1:7443',
    );
    writeFileSync(file, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    expect(() => loadKubeConfig({ kubeconfig: file })).to.throw('no current cluster');
    rmSync(dir, { recursive: true });
  });
});
