import { expect } from 'chai';
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { request } from 'node:https';
import { Registry } from 'prom-client';
import { KubeApi } from '../../../src/kube/api.js';
import type { KubeRequest } from '../../../src/kube/client.js';
import { HealthServer } from '../../../src/kube/health.js';
import { KubeRequestAuthorizer, type AuthDecision, type RequestAuthorizer } from '../../../src/kube/metrics-auth.js';
import { selfSignedCertificate, selfSignedDer } from '../../../src/kube/selfsigned.js';
import { RecordingTransport } from './support/recording-transport.js';

/** A fake apiserver for the two review APIs: tokens map to users, users to whether they may get /metrics. */
function reviewer(users: Record<string, { name: string; groups: string[] }>, allowed: Set<string>) {
  return (req: KubeRequest): unknown => {
    const body = req.body as { spec: Record<string, unknown> };
    if (req.path === '/apis/authentication.k8s.io/v1/tokenreviews') {
      const u = users[body.spec.token as string];
      return { status: u ? { authenticated: true, user: { username: u.name, groups: u.groups } } : { error: 'bad' } };
    }
    if (req.path === '/apis/authorization.k8s.io/v1/subjectaccessreviews') {
      const attrs = body.spec.nonResourceAttributes as { path: string; verb: string };
      return { status: { allowed: allowed.has(body.spec.user as string) && attrs.path === '/metrics' } };
    }
    throw new Error(`unexpected request ${req.method} ${req.path}`);
  };
}

describe('KubeRequestAuthorizer', () => {
  const users = { good: { name: 'system:serviceaccount:monitoring:prometheus', groups: ['system:serviceaccounts'] } };
  const users2 = { ...users, other: { name: 'system:serviceaccount:team:app', groups: ['system:serviceaccounts'] } };

  it('allows a token whose user may get /metrics, sending the user and groups in the SubjectAccessReview', async () => {
    const t = new RecordingTransport(reviewer(users, new Set([users.good.name])));
    const d = await new KubeRequestAuthorizer(new KubeApi(t)).authorize('Bearer good', '/metrics');
    expect(d).to.deep.equal({ status: 200, user: users.good.name });
    expect(t.requests.map((r) => [r.method, r.path])).to.deep.equal([
      ['POST', '/apis/authentication.k8s.io/v1/tokenreviews'],
      ['POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews'],
    ]);
    expect((t.requests[0].body as { spec: unknown }).spec).to.deep.equal({ token: 'good' });
    expect((t.requests[1].body as { spec: unknown }).spec).to.deep.equal({
      user: users.good.name,
      groups: ['system:serviceaccounts'],
      nonResourceAttributes: { path: '/metrics', verb: 'get' },
    });
  });

  it('answers 401 without a bearer token (no review) and for a token the apiserver does not authenticate', async () => {
    const t = new RecordingTransport(reviewer(users, new Set()));
    const a = new KubeRequestAuthorizer(new KubeApi(t));
    for (const header of [undefined, '', 'Basic Zm9vOmJhcg==', 'Bearer']) {
      const d = await a.authorize(header, '/metrics');
      expect(d.status, String(header)).to.equal(401);
    }
    expect(t.requests, 'no review without a token').to.have.lengthOf(0);
    const d = await a.authorize('Bearer forged', '/metrics');
    expect(d).to.deep.equal({ status: 401, message: 'the token was not authenticated: bad' });
    expect(t.requests, 'no access review for an unauthenticated token').to.have.lengthOf(1);
  });

  it('answers 403 naming the user and the role to bind when the access review says no', async () => {
    const t = new RecordingTransport(reviewer(users2, new Set([users.good.name])));
    const d = await new KubeRequestAuthorizer(new KubeApi(t)).authorize('Bearer other', '/metrics');
    expect(d.status).to.equal(403);
    expect((d as { message: string }).message).to.equal(
      'system:serviceaccount:team:app may not get /metrics: bind it to the ecs2eks-metrics-reader ClusterRole',
    );
  });

  it('reuses a decision for the TTL, per token, and keeps at most maxEntries', async () => {
    let now = 0;
    const t = new RecordingTransport(reviewer(users2, new Set([users.good.name])));
    const a = new KubeRequestAuthorizer(new KubeApi(t), { ttlMs: 1000, maxEntries: 1, now: () => now });
    await a.authorize('Bearer good', '/metrics');
    await a.authorize('Bearer good', '/metrics');
    expect(t.requests).to.have.lengthOf(2);
    now = 1001;
    await a.authorize('Bearer good', '/metrics');
    expect(t.requests, 'reviewed again after the TTL').to.have.lengthOf(4);
    expect((await a.authorize('Bearer other', '/metrics')).status).to.equal(403);
    expect(t.requests).to.have.lengthOf(6);
    await a.authorize('Bearer good', '/metrics');
    expect(t.requests, 'the one entry now holds the other token').to.have.lengthOf(8);
  });
});

