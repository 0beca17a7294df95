// Scenario 14: EFS volumes (--enable-efs) leave nothing behind. A Service's EFS volume becomes a
// claim (owned by the Service, collected by the garbage collector) and a cluster-scoped
// PersistentVolume, which cannot carry a namespaced ownerReference (the collector refuses it and
// would never remove the volume): it names its owner by label and annotation, and the operator
// removes it when the task definition drops the volume, when the Service is deleted, and when the
// Service was deleted while the operator was down.
import { expect } from 'chai';
import { apply, kubectl, kubectlJson } from '../support/kubectl.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import { attachDiagnostics, container, ecsService, ensureCrds, taskDefinition, waitServiceSteady } from './helpers.js';

before(ensureCrds);

interface Volume {
  metadata: {
    name: string;
    uid: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: unknown[];
  };
  spec: { claimRef?: { name: string; namespace: string } };
}

function efsTaskDefinition(withVolume: boolean) {
  return taskDefinition('files', {
    containerDefinitions: [
      container('app', 'registry.example.com/files:1', {
        ...(withVolume ? { mountPoints: [{ sourceVolume: 'shared', containerPath: '/data' }] } : {}),
      }),
    ],
    ...(withVolume
      ? { volumes: [{ name: 'shared', efsVolumeConfiguration: { fileSystemId: 'fs-0123456789abcdef0' } }] }
      : {}),
  });
}

