// Real node, scenario 7: the deployment circuit breaker with a container that really exits. Revision 2
// of the task definition exits 3 a second after it starts: ECS stops each such task and starts another,
// counts them, fails the deployment at the threshold and rolls back to revision 1. Here each stopped
// task is a pod the operator stopped (kept, Failed, its output readable), and the service says why.
import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import { apply, kubectl } from '../e2e/support/kubectl.js';
import { waitFor } from '../e2e/support/wait.js';
import {
  container,
  describeService,
  ecsService,
  ensureCrds,
  eventsFor,
  getEsvc,
  podsWithSelector,
  taskDefinition,
  useOperator,
  waitServiceSteady,
  type ServiceDeployment,
} from '../e2e/operator/helpers.js';
import { ON_REAL_NODE, requireRealNode } from './support.js';

let realNode = '';
before(async function () {
  realNode = await requireRealNode();
  await ensureCrds();
});

const revision = (command: string[]) =>
  taskDefinition('flaky', {
    containerDefinitions: [container('app', 'registry.example.com/flaky:1', { command, stopTimeout: 2 })],
  });

describe('real node 7: the circuit breaker trips on tasks that really exit, and rolls back', function () {
  let ns = '';
  useOperator('e2e-real7', 'real7', (n) => (ns = n));

  it('stops each exiting task, fails revision 2 at the threshold, and runs revision 1 again', async function () {
    await apply(
      ns,
      revision(['sh', '-c', 'echo steady; exec sleep 3600']),
      ecsService('flaky', {
        taskDefinition: 'flaky',
        desiredCount: 2,
        placementConstraints: ON_REAL_NODE,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    await waitServiceSteady(ns, 'flaky', { taskDefinition: 'flaky:1', running: 2 }, 120_000);
    const t0 = Date.now();
    await apply(ns, revision(['sh', '-c', 'echo crashing; sleep 1; exit 3']));

    const failed = await waitFor(
      async () => {
        const svc = await getEsvc(ns, 'flaky');
        const d = svc.status?.deployments?.find(
          (x: ServiceDeployment) => x.taskDefinition === 'flaky:2' && x.rolloutState === 'FAILED',
        );
        return d && { svc, d };
      },
      180_000,
      'deployment flaky:2 FAILED',
    );
    console.log(`      FAILED after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${failed.d.rolloutStateReason}`);
    // ECS's threshold for desiredCount 2: ceil(2 / 2) clamped to at least 3.
    expect(failed.d.failedTasks ?? 0).to.be.at.least(3);

    const back = await waitServiceSteady(ns, 'flaky', { taskDefinition: 'flaky:1', running: 2 }, 120_000);
    console.log(`      back on flaky:1 after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${describeService(back)}`);

    // The stopped tasks of revision 2: kept, Failed, with the container's own exit code and output.
    const stopped = (await podsWithSelector(ns, 'ecs2eks.dev/service=flaky,ecs2eks.dev/revision=2')).filter(
      (p: V1Pod) => p.status?.phase === 'Failed',
    );
    expect(stopped.length, 'stopped tasks of revision 2 kept').to.be.at.least(1);
    const pod = stopped[0];
    expect(pod.spec?.nodeName).to.equal(realNode);
    const app = pod.status?.containerStatuses?.find((c) => c.name === 'app');
    const exit = app?.state?.terminated?.exitCode ?? app?.lastState?.terminated?.exitCode;
    expect(exit, 'the real exit code').to.equal(3);
    const logs = await kubectl(['-n', ns, 'logs', pod.metadata!.name!, '-c', 'app']);
    expect(logs).to.contain('crashing');

    const events = (await eventsFor(ns, 'Service', 'flaky', 'Warning')).map((e) => `${e.reason}: ${e.message}`);
    console.log(`      warnings: ${events.join(' | ')}`);
    expect(events.some((m) => m.startsWith('TaskStopped:') && m.includes('exited with code 3'))).to.equal(true);
    expect(events.some((m) => m.startsWith('DeploymentFailed:'))).to.equal(true);
    expect(events.some((m) => m.startsWith('RollingBack:'))).to.equal(true);
  });
});
