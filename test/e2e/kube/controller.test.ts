// The machinery assembled as a real controller would be, against a real apiserver: informers →
// handlers → queue → runner → a toy reconciler (gather → "translate" → apply + prune → status) →
// manager lifecycle. The toy turns an ECS Service into a ConfigMap holding its desiredCount; it
// stands in for the real reconcilers, which are built elsewhere.
import { expect } from 'chai';
import { Applier, requireApplied } from '../../../src/kube/apply.js';
import { Discovery } from '../../../src/kube/discovery.js';
import { NamespacedInformers } from '../../../src/kube/informer-set.js';
import { MANAGED_BY_SELECTOR, ownerIndex } from '../../../src/kube/ownership.js';
import { RESOURCES, ECS_GROUP } from '../../../src/kube/resources.js';
import { StatusWriter } from '../../../src/kube/status.js';
import type { LiveObject } from '../../../src/kube/api.js';
import { Manager } from '../../../src/controller/manager.js';
import { Runner, type Reconciler } from '../../../src/controller/runner.js';
import { WorkQueue } from '../../../src/controller/queue.js';
import { enqueueObject, enqueueOwner } from '../../../src/controller/handlers.js';
import type { KubeObject } from '../../../src/translate/types.js';
import { kubectl, kubectlJson, apply } from '../support/kubectl.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import { waitFor } from '../support/wait.js';
import { counterValue, e2eClient, installCrds, type E2EClient } from './support.js';

describe('the controller machinery assembled, with a toy reconciler', function () {
  let ns = '';
  let client: E2EClient;
  let manager: Manager;
  let reconciles = 0;

  before(async function () {
    client = e2eClient();
    await installCrds();
    ns = await freshNamespace('e2e-controller');
    const { api, transport, metrics } = client;
    const services = NamespacedInformers.forResource<LiveObject>(api, RESOURCES.ecsServices, [ns], { metrics });
    const configMaps = NamespacedInformers.forResource<LiveObject>(api, RESOURCES.configMaps, [ns], {
      labelSelector: MANAGED_BY_SELECTOR,
      metrics,
    });
    configMaps.addIndex('owner', ownerIndex(ECS_GROUP, 'Service'));
    const queue = new WorkQueue();
    services.addEventHandler(enqueueObject(queue));
    configMaps.addEventHandler(enqueueOwner(queue, ECS_GROUP, 'Service'));
    const applier = new Applier({
      api,
      discovery: new Discovery(transport),
      caches: new Map([['configmaps', configMaps]]),
    });
    const statusWriter = new StatusWriter(api);

    const reconciler: Reconciler = {
      async reconcile({ namespace, name }) {
        reconciles++;
        const svc = services.get(namespace, name); // gather, from the cache only
        if (!svc) return {}; // deleted: the garbage collector removes what it owned
        const desiredCount = (svc['spec'] as { desiredCount?: number }).desiredCount ?? 1;
        const desired: KubeObject[] = [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `${name}-generated`, namespace },
            data: { desiredCount: String(desiredCount) },
          },
        ]; // "translate"
        requireApplied(await applier.applyAll(svc, desired)); // plan + apply
        await applier.prune(svc, desired, [RESOURCES.configMaps]);
        const owned = configMaps.byIndex('owner', `${namespace}/${name}`).length;
        await statusWriter.patchIfChanged(svc, {
          observedGeneration: svc.metadata.generation,
          desiredCount,
          runningCount: owned,
        });
        return {};
      },
    };
    const runner = new Runner({ name: 'toy', queue, reconciler, workers: 2, metrics });
    manager = new Manager({ caches: [services, configMaps], runners: [runner], metrics });
    await manager.start();
  });
  after(async function () {
    await manager?.stop();
    client?.transport.close();
    if (ns) await dropNamespace(ns);
  });

  const generated = (name: string) =>
    kubectlJson<{ data: Record<string, string>; metadata: { ownerReferences?: Array<{ name: string }> } }>([
      '-n',
      ns,
      'get',
      'configmap',
      `${name}-generated`,
      '-o',
      'json',
    ]);

  it('creates the generated object for a new ECS Service and reports status', async function () {
    await apply(ns, {
      apiVersion: 'ecs2eks.dev/v1alpha1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { taskDefinition: 'web', desiredCount: 2 },
    });
    const cm = await waitFor(() => generated('web'), 30_000, 'the generated ConfigMap');
    expect(cm.data).to.deep.equal({ desiredCount: '2' });
    expect(cm.metadata.ownerReferences?.[0]?.name).to.equal('web');
    await waitFor(
      async () =>
        (await kubectlJson<{ status?: { runningCount?: number } }>(['-n', ns, 'get', 'esvc', 'web', '-o', 'json']))
          .status?.runningCount === 1,
      30_000,
      'status.runningCount = 1',
    );
  });

  it("follows a scale through the Service's scale subresource", async function () {
    await kubectl(['-n', ns, 'scale', 'esvc', 'web', '--replicas=4']);
    await waitFor(
      async () => (await generated('web')).data.desiredCount === '4',
      30_000,
      'desiredCount 4 in the generated ConfigMap',
    );
  });

  it('puts back a hand edit of the generated object', async function () {
    await kubectl([
      '-n',
      ns,
      'patch',
      'configmap',
      'web-generated',
      '--type=merge',
      '-p',
      '{"data":{"desiredCount":"99"}}',
    ]);
    await waitFor(async () => (await generated('web')).data.desiredCount === '4', 30_000, 'the edit to be reverted');
  });

  it('settles: with nothing changing, it stops reconciling and stops writing', async function () {
    const settle = async () => {
      const r = reconciles;
      const w = await counterValue(client.metrics, 'ecs2eks_api_requests_total', { verb: 'apply' });
      await new Promise((res) => setTimeout(res, 3000));
      return (
        reconciles === r && (await counterValue(client.metrics, 'ecs2eks_api_requests_total', { verb: 'apply' })) === w
      );
    };
    await waitFor(settle, 60_000, 'no reconcile and no apply for 3 s (no status-write loop)', 0);
  });

  it('lets the garbage collector remove the generated object when the ECS Service is deleted', async function () {
    await kubectl(['-n', ns, 'delete', 'esvc', 'web']);
    await waitFor(
      async () =>
        (await kubectl(['-n', ns, 'get', 'configmap', 'web-generated', '--ignore-not-found', '-o', 'name'])).trim() ===
        '',
      120_000,
      'the generated ConfigMap to be garbage-collected',
    );
  });
});