describe('operator: EFS claims and PersistentVolumes are owned and removed', function () {
  this.timeout(300_000);
  let ns = '';
  let op: OperatorProcess | undefined;
  const start = async () => {
    op = await startOperator({ namespace: ns, name: 'efs', extraArgs: ['--enable-efs'] });
  };

  /** The PersistentVolumes the operator made for this namespace's Service "files". */
  const volumes = async (): Promise<Volume[]> =>
    (
      await kubectlJson<{ items: Volume[] }>(['get', 'persistentvolumes', '-l', 'app.kubernetes.io/managed-by=ecs2eks'])
    ).items.filter((v) => v.metadata.annotations?.['ecs2eks.dev/owner'] === `Service ${ns}/files`);
  const claims = async (): Promise<string[]> =>
    (await kubectlJson<{ items: Volume[] }>(['-n', ns, 'get', 'persistentvolumeclaims'])).items.map(
      (c) => c.metadata.name,
    );
  const gone = async (what: string, fn: () => Promise<unknown[]>) =>
    waitFor(async () => (await fn()).length === 0, 60_000, what);

  before(async function () {
    ns = await freshNamespace('e2e-efs');
    await start();
  });
  afterEach(async function () {
    await attachDiagnostics(this, ns, () => [op]);
  });
  after(async function () {
    await op?.stop();
    for (const v of await volumes().catch(() => []))
      await kubectl(['delete', 'persistentvolume', v.metadata.name, '--wait=false', '--ignore-not-found']);
    if (ns) await dropNamespace(ns);
  });

  it('makes a claim owned by the Service and a PersistentVolume that names its owner without an ownerReference', async function () {
    await apply(ns, efsTaskDefinition(true), ecsService('files', { taskDefinition: 'files', desiredCount: 1 }));
    await waitServiceSteady(ns, 'files', { taskDefinition: 'files:1', running: 1 });
    const [pv] = await volumes();
    expect(pv, 'a PersistentVolume for the Service').to.not.equal(undefined);
    expect(pv.metadata.ownerReferences ?? [], 'no ownerReference the garbage collector would refuse').to.deep.equal([]);
    const svc = await kubectlJson<{ metadata: { uid: string } }>(['-n', ns, 'get', 'services.ecs2eks.dev', 'files']);
    expect(pv.metadata.labels?.['ecs2eks.dev/owner-uid']).to.equal(svc.metadata.uid);
    expect(pv.spec.claimRef).to.deep.include({ namespace: ns, name: 'files-shared' });
    expect(await claims()).to.deep.equal(['files-shared']);
    const owners = await kubectlJson<{ metadata: { ownerReferences?: { kind: string; name: string }[] } }>([
      '-n',
      ns,
      'get',
      'persistentvolumeclaim',
      'files-shared',
    ]);
    expect(owners.metadata.ownerReferences?.map((r) => `${r.kind}/${r.name}`)).to.deep.equal(['Service/files']);
  });

  it('prunes the claim and the PersistentVolume when the task definition drops the volume', async function () {
    await apply(ns, efsTaskDefinition(false));
    await waitServiceSteady(ns, 'files', { taskDefinition: 'files:2', running: 1 });
    await gone('the claim pruned', async () => claims());
    await gone('the PersistentVolume pruned', volumes);
  });

  it('removes the PersistentVolume when the Service is deleted', async function () {
    await apply(ns, efsTaskDefinition(true));
    await waitServiceSteady(ns, 'files', { taskDefinition: 'files:3', running: 1 });
    expect(await volumes()).to.have.lengthOf(1);
    await kubectl(['-n', ns, 'delete', 'services.ecs2eks.dev', 'files']);
    await gone('the claim collected', async () => claims());
    await gone('the PersistentVolume removed', volumes);
  });

  it('removes the PersistentVolume of a Service deleted while the operator was down, once it is back', async function () {
    await apply(ns, ecsService('files', { taskDefinition: 'files', desiredCount: 1 }));
    await waitServiceSteady(ns, 'files', { taskDefinition: 'files:3', running: 1 });
    expect(await volumes()).to.have.lengthOf(1);
    await op!.stop('SIGKILL');
    await kubectl(['-n', ns, 'delete', 'services.ecs2eks.dev', 'files']);
    await gone('the claim collected', async () => claims());
    expect(await volumes(), 'nothing removes the volume while the operator is down').to.have.lengthOf(1);
    await start();
    await gone('the PersistentVolume removed after the restart', volumes);
  });
  it('gives claims in two namespaces whose `<namespace>-<claim>` are equal two PersistentVolumes', async function () {
    // ns/web-files claims `web-files-shared`; `<ns>-web`/files claims `files-shared`: both are
    // `<ns>-web-files-shared` joined with a dash, which once named one volume for both.
    const other = `${ns}-web`;
    await kubectl(['create', 'namespace', other]);
    let op2: OperatorProcess | undefined;
    try {
      await waitFor(
        async () => (await kubectl(['-n', other, 'get', 'serviceaccount', 'default', '-o', 'name'])).trim() !== '',
        60_000,
        `ServiceAccount ${other}/default`,
      );
      op2 = await startOperator({ namespace: other, name: 'efs-other', extraArgs: ['--enable-efs'] });
      await apply(ns, efsTaskDefinition(true), ecsService('web-files', { taskDefinition: 'files', desiredCount: 1 }));
      await apply(other, efsTaskDefinition(true), ecsService('files', { taskDefinition: 'files', desiredCount: 1 }));
      await waitServiceSteady(ns, 'web-files', { taskDefinition: 'files:3', running: 1 });
      await waitServiceSteady(other, 'files', { taskDefinition: 'files:1', running: 1 });
      const all = (
        await kubectlJson<{ items: Volume[] }>([
          'get',
          'persistentvolumes',
          '-l',
          'app.kubernetes.io/managed-by=ecs2eks',
        ])
      ).items;
      const claimOf = (v: Volume) => `${v.spec.claimRef?.namespace}/${v.spec.claimRef?.name}`;
      const mine = all.filter((v) => [`${ns}/web-files-shared`, `${other}/files-shared`].includes(claimOf(v)));
      expect(mine.map(claimOf).sort(), 'one volume per claim').to.deep.equal(
        [`${ns}/web-files-shared`, `${other}/files-shared`].sort(),
      );
      expect(new Set(mine.map((v) => v.metadata.name)).size, 'distinct names').to.equal(2);
      for (const v of mine) expect(v.metadata.name).to.match(new RegExp(`^${ns}-web-files-shared-[a-z0-9]{8}$`));
    } finally {
      await op2?.stop();
      for (const v of (
        await kubectlJson<{ items: Volume[] }>([
          'get',
          'persistentvolumes',
          '-l',
          'app.kubernetes.io/managed-by=ecs2eks',
        ])
      ).items.filter((x) => x.spec.claimRef?.namespace === other))
        await kubectl(['delete', 'persistentvolume', v.metadata.name, '--wait=false', '--ignore-not-found']);
      await dropNamespace(other);
    }
  });
});