describe('selfSignedCertificate', () => {
  it('is a v3 certificate for the names asked, signed by its own key, valid from an hour ago for a year', () => {
    const now = new Date('2026-11-29T12:00:00Z');
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const x = new X509Certificate(
      selfSignedDer(
        { commonName: 'ecs2eks-operator', altNames: ['localhost', '127.0.0.1'], now },
        publicKey,
        privateKey,
      ),
    );
    expect(x.subject).to.equal('CN=ecs2eks-operator');
    expect(x.issuer).to.equal('CN=ecs2eks-operator');
    expect(x.subjectAltName).to.equal('DNS:localhost, IP Address:127.0.0.1');
    expect(x.verify(publicKey)).to.equal(true);
    expect(x.ca).to.equal(false);
    expect(x.keyUsage).to.deep.equal(['1.3.6.1.5.5.7.3.1']);
    expect(new Date(x.validFrom).toISOString()).to.equal('2026-11-29T11:00:00.000Z');
    expect(new Date(x.validTo).toISOString()).to.equal('2027-11-29T12:00:00.000Z');
    expect(x.checkHost('localhost')).to.equal('localhost');
    expect(x.checkIP('127.0.0.1')).to.equal('127.0.0.1');
  });

  it('pairs the PEM key with the PEM certificate', () => {
    const c = selfSignedCertificate({ commonName: 'x', altNames: ['localhost'] });
    const x = new X509Certificate(c.cert);
    expect(x.checkPrivateKey(createPrivateKey(c.key))).to.equal(true);
  });
});

describe('HealthServer with secure metrics', () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const fixed: RequestAuthorizer = {
    authorize: (h): Promise<AuthDecision> =>
      Promise.resolve(
        h === 'Bearer ok'
          ? { status: 200, user: 'u' }
          : h
            ? { status: 403, message: 'u may not get /metrics' }
            : { status: 401, message: 'a bearer token is required' },
      ),
  };

  function get(port: number, ca: string, token?: string): Promise<{ status: number; body: string; auth?: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/metrics', ca, headers: token ? { Authorization: `Bearer ${token}` } : {} },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body, auth: res.headers['www-authenticate'] }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('serves /metrics over TLS (verified against its certificate) only to allowed callers; probes stay HTTP', async () => {
    const tls = selfSignedCertificate({ commonName: 'test', altNames: ['127.0.0.1'] });
    server = new HealthServer({
      metricsAddress: { host: '127.0.0.1', port: 0 },
      probeAddress: { host: '127.0.0.1', port: 0 },
      registry: new Registry(),
      metricsSecurity: { tls, authorizer: fixed },
    });
    const addr = await server.start();
    const m = addr.metrics!.port;
    expect(await get(m, tls.cert)).to.deep.include({ status: 401, auth: 'Bearer' });
    expect((await get(m, tls.cert, 'nope')).status).to.equal(403);
    expect((await get(m, tls.cert, 'ok')).status).to.equal(200);
    const plain = await fetch(`http://127.0.0.1:${m}/metrics`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain, 'plain HTTP to the TLS port gets no metrics').to.not.equal(200);
    expect((await fetch(`http://127.0.0.1:${addr.probes!.port}/healthz`)).status).to.equal(200);
  });

  it('answers 503 when the review cannot be made, and refuses one address for TLS metrics and HTTP probes', async () => {
    const tls = selfSignedCertificate({ commonName: 'test', altNames: ['127.0.0.1'] });
    server = new HealthServer({
      metricsAddress: { host: '127.0.0.1', port: 0 },
      probeAddress: null,
      registry: new Registry(),
      metricsSecurity: { tls, authorizer: { authorize: () => Promise.reject(new Error('apiserver down')) } },
    });
    const addr = await server.start();
    expect((await get(addr.metrics!.port, tls.cert, 'ok')).status).to.equal(503);
    const shared = new HealthServer({
      metricsAddress: { host: '127.0.0.1', port: 18_443 },
      probeAddress: { host: '127.0.0.1', port: 18_443 },
      registry: new Registry(),
      metricsSecurity: { tls, authorizer: fixed },
    });
    let err: unknown;
    await shared.start().catch((e: unknown) => (err = e));
    expect((err as Error).message).to.equal('secure metrics and plain-HTTP probes cannot share one address');
  });
});
