import { expect } from 'chai';
import { Applier, requireApplied, type ObjectCache } from '../../../src/kube/apply.js';
import { KubeApi, type LiveObject } from '../../../src/kube/api.js';
import { Discovery, KindNotServedError } from '../../../src/kube/discovery.js';
import { prepareDesired } from '../../../src/kube/plan.js';
import { MANAGED_BY_LABEL, type Owner } from '../../../src/kube/ownership.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import { UserError, RequeueAfter } from '../../../src/base/errors.js';
import type { KubeObject } from '../../../src/translate/types.js';
import { ManualClock } from '../controller/support/manual-clock.js';
import { RecordingTransport, apiError } from './support/recording-transport.js';

const owner: Owner = {
  apiVersion: 'ecs2eks.dev/v1alpha1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'team-a', uid: 'uid-web' },
};

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'team-a' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
};

function cacheOf(objs: LiveObject[]): ObjectCache {
  return {
    get: (ns, name) => objs.find((o) => o.metadata.namespace === ns && o.metadata.name === name),
    list: (ns) => objs.filter((o) => !ns || o.metadata.namespace === ns),
    hasSynced: () => true,
  };
}

describe('Applier', () => {
  let transport: RecordingTransport;
  let api: KubeApi;
  let discovery: Discovery;
  beforeEach(() => {
    transport = new RecordingTransport();
    api = new KubeApi(transport);
    discovery = new Discovery(transport, new ManualClock());
  });

  it('applies an absent object with server-side apply, force, strict validation and ownership', async () => {
    transport.handler = (req) => {
      if (req.method === 'GET') throw apiError(404);
      return {
        ...(req.body as object),
        metadata: { ...(req.body as KubeObject).metadata, uid: 'uid-svc', resourceVersion: '1' },
      };
    };
    const [r] = await new Applier({ api, discovery }).applyAll(owner, [service]);
    expect(r).to.include({ kind: 'Service', name: 'web', namespace: 'team-a', status: 'created', detail: 'absent' });
    expect(transport.lines()).to.deep.equal([
      'GET /api/v1/namespaces/team-a/services/web',
      'PATCH /api/v1/namespaces/team-a/services/web',
    ]);
    const patch = transport.requests[1];
    expect(patch.contentType).to.equal('application/apply-patch+yaml');
    expect(patch.query).to.deep.include({ fieldManager: 'ecs2eks', force: true, fieldValidation: 'Strict' });
    const body = patch.body as KubeObject;
    expect(body.metadata.labels?.[MANAGED_BY_LABEL]).to.equal('ecs2eks');
    expect(body.metadata['ownerReferences']).to.have.length(1);
    expect(body['spec']).to.deep.equal(service['spec']);
  });

  it('makes no request at all for an unchanged object found in the cache', async () => {
    const live = { ...structuredClone(prepareDesired(service, owner)), status: { loadBalancer: {} } } as LiveObject;
    live.metadata.uid = 'uid-svc';
    const caches = new Map([['services', cacheOf([live])]]);
    const [r] = await new Applier({ api, discovery, caches }).applyAll(owner, [service]);
    expect(r.status).to.equal('unchanged');
    expect(transport.requests).to.have.length(0);
  });

  it('re-applies a cached object that drifted', async () => {
    const live = structuredClone<LiveObject>(prepareDesired(service, owner));
    (live['spec'] as { selector: Record<string, string> }).selector = { app: 'hijacked' };
    transport.handler = (req) => req.body;
    const [r] = await new Applier({ api, discovery, caches: new Map([['services', cacheOf([live])]]) }).applyAll(
      owner,
      [service],
    );
    expect(r).to.include({ status: 'updated', detail: 'drifted at spec.selector.app' });
    expect(transport.lines()).to.deep.equal(['PATCH /api/v1/namespaces/team-a/services/web']);
  });

  it('does not modify an existing object it does not control, and reports it as a user-visible conflict', async () => {
    transport.handler = () => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'team-a', uid: 'someone-elses' },
    });
    const results = await new Applier({ api, discovery }).applyAll(owner, [service]);
    expect(results[0]).to.include({ status: 'conflict' });
    expect(transport.requests.map((r) => r.method)).to.deep.equal(['GET']);
    let err: unknown;
    try {
      requireApplied(results);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(UserError);
    expect(err).to.include({ reason: 'ResourceExists' });
    expect((err as Error).message).to.contain('Service team-a/web already exists and is not managed by ecs2eks');
  });

  it('stops at a ServiceAccount it does not control: the workload after it is never applied', async () => {
    const sa: KubeObject = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'payments', namespace: 'team-a' },
    };
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team-a' },
      spec: { template: { spec: { serviceAccountName: 'payments', containers: [] } } },
    };
    // The ServiceAccount exists, created by someone else (for example with another team's IRSA role).
    transport.handler = (req) => {
      if (req.method === 'GET' && req.path.endsWith('/serviceaccounts/payments'))
        return {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'payments', namespace: 'team-a', uid: 'x' },
        };
      throw apiError(404);
    };
    const results = await new Applier({ api, discovery }).applyAll(owner, [sa, deployment]);
    expect(results.map((r) => `${r.kind}:${r.status}`)).to.deep.equal(['ServiceAccount:conflict']);
    expect(transport.lines()).to.deep.equal(['GET /api/v1/namespaces/team-a/serviceaccounts/payments']);
    expect(() => requireApplied(results)).to.throw(UserError, 'ServiceAccount team-a/payments already exists');
  });

  it('removes a container another manager added, which server-side apply alone cannot, with one update of that list', async () => {
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team-a' },
      spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
    };
    const prepared = prepareDesired(deployment, owner);
    const foreign = { name: 'miner', image: 'evil:1' };
    // Live: ours plus a container someone added with a strategic-merge patch; SSA keeps it (not our field).
    const live = structuredClone<LiveObject>(prepared);
    live.metadata.uid = 'uid-dep';
    live.metadata.resourceVersion = '5';
    (live['spec'] as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push(foreign);
    const puts: unknown[] = [];
    transport.handler = (req) => {
      if (req.method === 'PATCH') return structuredClone(live);
      if (req.method === 'PUT') {
        puts.push(req.body);
        return req.body;
      }
      throw apiError(404);
    };
    const [r] = await new Applier({
      api,
      discovery,
      caches: new Map([['deployments.apps', cacheOf([live])]]),
    }).applyAll(owner, [deployment]);
    expect(r).to.include({ status: 'updated', detail: 'drifted at spec.template.spec.containers' });
    expect(transport.lines()).to.deep.equal([
      'PATCH /apis/apps/v1/namespaces/team-a/deployments/web',
      'PUT /apis/apps/v1/namespaces/team-a/deployments/web',
    ]);
    const put = puts[0] as LiveObject & { spec: { template: { spec: { containers: unknown[] } } } };
    expect(put.spec.template.spec.containers).to.deep.equal([{ name: 'app', image: 'app:1' }]);
    expect(put.metadata.resourceVersion, 'an update guarded by the resourceVersion').to.equal('5');
  });

  it('asks to requeue while a generated object is still being deleted', () => {
    expect(() => requireApplied([{ kind: 'Service', name: 'web', status: 'terminating' }])).to.throw(RequeueAfter);
    expect(() => requireApplied([{ kind: 'Service', name: 'web', status: 'unchanged' }])).to.not.throw();
  });

  it('prunes owned objects that are no longer desired, with a uid precondition, ignoring ones already gone', async () => {
    const owned = (name: string): LiveObject =>
      ({
        metadata: {
          name,
          namespace: 'team-a',
          uid: `uid-${name}`,
          labels: { [MANAGED_BY_LABEL]: 'ecs2eks' },
          ownerReferences: [
            { apiVersion: 'ecs2eks.dev/v1alpha1', kind: 'Service', name: 'web', uid: 'uid-web', controller: true },
          ],
        },
      }) as unknown as LiveObject; // list items arrive without apiVersion/kind
    transport.handler = (req) => {
      if (req.method === 'GET' && req.path.endsWith('/services'))
        return { items: [owned('web'), owned('web-old'), owned('web-older')] };
      if (req.method === 'DELETE' && req.path.endsWith('web-older')) throw apiError(404);
      return {};
    };
    const pruned = await new Applier({ api, discovery }).prune(owner, [service], [RESOURCES.services]);
    expect(pruned.map((p) => p.metadata.name)).to.deep.equal(['web-old']);
    expect(transport.requests[0].query).to.deep.include({ labelSelector: 'app.kubernetes.io/managed-by=ecs2eks' });
    const del = transport.requests.find((r) => r.method === 'DELETE')!;
    expect(del.path).to.equal('/api/v1/namespaces/team-a/services/web-old');
    expect(del.body).to.deep.include({ preconditions: { uid: 'uid-web-old' }, propagationPolicy: 'Background' });
  });
});

