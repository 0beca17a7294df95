// Scenario 4: ECS placement on the real scheduler over 6 kwok nodes in zones zone-a/b/c:
// DAEMON → one pod per node; distinctInstance → at most one pod per node; spread over
// attribute:ecs.availability-zone → pods spread evenly over the zones; memberOf with a zone list →
// pods only in those zones.
import { expect } from 'chai';
import type { V1DaemonSet, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { apply, kubectl, kubectlJson } from '../support/kubectl.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { isRunningAndReady, nodeZones } from '../support/pods.js';
import { waitFor } from '../support/wait.js';
import {
  attachDiagnostics,
  ecsService,
  ensureCrds,
  expectOwnedBy,
  getEsvc,
  kubectlWaitReady,
  podsWithSelector,
  waitServiceSteady,
  webTaskDefinition,
} from './helpers.js';

before(ensureCrds);

const NODES = 6;

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

describe('operator scenario 4: placement (DAEMON, distinctInstance, spread by zone, memberOf zones)', function () {
  let ns = '';
  let op: OperatorProcess | undefined;
  let zones = new Map<string, string>();

  async function runningPods(service: string, n: number): Promise<V1Pod[]> {
    return waitFor(
      async () => {
        const pods = (await podsWithSelector(ns, `ecs2eks.dev/service=${service}`)).filter(
          (p) => !p.metadata?.deletionTimestamp,
        );
        return pods.length === n && pods.every(isRunningAndReady) && pods;
      },
      90_000,
      `${n} running pods of ${service}`,
    );
  }
  const placement = (pods: V1Pod[]) =>
    pods.map((p) => `${p.metadata!.name}@${p.spec?.nodeName}(${zones.get(p.spec?.nodeName ?? '')})`).join(' ');

  before(async function () {
    ns = await freshNamespace('e2e-op4');
    zones = await nodeZones();
    expect(zones.size, 'kwok nodes').to.equal(NODES);
    op = await startOperator({ namespace: ns, name: 'op4' });
    await apply(
      ns,
      webTaskDefinition('agent', 'registry.example.com/agent:1.0'),
      ecsService('agent', { taskDefinition: 'agent', schedulingStrategy: 'DAEMON' }),
      webTaskDefinition('uniq', 'registry.example.com/uniq:1.0'),
      ecsService('uniq', {
        taskDefinition: 'uniq',
        desiredCount: NODES,
        placementConstraints: [{ type: 'distinctInstance' }],
      }),
      webTaskDefinition('spread', 'registry.example.com/spread:1.0'),
      ecsService('spread', {
        taskDefinition: 'spread',
        desiredCount: 6,
        placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
      }),
      webTaskDefinition('zoned', 'registry.example.com/zoned:1.0'),
      ecsService('zoned', {
        taskDefinition: 'zoned',
        desiredCount: 4,
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone in [zone-a, zone-b]' }],
      }),
    );
  });
  afterEach(async function () {
    await attachDiagnostics(this, ns, () => [op]);
  });
  after(async function () {
    await op?.stop();
    if (ns) await dropNamespace(ns);
  });

  it('DAEMON: a DaemonSet with exactly one pod on each of the 6 nodes; the service is Ready', async function () {
    const ds = await waitFor(
      () => kubectlJson<V1DaemonSet>(['-n', ns, 'get', 'daemonset', 'agent']),
      60_000,
      'daemonset/agent',
    );
    expectOwnedBy(ds, await getEsvc(ns, 'agent'), 'DaemonSet agent');
    const pods = await runningPods('agent', NODES);
    const perNode = countBy(pods, (p) => p.spec?.nodeName ?? '?');
    expect(Object.keys(perNode).sort(), placement(pods)).to.deep.equal([...zones.keys()].sort());
    expect(
      Object.values(perNode).every((n) => n === 1),
      placement(pods),
    ).to.equal(true);
    const deployments = (
      await kubectl(['-n', ns, 'get', 'deployments', '-l', 'ecs2eks.dev/service=agent', '-o', 'name'])
    ).trim();
    expect(deployments, 'a DAEMON service has no Deployment').to.equal('');
    await kubectlWaitReady(ns, 'agent', '90s');
    const st = (await getEsvc(ns, 'agent')).status;
    expect(
      { desired: st?.desiredCount, running: st?.runningCount },
      'DAEMON status counts one task per node',
    ).to.deep.equal({ desired: NODES, running: NODES });
  });

  it('distinctInstance: required anti-affinity on hostname, 6 pods on 6 distinct nodes, a 7th stays Pending', async function () {
    const dep = await waitFor(
      () => kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'uniq']),
      60_000,
      'deployment/uniq',
    );
    const terms =
      dep.spec?.template.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    expect(
      terms.map((t) => t.topologyKey),
      'required pod anti-affinity topology keys',
    ).to.include('kubernetes.io/hostname');
    const pods = await runningPods('uniq', NODES);
    expect(new Set(pods.map((p) => p.spec?.nodeName)).size, placement(pods)).to.equal(NODES);
    await waitServiceSteady(ns, 'uniq', { taskDefinition: 'uniq:1', running: NODES });

    // One more task than there are nodes: the scheduler must refuse to double up.
    await kubectl(['-n', ns, 'scale', 'services.ecs2eks.dev', 'uniq', '--replicas=7']);
    const pending = await waitFor(
      async () => {
        const all = (await podsWithSelector(ns, 'ecs2eks.dev/service=uniq')).filter(
          (p) => !p.metadata?.deletionTimestamp,
        );
        const unsched = all.filter((p) =>
          p.status?.conditions?.some(
            (c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
          ),
        );
        return all.length === 7 && unsched.length === 1 && all;
      },
      60_000,
      '7 pods of uniq, one of them Unschedulable',
    );
    const placed = pending.filter((p) => p.spec?.nodeName);
    expect(placed, placement(pending)).to.have.length(NODES);
    expect(
      new Set(placed.map((p) => p.spec?.nodeName)).size,
      `at most one pod per node: ${placement(pending)}`,
    ).to.equal(NODES);
  });

  it('spread over attribute:ecs.availability-zone: zone topology spread (ScheduleAnyway), 6 pods → 2 per zone', async function () {
    const dep = await waitFor(
      () => kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'spread']),
      60_000,
      'deployment/spread',
    );
    const tsc = dep.spec?.template.spec?.topologySpreadConstraints ?? [];
    expect(
      tsc.some((c) => c.topologyKey === 'topology.kubernetes.io/zone' && c.whenUnsatisfiable === 'ScheduleAnyway'),
      `zone topologySpreadConstraint: ${JSON.stringify(tsc)}`,
    ).to.equal(true);
    const pods = await runningPods('spread', 6);
    const perZone = countBy(pods, (p) => zones.get(p.spec?.nodeName ?? '') ?? '?');
    expect(perZone, placement(pods)).to.deep.equal({ 'zone-a': 2, 'zone-b': 2, 'zone-c': 2 });
    await waitServiceSteady(ns, 'spread', { taskDefinition: 'spread:1', running: 6 });
  });

  it('memberOf attribute:ecs.availability-zone in [zone-a, zone-b]: node affinity, pods only in zone-a/zone-b', async function () {
    const dep = await waitFor(
      () => kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'zoned']),
      60_000,
      'deployment/zoned',
    );
    const required = dep.spec?.template.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const exprs = required?.nodeSelectorTerms.flatMap((t) => t.matchExpressions ?? []) ?? [];
    const zoneExpr = exprs.find((e) => e.key === 'topology.kubernetes.io/zone');
    expect(zoneExpr, `required node affinity on topology.kubernetes.io/zone: ${JSON.stringify(required)}`).to.not.equal(
      undefined,
    );
    expect(zoneExpr!.operator).to.equal('In');
    expect([...(zoneExpr!.values ?? [])].sort()).to.deep.equal(['zone-a', 'zone-b']);
    const pods = await runningPods('zoned', 4);
    const inZones = new Set(pods.map((p) => zones.get(p.spec?.nodeName ?? '')));
    expect(
      [...inZones].every((z) => z === 'zone-a' || z === 'zone-b'),
      placement(pods),
    ).to.equal(true);
    await waitServiceSteady(ns, 'zoned', { taskDefinition: 'zoned:1', running: 4 });
  });
});
