// The informer (src/kube/informer.ts) against a real apiserver: cache and handlers follow kubectl
// changes, watches carry timeoutSeconds and resume without relisting, the staleness watchdog
// relists, and an apiserver restart is survived.
import { expect } from 'chai';
import { Informer } from '../../../src/kube/informer.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import type { LiveObject } from '../../../src/kube/api.js';
import { kubectl } from '../support/kubectl.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import { waitFor } from '../support/wait.js';
import { clusterDir, clusterScripts } from '../support/env.js';
import { run } from '../support/kubectl.js';
import { counterValue, e2eClient, type E2EClient } from './support.js';

type ConfigMap = LiveObject & { data?: Record<string, string> };

describe('Informer against a real apiserver', function () {
  let ns = '';
  let client: E2EClient;
  const informers: Informer<ConfigMap>[] = [];

  function configMaps(opts: Partial<Parameters<typeof Informer.forResource<ConfigMap>>[2]> = {}): Informer<ConfigMap> {
    const inf = Informer.forResource<ConfigMap>(client.api, RESOURCES.configMaps, {
      namespace: ns,
      labelSelector: 'e2e=informer',
      metrics: client.metrics,
      ...opts,
    });
    informers.push(inf);
    return inf;
  }

  before(async function () {
    client = e2eClient();
    ns = await freshNamespace('e2e-informer');
  });
  afterEach(async function () {
    await Promise.all(informers.splice(0).map((i) => i.stop()));
  });
  after(async function () {
    client?.transport.close();
    if (ns) await dropNamespace(ns);
  });

  it("syncs, then reports kubectl's adds, updates (with the old object) and deletes, filtered by label", async function () {
    await kubectl(['-n', ns, 'create', 'configmap', 'pre', '--from-literal=k=0']);
    await kubectl(['-n', ns, 'label', 'configmap', 'pre', 'e2e=informer']);
    await kubectl(['-n', ns, 'create', 'configmap', 'unlabelled', '--from-literal=k=0']);
    const inf = configMaps();
    const events: string[] = [];
    inf.addEventHandler({
      onAdd: (o) => events.push(`add ${o.metadata.name}`),
      onUpdate: (a, b) => a !== b && events.push(`update ${a.metadata.name} ${a.data?.k}->${b.data?.k}`),
      onDelete: (o) => events.push(`delete ${o.metadata.name}`),
    });
    inf.start();
    expect(await inf.waitForSync()).to.equal(true);
    expect(inf.keys()).to.deep.equal([`${ns}/pre`]);
    const pre = inf.get(ns, 'pre')!;
    expect(pre.apiVersion, 'list items get apiVersion and kind filled in').to.equal('v1');
    expect(pre.kind).to.equal('ConfigMap');

    await kubectl(['-n', ns, 'patch', 'configmap', 'pre', '--type=merge', '-p', '{"data":{"k":"1"}}']);
    await kubectl(['-n', ns, 'create', 'configmap', 'new', '--from-literal=k=0']);
    await kubectl(['-n', ns, 'label', 'configmap', 'new', 'e2e=informer']);
    await kubectl(['-n', ns, 'delete', 'configmap', 'pre']);
    await waitFor(async () => events.includes('delete pre'), 20_000, 'the delete event');
    expect(events).to.deep.equal(['add pre', 'update pre 0->1', 'add new', 'delete pre']);
    expect(inf.get(ns, 'unlabelled')).to.equal(undefined);
  });

  it('sends timeoutSeconds: the server closes each watch and the informer resumes without relisting or missing changes', async function () {
    const inf = configMaps({ watchTimeoutSeconds: 1, name: 'configmaps-short' });
    const seen = new Set<string>();
    inf.addEventHandler({ onAdd: (o) => seen.add(o.metadata.name) });
    inf.start();
    await inf.waitForSync();
    const names = ['t1', 't2', 't3', 't4'];
    for (const n of names) {
      await kubectl(['-n', ns, 'create', 'configmap', n, '--from-literal=k=0']);
      await kubectl(['-n', ns, 'label', 'configmap', n, 'e2e=informer']);
      await new Promise((r) => setTimeout(r, 1500));
    }
    await waitFor(async () => names.every((n) => seen.has(n)), 20_000, 'all four adds');
    const restarts = await counterValue(client.metrics, 'ecs2eks_informer_watch_restarts_total', {
      resource: 'configmaps-short',
      reason: 'timeout',
    });
    expect(restarts, 'watches closed by the server after timeoutSeconds').to.be.at.least(2);
    expect(
      await counterValue(client.metrics, 'ecs2eks_informer_relists_total', { resource: 'configmaps-short' }),
      'only the initial list',
    ).to.equal(1);
  });

  it('relists when no event or bookmark arrived for the staleness period, and keeps the cache right', async function () {
    const inf = configMaps({ staleAfterMs: 1500, name: 'configmaps-stale' });
    inf.start();
    await inf.waitForSync();
    await waitFor(
      async () =>
        (await counterValue(client.metrics, 'ecs2eks_informer_relists_total', {
          resource: 'configmaps-stale',
          reason: 'stale',
        })) >= 1,
      20_000,
      'a staleness relist',
    );
    await kubectl(['-n', ns, 'create', 'configmap', 'after-stale', '--from-literal=k=0']);
    await kubectl(['-n', ns, 'label', 'configmap', 'after-stale', 'e2e=informer']);
    await waitFor(async () => inf.get(ns, 'after-stale') !== undefined, 20_000, 'the object created after the relist');
  });

  it('answers index queries on live objects', async function () {
    await kubectl(['-n', ns, 'create', 'configmap', 'fam-a', '--from-literal=k=0']);
    await kubectl(['-n', ns, 'label', 'configmap', 'fam-a', 'e2e=informer', 'family=web']);
    const inf = configMaps({ name: 'configmaps-index' });
    inf.addIndex('family', (o) => (o.metadata.labels?.family ? [o.metadata.labels.family] : []));
    inf.start();
    await inf.waitForSync();
    expect(inf.byIndex('family', 'web').map((o) => o.metadata.name)).to.deep.equal(['fam-a']);
    await kubectl(['-n', ns, 'label', 'configmap', 'fam-a', 'family=api', '--overwrite']);
    await waitFor(async () => inf.byIndex('family', 'api').length === 1, 20_000, 're-indexing after a label change');
    expect(inf.byIndex('family', 'web')).to.deep.equal([]);
  });

  it('survives an apiserver restart: keeps its cache, reconnects with backoff and sees later changes', async function () {
    const dir = clusterDir();
    if (!dir) this.skip(); // needs our local control plane (with-cluster.sh), not an external cluster
    const inf = configMaps({ name: 'configmaps-restart', backoffBaseMs: 200, backoffMaxMs: 2000 });
    inf.start();
    await inf.waitForSync();
    const before = inf.keys().length;
    const restart = (...extra: string[]) =>
      run('bash', [`${clusterScripts}/restart.sh`, dir, 'kube-apiserver', ...extra], { timeoutMs: 180_000 });
    // restart.sh can respawn the apiserver while the killed one still holds its port ("address
    // already in use"); the apiserver is then down, so start it once more before testing on.
    await restart('--kill').catch(() => restart());
    expect(inf.keys().length, 'the cache is kept while disconnected').to.equal(before);
    await waitFor(
      async () => {
        await kubectl(['-n', ns, 'create', 'configmap', 'after-restart', '--from-literal=k=0']).catch(() => undefined);
        await kubectl(['-n', ns, 'label', 'configmap', 'after-restart', 'e2e=informer', '--overwrite']);
        return true;
      },
      60_000,
      'creating a ConfigMap after the restart',
    );
    await waitFor(
      async () => inf.get(ns, 'after-restart') !== undefined,
      60_000,
      'the informer to see a change made after the restart',
    );
    expect(inf.hasSynced()).to.equal(true);
  });
});