describe('Discovery', () => {
  it('resolves well-known kinds without a request and others through the cached discovery document', async () => {
    const t = new RecordingTransport((req) => {
      if (req.path === '/apis/elbv2.k8s.aws/v1beta1') {
        return {
          resources: [
            { name: 'targetgroupbindings', kind: 'TargetGroupBinding', namespaced: true },
            { name: 'targetgroupbindings/status', kind: 'TargetGroupBinding', namespaced: true },
          ],
        };
      }
      throw apiError(404);
    });
    const d = new Discovery(t, new ManualClock());
    expect(await d.resolve('apps/v1', 'Deployment')).to.deep.equal(RESOURCES.deployments);
    expect(t.requests).to.have.length(0);
    const tgb = await d.resolve('elbv2.k8s.aws/v1beta1', 'TargetGroupBinding');
    expect(tgb).to.deep.equal({
      group: 'elbv2.k8s.aws',
      version: 'v1beta1',
      plural: 'targetgroupbindings',
      kind: 'TargetGroupBinding',
      namespaced: true,
    });
    await d.resolve('elbv2.k8s.aws/v1beta1', 'TargetGroupBinding');
    expect(t.requests).to.have.length(1);
  });

  it('reports a kind the cluster does not serve as a user-visible error, refreshing at most every 30 s', async () => {
    const clock = new ManualClock();
    const t = new RecordingTransport(() => {
      throw apiError(404);
    });
    const d = new Discovery(t, clock);
    let err: unknown;
    await d.resolve('external-secrets.io/v1', 'ExternalSecret').catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(KindNotServedError);
    expect(err).to.include({ reason: 'KindNotServed' });
    await d.resolve('external-secrets.io/v1', 'ExternalSecret').catch(() => {});
    expect(t.requests).to.have.length(1);
    await clock.advance(30_000);
    await d.resolve('external-secrets.io/v1', 'ExternalSecret').catch(() => {});
    expect(t.requests).to.have.length(2);
  });
});
