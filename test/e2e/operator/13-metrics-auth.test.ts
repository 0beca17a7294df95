// Scenario 13: /metrics is not for anyone who can reach the port. The operator runs as the
// manifests ship it (--metrics-secure): HTTPS with a self-signed certificate, and a bearer token is
// checked with a TokenReview and a SubjectAccessReview. A ServiceAccount bound to the shipped
// ecs2eks-metrics-reader ClusterRole reads the metrics; another ServiceAccount gets 403, no token or
// a forged one 401, and plain HTTP gets nothing.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/env.js';
import { kubectl } from '../support/kubectl.js';
import type { OperatorProcess } from '../support/operator.js';
import { ensureCrds, useOperator } from './helpers.js';

before(ensureCrds);

describe('operator: secure metrics (TokenReview + SubjectAccessReview)', function () {
  this.timeout(120_000);
  let ns = '';
  let op: OperatorProcess;
  useOperator('e2e-metrics', 'metrics', (n, o) => ((ns = n), (op = o)), { metricsSecure: true });
  const binding = () => `${ns}-scraper-metrics`;

  before(async function () {
    // The role exactly as shipped, and a binding for one of two ServiceAccounts.
    await kubectl(
      ['apply', '-f', '-'],
      readFileSync(join(repoRoot, 'manifests/rbac/metrics_reader_clusterrole.yaml'), 'utf8'),
    );
    await kubectl(['-n', ns, 'create', 'serviceaccount', 'scraper']);
    await kubectl(['-n', ns, 'create', 'serviceaccount', 'bystander']);
    await kubectl([
      'create',
      'clusterrolebinding',
      binding(),
      '--clusterrole=ecs2eks-metrics-reader',
      `--serviceaccount=${ns}:scraper`,
    ]);
  });
  after(async function () {
    await kubectl(['delete', 'clusterrolebinding', binding(), '--ignore-not-found']);
  });

  const token = async (sa: string) => (await kubectl(['-n', ns, 'create', 'token', sa, '--duration=10m'])).trim();

  it('serves metrics over HTTPS to a ServiceAccount bound to ecs2eks-metrics-reader', async function () {
    const r = await op.scrapeSecure(await token('scraper'));
    expect(r.status, r.body.slice(0, 300)).to.equal(200);
    expect(r.body).to.match(/^controller_runtime_reconcile_total|^# HELP /m);
    expect(r.body).to.contain('ecs2eks_api_requests_total');
    // The self-signed certificate names the loopback address it is reached on.
    expect(r.cert.subjectaltname).to.contain('IP Address:127.0.0.1');
  });

  it('refuses another ServiceAccount (403), no token and a forged token (401), and plain HTTP', async function () {
    const other = await op.scrapeSecure(await token('bystander'));
    expect(other.status).to.equal(403);
    expect(other.body).to.contain(`system:serviceaccount:${ns}:bystander may not get /metrics`);
    expect(other.body).to.not.contain('ecs2eks_api_requests_total');
    const none = await op.scrapeSecure();
    expect(none.status).to.equal(401);
    const forged = await op.scrapeSecure('eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl');
    expect(forged.status).to.equal(401);
    expect(forged.body).to.not.contain('ecs2eks_api_requests_total');
    const plain = await fetch(`http://127.0.0.1:${op.metricsPort}/metrics`, {
      signal: AbortSignal.timeout(5_000),
    }).then(
      async (res) => `${res.status} ${await res.text()}`,
      (err: unknown) => `failed: ${(err as Error).message}`,
    );
    expect(plain, 'plain HTTP gets no metrics').to.not.contain('ecs2eks_api_requests_total');
  });
});
