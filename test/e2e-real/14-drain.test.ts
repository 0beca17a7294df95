// Real node, scenario 14: draining the real node. ECS drains a container instance by starting a
// replacement before it stops the draining task; Kubernetes evicts first. A floor that keeps every task
// (2 tasks at minimumHealthyPercent 75: ceil(1.5) = 2) as a minAvailable budget would allow no eviction
// and the drain would never finish. Here the budget lets one go at a time: the kubelet really stops each
// evicted task, and the replacements start on a second node (a kwok node added for the test, since the
// cluster of make e2e-real has only the real node).
import { expect } from 'chai';
import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import { apply, kubectl, kubectlJson } from '../e2e/support/kubectl.js';
import { waitFor } from '../e2e/support/wait.js';
import {
  container,
  ecsService,
  ensureCrds,
  podsWithSelector,
  taskDefinition,
  useOperator,
  waitServiceSteady,
} from '../e2e/operator/helpers.js';
import { requireRealNode } from './support.js';

let realNode = '';
before(async function () {
  realNode = await requireRealNode();
  await ensureCrds();
});

const SPARE = 'kwok-drain-spare';
const spareNode = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: SPARE,
    labels: {
      'kubernetes.io/hostname': SPARE,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      type: 'kwok',
    },
    annotations: { 'kwok.x-k8s.io/node': 'fake' },
  },
  status: {
    capacity: { cpu: '4', memory: '16Gi', pods: '110' },
    allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
  },
};

describe('real node 14: a drain of the real node completes under the service disruption budget', function () {
  let ns = '';
  useOperator('e2e-real14', 'real14', (n) => (ns = n));

  it('evicts one of 2 tasks at a time (minimumHealthyPercent 75) and the service is steady again', async function () {
    await apply(
      ns,
      taskDefinition('drainme', {
        containerDefinitions: [container('app', 'registry.example.com/app:1', { stopTimeout: 2 })],
      }),
      ecsService('drainme', {
        taskDefinition: 'drainme',
        desiredCount: 2,
        deploymentConfiguration: { minimumHealthyPercent: 75, maximumPercent: 200 },
      }),
    );
    await waitServiceSteady(ns, 'drainme', { taskDefinition: 'drainme:1', running: 2 }, 120_000);
    const before = await podsWithSelector(ns, 'ecs2eks.dev/service=drainme');
    expect(
      before.every((p) => p.spec?.nodeName === realNode),
      'both tasks run on the real node',
    ).to.equal(true);
    const pdb = await kubectlJson<V1PodDisruptionBudget>(['-n', ns, 'get', 'pdb', 'drainme']);
    expect(pdb.spec?.maxUnavailable, 'one at a time, not minAvailable 75 % (which allows none)').to.equal(1);

    await kubectl(['create', '-f', '-'], JSON.stringify(spareNode));
    try {
      await waitFor(
        async () =>
          (
            await kubectlJson<{ status?: { conditions?: { type: string; status: string }[] } }>(['get', 'node', SPARE])
          ).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
        60_000,
        `node ${SPARE} Ready`,
      );
      const t0 = Date.now();
      await kubectl([
        'drain',
        realNode,
        '--pod-selector=ecs2eks.dev/service=drainme',
        '--ignore-daemonsets',
        '--delete-emptydir-data',
        '--timeout=120s',
      ]);
      console.log(`      kubectl drain ${realNode}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await waitServiceSteady(ns, 'drainme', { taskDefinition: 'drainme:1', running: 2 }, 120_000);
      const after = (await podsWithSelector(ns, 'ecs2eks.dev/service=drainme')).filter(
        (p) => !p.metadata?.deletionTimestamp,
      );
      expect(after.map((p) => p.spec?.nodeName)).to.deep.equal([SPARE, SPARE]);
    } finally {
      await kubectl(['uncordon', realNode]);
      await kubectl(['-n', ns, 'delete', 'esvc', 'drainme', '--wait=true']).catch(() => undefined);
      await kubectl(['delete', 'node', SPARE, '--wait=false']).catch(() => undefined);
    }
  });
});
