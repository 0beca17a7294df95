// Scenario 9: level-triggered and idempotent. 50 TaskDefinition + Service pairs are applied at once;
// the operator is SIGKILLed part-way through creating them and started again. Everything converges
// with no duplicates and nothing left behind, and a full resync afterwards writes nothing.
import { expect } from 'chai';
import type { V1ControllerRevision, V1Deployment, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import type { TaskDefinitionStatus } from '../../../src/api/resources.js';
import { apply, kubectlJson } from '../support/kubectl.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import { startOperator, type Metrics, type OperatorProcess } from '../support/operator.js';
import { isRunningAndReady, type List } from '../support/pods.js';
import { waitFor } from '../support/wait.js';
import {
  APP_LOAD_BALANCER,
  MANAGED_BY,
  attachDiagnostics,
  describeService,
  ecsService,
  ensureCrds,
  isTrue,
  namesOf,
  podsWithSelector,
  webTaskDefinition,
  type EcsObject,
  type EcsService,
} from './helpers.js';

before(ensureCrds);

const N = 50;
const KILL_AT = 20;
const RESYNC_SECONDS = 20;
const NAMES = Array.from({ length: N }, (_, i) => `s${String(i).padStart(2, '0')}`);

interface Owned {
  metadata?: {
    name?: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid: string; controller?: boolean }>;
  };
}

