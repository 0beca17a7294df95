// Scenario 12: a family's revision numbers are never reused, as in ECS. Deleting a TaskDefinition
// and creating it again (with another image) gives revision 2, not 1, and a Service pinned to
// `web:1` never runs the new image: it keeps running web:1 from its own record, as ECS keeps an
// INACTIVE revision for the services that use it (and still scales it), while a Service following the
// family moves to web:2 and a new Service pinned to web:1 reports TaskDefinitionRevisionNotFound
// (Ready=False + a Warning Event) and runs nothing. A TaskDefinition taking a family over from a
// deleted one continues its numbering.
import { expect } from 'chai';
import type { V1ControllerRevision, V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { apply, kubectl, kubectlJson } from '../support/kubectl.js';
import { waitFor } from '../support/wait.js';
import {
  condition,
  container,
  ecsService,
  ensureCrds,
  eventsFor,
  getEsvc,
  getEtd,
  isTrue,
  namesOf,
  podsWithSelector,
  taskDefinition,
  waitServiceSteady,
  webTaskDefinition,
  useOperator,
  type EcsObject,
  type EcsService,
} from './helpers.js';

before(ensureCrds);

interface List<T> {
  items: T[];
}

const IMAGE_A = 'registry.example.com/web:A';
const IMAGE_B = 'registry.example.com/web:B';

/** The TaskDefinition once it reports `revision` (fails early on any other number). */
async function etdAtRevision(ns: string, name: string, revision: number, uid?: string): Promise<EcsObject> {
  let seen: unknown;
  const td = await waitFor(
    async () => {
      const t = await getEtd(ns, name);
      if (uid !== undefined && t.metadata.uid === uid) return undefined;
      seen = t.status?.revision;
      return typeof t.status?.revision === 'number' && t;
    },
    60_000,
    `etd/${name} with a revision`,
  );
  expect(td.status?.revision, `etd/${name} status.revision (seen ${JSON.stringify(seen)})`).to.equal(revision);
  return td;
}

/** The high-water mark record of `family`: its number and that nothing owns it. */
async function highWater(ns: string, family: string): Promise<V1ControllerRevision> {
  return kubectlJson<V1ControllerRevision>(['-n', ns, 'get', 'controllerrevision', `${family}.revisions`]);
}

/** Images of the Deployment `name`'s template and of every ReplicaSet it ever made. */
async function imagesOf(ns: string, name: string): Promise<{ template: string[]; replicaSets: string[] }> {
  const dep = await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', name]);
  const rss = (await kubectlJson<List<V1ReplicaSet>>(['-n', ns, 'get', 'replicasets'])).items.filter((r) =>
    r.metadata?.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === name),
  );
  return {
    template: dep.spec!.template.spec!.containers.map((c) => c.image ?? ''),
    replicaSets: rss.flatMap((r) => r.spec!.template!.spec!.containers.map((c) => c.image ?? '')),
  };
}

