// Server-side apply, the skip/drift rule, conflicts, strict validation, pruning, status and Events
// (src/kube/apply.ts, plan.ts, status.ts, events.ts) against a real apiserver, with an ECS Service
// custom resource as the owner.
import { expect } from 'chai';
import { Applier } from '../../../src/kube/apply.js';
import { Discovery } from '../../../src/kube/discovery.js';
import { EventRecorder } from '../../../src/kube/events.js';
import { Informer } from '../../../src/kube/informer.js';
import { MANAGED_BY_SELECTOR, type Owner } from '../../../src/kube/ownership.js';
import { SPEC_HASH_ANNOTATION } from '../../../src/kube/plan.js';
import { ECS_API_VERSION, RESOURCES } from '../../../src/kube/resources.js';
import { StatusWriter } from '../../../src/kube/status.js';
import type { LiveObject } from '../../../src/kube/api.js';
import { classifyError } from '../../../src/controller/errors.js';
import type { KubeObject } from '../../../src/translate/types.js';
import { kubectl, kubectlJson } from '../support/kubectl.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import { waitFor } from '../support/wait.js';
import { counterValue, e2eClient, installCrds, type E2EClient } from './support.js';

describe('server-side apply, prune, status and Events against a real apiserver', function () {
  let ns = '';
  let client: E2EClient;
  let owner: LiveObject;
  let deployments: Informer<LiveObject>;
  let applier: Applier;

  function deployment(
    opts: { replicas?: number; nodeSelector?: Record<string, string>; bogus?: boolean } = {},
  ): KubeObject {
    const labels = { 'ecs2eks.dev/service': 'web' };
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns, labels },
      spec: {
        replicas: opts.replicas ?? 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              { name: 'app', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] },
            ],
            ...(opts.nodeSelector ? { nodeSelector: opts.nodeSelector } : {}),
          },
        },
        ...(opts.bogus ? { bogusField: true } : {}),
      },
    };
  }

  const service = (): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: ns, labels: { 'ecs2eks.dev/service': 'web' } },
    spec: {
      selector: { 'ecs2eks.dev/service': 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
    },
  });

  const applies = () => counterValue(client.metrics, 'ecs2eks_api_requests_total', { verb: 'apply' });

  before(async function () {
    client = e2eClient();
    await installCrds();
    ns = await freshNamespace('e2e-apply');
    owner = await waitFor(
      () =>
        client.api.create<LiveObject>(RESOURCES.ecsServices, ns, {
          apiVersion: ECS_API_VERSION,
          kind: 'Service',
          metadata: { name: 'web', namespace: ns },
          spec: { taskDefinition: 'web', desiredCount: 2 },
        }),
      30_000,
      'creating the ECS Service (the CRD may still be settling)',
    );
    deployments = Informer.forResource<LiveObject>(client.api, RESOURCES.deployments, {
      namespace: ns,
      labelSelector: MANAGED_BY_SELECTOR,
      metrics: client.metrics,
    });
    deployments.start();
    await deployments.waitForSync();
    applier = new Applier({
      api: client.api,
      discovery: new Discovery(client.transport),
      caches: new Map([['deployments.apps', deployments]]),
    });
  });
  after(async function () {
    await deployments?.stop();
    client?.transport.close();
    if (ns) await dropNamespace(ns);
  });

  it('creates the objects with the managed-by label, a controller ownerReference and the spec hash', async function () {
    const results = await applier.applyAll(owner, [
      deployment({ nodeSelector: { 'kubernetes.io/os': 'linux' } }),
      service(),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['created', 'created']);
    const dep = await kubectlJson<LiveObject>([
      '-n',
      ns,
      'get',
      'deployment',
      'web',
      '-o',
      'json',
      '--show-managed-fields',
    ]);
    expect(dep.metadata.labels).to.include({ 'app.kubernetes.io/managed-by': 'ecs2eks' });
    expect(dep.metadata.annotations?.[SPEC_HASH_ANNOTATION]).to.match(/^[0-9a-f]{20}$/);
    expect(dep.metadata.ownerReferences).to.deep.equal([
      {
        apiVersion: ECS_API_VERSION,
        kind: 'Service',
        name: 'web',
        uid: owner.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const managers = (dep.metadata.managedFields as Array<{ manager: string; operation: string }>).map(
      (m) => `${m.manager}/${m.operation}`,
    );
    expect(managers).to.include('ecs2eks/Apply');
  });

  it('skips the apply when nothing changed, even though the server added defaults', async function () {
    await waitFor(async () => deployments.get(ns, 'web') !== undefined, 20_000, 'the Deployment in the cache');
    const before = await applies();
    const results = await applier.applyAll(owner, [
      deployment({ nodeSelector: { 'kubernetes.io/os': 'linux' } }),
      service(),
    ]);
    expect(results.map((r) => `${r.kind} ${r.status}`)).to.deep.equal(['Deployment unchanged', 'Service unchanged']);
    expect(await applies(), 'no apply request').to.equal(before);
  });

  it('restores a replica count changed by hand', async function () {
    await kubectl(['-n', ns, 'scale', 'deployment', 'web', '--replicas=5']);
    await waitFor(
      async () => (deployments.get(ns, 'web')?.['spec'] as { replicas: number } | undefined)?.replicas === 5,
      20_000,
      'the cache to see the manual scale',
    );
    const [r] = await applier.applyAll(owner, [deployment({ nodeSelector: { 'kubernetes.io/os': 'linux' } })]);
    expect(r).to.include({ status: 'updated', detail: 'drifted at spec.replicas' });
    const dep = await kubectlJson<{ spec: { replicas: number } }>(['-n', ns, 'get', 'deployment', 'web', '-o', 'json']);
    expect(dep.spec.replicas).to.equal(2);
  });

  it('removes a field the desired object no longer sets', async function () {
    const [r] = await applier.applyAll(owner, [deployment()]);
    expect(r).to.include({ status: 'updated', detail: 'hashChanged' });
    const dep = await kubectlJson<{ spec: { template: { spec: { nodeSelector?: unknown } } } }>([
      '-n',
      ns,
      'get',
      'deployment',
      'web',
      '-o',
      'json',
    ]);
    expect(dep.spec.template.spec.nodeSelector).to.equal(undefined);
  });

  it('does not touch an object it does not control, and names it', async function () {
    await kubectl(['-n', ns, 'create', 'configmap', 'foreign', '--from-literal=k=v']);
    const [r] = await applier.applyAll(owner, [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'foreign', namespace: ns }, data: { k: 'ours' } },
    ]);
    expect(r).to.include({ status: 'conflict' });
    expect(r.detail).to.contain(`ConfigMap ${ns}/foreign already exists and is not managed by ecs2eks`);
    const cm = await kubectlJson<{ data: Record<string, string>; metadata: { ownerReferences?: unknown } }>([
      '-n',
      ns,
      'get',
      'configmap',
      'foreign',
      '-o',
      'json',
    ]);
    expect(cm.data.k).to.equal('v');
    expect(cm.metadata.ownerReferences).to.equal(undefined);
  });

  it('turns an unknown field (strict validation) into a non-retried, user-visible error', async function () {
    let err: unknown;
    await applier.applyAll(owner as Owner, [deployment({ bogus: true })]).catch((e: unknown) => (err = e));
    expect(err, 'the apiserver must reject it').to.not.equal(undefined);
    const d = classifyError(err);
    expect(d.action).to.equal('noRetry');
    expect(d.action === 'noRetry' && d.user).to.deep.include({
      reason: 'InvalidGeneratedObject',
      path: 'spec.bogusField',
    });
  });

  it('prunes owned objects that are no longer desired and leaves everything else', async function () {
    const pruned = await applier.prune(
      owner,
      [deployment()],
      [RESOURCES.deployments, RESOURCES.services, RESOURCES.configMaps],
    );
    expect(pruned.map((p) => `${p.kind}/${p.metadata.name}`)).to.deep.equal(['Service/web']);
    await waitFor(
      async () =>
        (await kubectl(['-n', ns, 'get', 'service', 'web', '--ignore-not-found', '-o', 'name'])).trim() === '',
      20_000,
      'the Service to be gone',
    );
    expect((await kubectl(['-n', ns, 'get', 'deployment', 'web', '-o', 'name'])).trim()).to.equal(
      'deployment.apps/web',
    );
    expect((await kubectl(['-n', ns, 'get', 'configmap', 'foreign', '-o', 'name'])).trim()).to.equal(
      'configmap/foreign',
    );
  });

  it('writes the status subresource only when it changed', async function () {
    const writer = new StatusWriter(client.api);
    const status = {
      observedGeneration: 1,
      desiredCount: 2,
      runningCount: 0,
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'Pending',
          message: 'waiting',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    };
    const cr = await client.api.get<LiveObject>(RESOURCES.ecsServices, ns, 'web');
    const updated = await writer.patchIfChanged(cr, status);
    expect(updated?.['status']).to.deep.include({ runningCount: 0, desiredCount: 2 });
    const viaKubectl = await kubectlJson<{ status: { conditions: Array<{ reason: string }> }; spec: unknown }>([
      '-n',
      ns,
      'get',
      'services.ecs2eks.dev',
      'web',
      '-o',
      'json',
    ]);
    expect(viaKubectl.status.conditions[0].reason).to.equal('Pending');
    expect(viaKubectl.spec).to.deep.equal({ taskDefinition: 'web', desiredCount: 2 });
    const before = await applies();
    const again = await writer.patchIfChanged(await client.api.get<LiveObject>(RESOURCES.ecsServices, ns, 'web'), {
      ...status,
    });
    expect(again).to.equal(undefined);
    expect(await applies()).to.equal(before);
  });

  it('aggregates a repeated Event into one Event with a count', async function () {
    const recorder = new EventRecorder({ api: client.api, instance: 'e2e' });
    for (let i = 0; i < 3; i++)
      await recorder.record(owner, 'Warning', 'InvalidSpec', 'spec.desiredCount: must not be negative');
    const events = await kubectlJson<{
      items: Array<{ reason: string; count: number; type: string; involvedObject: { kind: string; uid: string } }>;
    }>(['-n', ns, 'get', 'events', '--field-selector', `involvedObject.uid=${owner.metadata.uid}`, '-o', 'json']);
    expect(
      events.items.map((e) => ({ reason: e.reason, count: e.count, type: e.type, kind: e.involvedObject.kind })),
    ).to.deep.equal([{ reason: 'InvalidSpec', count: 3, type: 'Warning', kind: 'Service' }]);
  });

  it('lets the garbage collector delete generated objects with their owner', async function () {
    await kubectl(['-n', ns, 'delete', 'services.ecs2eks.dev', 'web']);
    // On a fresh cluster the garbage collector discovers a new CRD's kind on its 30 s resync: allow for it.
    await waitFor(
      async () =>
        (await kubectl(['-n', ns, 'get', 'deployment', 'web', '--ignore-not-found', '-o', 'name'])).trim() === '',
      120_000,
      'the Deployment to be garbage-collected',
    );
  });
});
