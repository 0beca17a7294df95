// Scenario 17: draining a node. ECS drains a container instance by starting a replacement before it
// stops the draining task; Kubernetes evicts first. A floor that keeps every task (2 tasks at
// minimumHealthyPercent 75: ceil(1.5) = 2) as a minAvailable budget would allow no eviction, and
// `kubectl drain` would never finish. The budget lets one pod go at a time instead, so the drain
// completes and the service is steady again on the other nodes.
import { expect } from 'chai';
import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import { apply, kubectl, kubectlJson } from '../support/kubectl.js';
import {
  ecsService,
  ensureCrds,
  podsWithSelector,
  useOperator,
  waitServiceSteady,
  webTaskDefinition,
} from './helpers.js';

before(ensureCrds);

describe('operator scenario 17: a node drain completes under the service disruption budget', function () {
  let ns = '';
  useOperator('e2e-op17', 'op17', (n) => (ns = n));

  it('drains a node that runs one of 2 tasks at minimumHealthyPercent 75, and the service is steady again', async function () {
    await apply(
      ns,
      webTaskDefinition('drainme', 'registry.example.com/web:1.0'),
      ecsService('drainme', {
        taskDefinition: 'drainme',
        desiredCount: 2,
        deploymentConfiguration: { minimumHealthyPercent: 75, maximumPercent: 200 },
      }),
    );
    await waitServiceSteady(ns, 'drainme', { taskDefinition: 'drainme:1', running: 2 });
    const pdb = await kubectlJson<V1PodDisruptionBudget>(['-n', ns, 'get', 'pdb', 'drainme']);
    expect(pdb.spec?.maxUnavailable, 'one pod at a time, not minAvailable 75 % (which allows none)').to.equal(1);
    const [pod] = await podsWithSelector(ns, 'ecs2eks.dev/service=drainme');
    const node = pod.spec!.nodeName!;
    const t0 = Date.now();
    try {
      await kubectl(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=90s']);
      console.log(`      kubectl drain ${node}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const svc = await waitServiceSteady(ns, 'drainme', { taskDefinition: 'drainme:1', running: 2 }, 120_000);
      expect(svc.status?.runningCount).to.equal(2);
      const pods = await podsWithSelector(ns, 'ecs2eks.dev/service=drainme');
      expect(pods.filter((p) => p.spec?.nodeName === node && !p.metadata?.deletionTimestamp)).to.have.length(0);
    } finally {
      await kubectl(['uncordon', node]);
    }
  });
});