describe('operator scenario 12: revision numbers survive deletion and takeover; a pinned Service never runs another spec', function () {
  let ns = '';
  useOperator('e2e-op12', 'op12', (n) => {
    ns = n;
  });

  it('delete + re-create: the new spec is web:2, the Service pinned to web:1 keeps running it (INACTIVE), nothing new can use it', async function () {
    await apply(
      ns,
      webTaskDefinition('web', IMAGE_A),
      ecsService('pinned', { taskDefinition: 'web:1', desiredCount: 1 }),
      ecsService('follow', { taskDefinition: 'web', desiredCount: 1 }),
    );
    const first = await etdAtRevision(ns, 'web', 1);
    await waitServiceSteady(ns, 'pinned', { taskDefinition: 'web:1', running: 1 });
    await waitServiceSteady(ns, 'follow', { taskDefinition: 'web:1', running: 1 });
    const mark1 = await highWater(ns, 'web');
    expect(mark1.revision, 'high-water mark after web:1').to.equal(1);
    expect(mark1.metadata?.ownerReferences ?? [], 'the high-water mark has no owner').to.deep.equal([]);
    expect(mark1.metadata?.labels).to.include({
      'app.kubernetes.io/managed-by': 'ecs2eks',
      'ecs2eks.dev/high-water-mark': 'true',
      'ecs2eks.dev/family': 'web',
    });
    expect((await imagesOf(ns, 'pinned')).template).to.deep.equal([IMAGE_A]);

    // Delete it; the garbage collector takes revision 1 with it, but not the mark.
    await kubectl(['-n', ns, 'delete', 'taskdefinition.ecs2eks.dev', 'web', '--wait=true']);
    await waitFor(
      async () => !(await namesOf(ns, 'controllerrevisions')).includes('controllerrevision.apps/web-1'),
      60_000,
      'controllerrevision web-1 garbage-collected',
    );
    expect((await highWater(ns, 'web')).revision, 'the mark outlives the TaskDefinition').to.equal(1);

    // Again, with image B.
    await apply(ns, webTaskDefinition('web', IMAGE_B));
    const second = await etdAtRevision(ns, 'web', 2, first.metadata.uid);
    expect(second.status?.taskDefinitionArn).to.equal('web:2');
    expect(await namesOf(ns, 'controllerrevisions')).to.include('controllerrevision.apps/web-2');
    expect(await namesOf(ns, 'controllerrevisions')).to.not.include('controllerrevision.apps/web-1');
    expect((await highWater(ns, 'web')).revision, 'high-water mark after web:2').to.equal(2);
    console.log(
      `      re-created web is revision ${String(second.status?.revision)} (${String(second.status?.taskDefinitionArn)})`,
    );

    // The follower moves to web:2 (image B): the new spec is registered and usable.
    await waitServiceSteady(ns, 'follow', { taskDefinition: 'web:2', running: 1 });
    expect((await imagesOf(ns, 'follow')).template).to.deep.equal([IMAGE_B]);

    // The pinned Service keeps running web:1 from its own record (as ECS keeps an INACTIVE revision for the
    // services that use it), says so, and still scales: with image A, never B.
    const inactive = (x: EcsService) =>
      (x.status as { findings?: { path: string; message: string }[] } | undefined)?.findings?.find(
        (f) => f.path === 'taskDefinition' && /web:1 is INACTIVE/.test(f.message),
      );
    await apply(ns, ecsService('pinned', { taskDefinition: 'web:1', desiredCount: 2 }));
    await waitServiceSteady(ns, 'pinned', { taskDefinition: 'web:1', running: 2 });
    const pinned = await getEsvc(ns, 'pinned');
    expect(inactive(pinned), `INACTIVE finding in ${JSON.stringify(pinned.status)}`).to.not.equal(undefined);
    expect(isTrue(pinned, 'Ready'), 'a Service running a kept revision is Ready').to.equal(true);
    expect(await namesOf(ns, 'controllerrevisions')).to.include('controllerrevision.apps/pinned.service.1');
    const images = await imagesOf(ns, 'pinned');
    expect(images.template, 'pinned Deployment template').to.deep.equal([IMAGE_A]);
    expect(images.replicaSets, 'images of every ReplicaSet of the pinned Deployment').to.not.include(IMAGE_B);
    const pods = (await podsWithSelector(ns, 'ecs2eks.dev/service=pinned')).filter(
      (p) => !p.metadata?.deletionTimestamp,
    );
    expect(
      pods.map((p) => p.spec!.containers.map((c) => c.image)),
      'pinned pods',
    ).to.deep.equal([[IMAGE_A], [IMAGE_A]]);
    expect(pinned.status?.taskDefinition, 'pinned status.taskDefinition').to.equal('web:1');
    console.log(`      pinned service runs ${images.template.join(',')} x2: ${inactive(pinned)!.message}`);

    // Nothing new can use web:1: a Service pinned to it now reports TaskDefinitionRevisionNotFound and runs nothing.
    await apply(ns, ecsService('late', { taskDefinition: 'web:1', desiredCount: 1 }));
    const reason = 'TaskDefinitionRevisionNotFound';
    const late = await waitFor(
      async () => {
        const x = await getEsvc(ns, 'late');
        const ready = condition(x, 'Ready');
        return ready?.status === 'False' && ready.reason === reason && x;
      },
      60_000,
      `esvc/late Ready=False ${reason}`,
    );
    expect(condition(late, 'Ready')?.message, 'Ready message').to.contain('web:1');
    const warnings = await waitFor(
      async () => {
        const w = (await eventsFor(ns, 'Service', 'late', 'Warning')).filter((e) => e.reason === reason);
        return w.length > 0 && w;
      },
      30_000,
      `a Warning Event ${reason} on esvc/late`,
    );
    expect(warnings[0].message, 'Warning Event message').to.contain('web:1');
    expect(await namesOf(ns, 'deployments'), 'no Deployment for late').to.not.include('deployment.apps/late');
    console.log(`      a new Service pinned to web:1: ${reason}: ${warnings[0].message}`);

    // Once the pinned Service moves on, its record goes (nothing keeps web:1 any more).
    await apply(ns, ecsService('pinned', { taskDefinition: 'web:2', desiredCount: 2 }));
    await waitServiceSteady(ns, 'pinned', { taskDefinition: 'web:2', running: 2 });
    await waitFor(
      async () => !(await namesOf(ns, 'controllerrevisions')).includes('controllerrevision.apps/pinned.service.1'),
      30_000,
      'the in-use record of web:1 pruned',
    );
  });

  it('two TaskDefinitions of one family: deleting the one that defines it hands it over with the numbering continued', async function () {
    const shared = (name: string, image: string) =>
      taskDefinition(name, { family: 'shared', containerDefinitions: [container('app', image)] });
    await apply(ns, shared('alpha', 'registry.example.com/alpha:1'));
    await etdAtRevision(ns, 'alpha', 1);
    await apply(ns, shared('alpha', 'registry.example.com/alpha:2'));
    await waitFor(async () => (await getEtd(ns, 'alpha')).status?.revision === 2, 60_000, 'etd/alpha revision 2');
    await apply(ns, shared('beta', 'registry.example.com/beta:1'));
    await waitFor(
      async () => condition(await getEtd(ns, 'beta'), 'Accepted')?.reason === 'FamilyConflict',
      60_000,
      'etd/beta FamilyConflict while alpha defines the family',
    );

    await kubectl(['-n', ns, 'delete', 'taskdefinition.ecs2eks.dev', 'alpha', '--wait=true']);
    const beta = await etdAtRevision(ns, 'beta', 3);
    expect(beta.status?.taskDefinitionArn).to.equal('shared:3');
    expect((await highWater(ns, 'shared')).revision, 'high-water mark of shared').to.equal(3);
    console.log(`      beta took family shared over at revision ${String(beta.status?.revision)}`);
  });
});