function countBy(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function duplicates(values: string[]): string[] {
  return [...countBy(values)].filter(([, n]) => n > 1).map(([v, n]) => `${v}×${n}`);
}

describe('operator scenario 9: SIGKILL while creating 50 services, restart, converge; then a resync writes nothing', function () {
  let ns = '';
  let first: OperatorProcess | undefined;
  let second: OperatorProcess | undefined;
  let converged = false;

  before(async function () {
    ns = await freshNamespace('e2e-op9');
  });
  afterEach(async function () {
    await attachDiagnostics(this, ns, () => [first, second]);
  });
  after(async function () {
    await first?.kill();
    await second?.stop();
    if (ns) await dropNamespace(ns);
  });

  it(`converges ${N} services after a SIGKILL part-way, with exactly one Deployment/ControllerRevision each and nothing left behind`, async function () {
    // A slow client (5 requests/s) keeps the first operator mid-way when the kill comes, however fast
    // the machine is; the restarted one runs with the default limits.
    first = await startOperator({
      namespace: ns,
      name: 'op9-first',
      extraArgs: ['--kube-api-qps=5', '--kube-api-burst=5'],
    });
    const items = NAMES.flatMap((n) => [
      webTaskDefinition(n, `registry.example.com/${n}:1.0`),
      ecsService(n, { taskDefinition: n, desiredCount: 1, loadBalancers: [APP_LOAD_BALANCER] }),
    ]);
    await apply(ns, ...items);

    // SIGKILL once about KILL_AT Deployments exist.
    const atKill = await waitFor(
      async () => {
        const n = (await namesOf(ns, 'deployments', MANAGED_BY)).length;
        return n >= KILL_AT && n;
      },
      120_000,
      `${KILL_AT} Deployments created by the first operator`,
      100,
    );
    await first.kill();
    const deploymentsAfterKill = (await namesOf(ns, 'deployments', MANAGED_BY)).length;
    const revisionsAfterKill = (await namesOf(ns, 'controllerrevisions', '!ecs2eks.dev/high-water-mark')).length;
    console.log(
      `      killed the first operator (SIGKILL) with ${deploymentsAfterKill}/${N} Deployments and ${revisionsAfterKill}/${N} ControllerRevisions created`,
    );
    expect(atKill, 'SIGKILL happened in the middle').to.be.below(N);
    expect(deploymentsAfterKill, 'SIGKILL happened in the middle').to.be.below(N);

    // Start again and time the convergence.
    const restartedAt = Date.now();
    second = await startOperator({ namespace: ns, name: 'op9-second', resyncPeriod: `${RESYNC_SECONDS}s` });
    let notReady: string[] = [];
    await waitFor(
      async () => {
        const list = await kubectlJson<List<EcsService>>(['-n', ns, 'get', 'services.ecs2eks.dev']);
        notReady = list.items
          .filter(
            (s) =>
              !(
                isTrue(s, 'Ready') &&
                s.status?.runningCount === 1 &&
                s.status?.rolloutState === 'COMPLETED' &&
                s.status?.taskDefinition === `${s.metadata.name}:1`
              ),
          )
          .map((s) => describeService(s));
        return list.items.length === N && notReady.length === 0;
      },
      300_000,
      `all ${N} services Ready on revision 1 after the restart`,
      500,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; ${notReady.length} not ready, e.g.\n  ${notReady.slice(0, 5).join('\n  ')}`);
    });
    const seconds = (Date.now() - restartedAt) / 1000;
    console.log(`converge-after-restart: ${N} services in ${seconds.toFixed(1)}s`);
    converged = true;

    // Exactly one of everything, each owned by the right resource.
    const services = (await kubectlJson<List<EcsService>>(['-n', ns, 'get', 'services.ecs2eks.dev'])).items;
    const tds = (
      await kubectlJson<List<EcsObject & { status?: TaskDefinitionStatus }>>([
        '-n',
        ns,
        'get',
        'taskdefinitions.ecs2eks.dev',
      ])
    ).items;
    const uidOf = new Map<string, string>(
      [...services, ...tds].map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.uid!]),
    );

    const deployments = (await kubectlJson<List<V1Deployment>>(['-n', ns, 'get', 'deployments'])).items;
    const depServices = deployments.map(
      (d) => d.metadata?.labels?.['ecs2eks.dev/service'] ?? `(unlabelled ${d.metadata?.name})`,
    );
    expect(duplicates(depServices), 'Deployments per service > 1').to.deep.equal([]);
    expect(deployments.map((d) => d.metadata!.name!).sort(), 'one Deployment per service').to.deep.equal(NAMES);

    const replicaSets = (await kubectlJson<List<V1ReplicaSet>>(['-n', ns, 'get', 'replicasets'])).items;
    const rsOwners = replicaSets.map((r) => r.metadata?.ownerReferences?.find((o) => o.controller)?.name ?? '(none)');
    expect(
      duplicates(rsOwners),
      'ReplicaSets per Deployment > 1 (the restarted operator changed a pod template)',
    ).to.deep.equal([]);
    expect(rsOwners.sort()).to.deep.equal(NAMES);

    const all = (await kubectlJson<List<V1ControllerRevision>>(['-n', ns, 'get', 'controllerrevisions'])).items;
    // Each family also has its (ownerless, never pruned) high-water mark: the highest number issued, 1.
    const isMark = (r: V1ControllerRevision) => r.metadata?.labels?.['ecs2eks.dev/high-water-mark'] === 'true';
    const marks = all.filter(isMark);
    expect(
      marks.map((m) => `${m.metadata!.name!}=${m.revision}`).sort(),
      'one high-water mark per family, at 1',
    ).to.deep.equal(NAMES.map((n) => `${n}.revisions=1`));
    // Each Service also keeps its own record of the revision it runs (kept INACTIVE if the TaskDefinition goes).
    const isInUse = (r: V1ControllerRevision) => r.metadata?.labels?.['ecs2eks.dev/in-use-by'] === 'Service';
    expect(
      all
        .filter(isInUse)
        .map((r) => r.metadata!.name!)
        .sort(),
      'one in-use record per Service',
    ).to.deep.equal(NAMES.map((n) => `${n}.service.1`).sort());
    const revisions = all.filter((r) => !isMark(r) && !isInUse(r));
    const revTds = revisions.map(
      (r) => r.metadata?.labels?.['ecs2eks.dev/taskdefinition'] ?? `(unlabelled ${r.metadata?.name})`,
    );
    expect(duplicates(revTds), 'ControllerRevisions per TaskDefinition > 1').to.deep.equal([]);
    expect(revisions.map((r) => r.metadata!.name!).sort(), 'exactly <td>-1 per TaskDefinition').to.deep.equal(
      NAMES.map((n) => `${n}-1`),
    );
    const tdRevs = tds
      .filter((t) => t.status?.revision !== 1 || t.status?.taskDefinitionArn !== `${t.metadata.name}:1`)
      .map((t) => `${t.metadata.name}: ${t.status?.taskDefinitionArn}`);
    expect(tdRevs, 'TaskDefinitions not on revision 1').to.deep.equal([]);

    const coreServices = (await kubectlJson<List<V1Service>>(['-n', ns, 'get', 'services', '-l', MANAGED_BY])).items;
    expect(coreServices.map((s) => s.metadata!.name!).sort(), 'one core Service per ECS Service').to.deep.equal(NAMES);

    const pods = (await podsWithSelector(ns, MANAGED_BY)).filter((p) => !p.metadata?.deletionTimestamp);
    const podServices = pods.map((p) => p.metadata?.labels?.['ecs2eks.dev/service'] ?? '?');
    expect(duplicates(podServices), 'more than one pod for a desiredCount-1 service').to.deep.equal([]);
    expect(pods.filter(isRunningAndReady).length, 'running pods').to.equal(N);

    // Nothing left behind: every generated object is controlled by an ECS resource that exists (the
    // high-water marks, checked above, are ownerless on purpose: they outlive their TaskDefinitions).
    const generated = (
      await kubectlJson<List<Owned>>([
        '-n',
        ns,
        'get',
        'deployments,daemonsets,services,poddisruptionbudgets,horizontalpodautoscalers,serviceaccounts,controllerrevisions',
        '-l',
        `${MANAGED_BY},!ecs2eks.dev/high-water-mark`,
      ])
    ).items;
    const generatedRevisions = revisions as Owned[];
    const orphans = [...generated, ...generatedRevisions]
      .filter((o) => {
        const ctl = o.metadata?.ownerReferences?.find((r) => r.controller);
        return !ctl || uidOf.get(`${ctl.kind}/${ctl.name}`) !== ctl.uid;
      })
      .map((o) => o.metadata?.name);
    expect(orphans, 'generated objects without a live controlling ECS resource').to.deep.equal([]);
  });

  it(`then a full resync (--resync-period=${RESYNC_SECONDS}s) performs zero writes`, async function () {
    expect(converged, 'precondition: the previous test converged the 50 services').to.equal(true);
    const op = second!;
    // Settle: the convergence's own trailing writes (status, Events) end and the queues drain.
    let last: Metrics | undefined;
    let stableSince = 0;
    await waitFor(
      async () => {
        const m = await op.metrics();
        const same = last !== undefined && m.writes() === last.writes() && m.sum('workqueue_depth') === 0;
        if (!same) stableSince = Date.now();
        last = m;
        return same && Date.now() - stableSince >= 3_000 && m;
      },
      60_000,
      'the operator to stop writing after the convergence',
      500,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; writes so far ${JSON.stringify(last?.writesByResource())}`);
    });
    const before = await op.metrics();
    const startedAt = Date.now();
    // A full resync pass reconciles every TaskDefinition and Service again: wait until one more
    // than a period has passed, the reconcile counter has moved by at least that, and the queues
    // are empty again.
    let after: Metrics | undefined;
    await waitFor(
      async () => {
        after = await op.metrics();
        return (
          Date.now() - startedAt > (RESYNC_SECONDS + 1) * 1000 &&
          after.reconciles() - before.reconciles() >= 2 * N &&
          after.sum('workqueue_depth') === 0 &&
          after.sum('controller_runtime_active_workers') === 0 &&
          after
        );
      },
      (3 * RESYNC_SECONDS + 30) * 1000,
      `a full resync pass (≥ ${2 * N} reconciles) after ${RESYNC_SECONDS}s`,
      500,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}; reconciles ${before.reconciles()} → ${after?.reconciles()} (${JSON.stringify(after?.by('controller_runtime_reconcile_total', 'controller'))})`,
      );
    });
    const a = after!;
    const reconciled = a.reconciles() - before.reconciles();
    const w0 = before.writesByResource();
    const w1 = a.writesByResource();
    const delta = Object.fromEntries(
      Object.keys(w1)
        .filter((k) => w1[k] !== (w0[k] ?? 0))
        .map((k) => [k, w1[k] - (w0[k] ?? 0)]),
    );
    console.log(
      `      resync: ${reconciled} reconciles in ${((Date.now() - startedAt) / 1000).toFixed(1)}s, writes ${before.writes()} → ${a.writes()}`,
    );
    expect(
      a.writes() - before.writes(),
      `writes during a resync of ${reconciled} reconciles: ${JSON.stringify(delta)}`,
    ).to.equal(0);
  });
});
