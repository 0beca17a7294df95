// Real node, scenario 5: stopTimeout. ECS sends SIGTERM and kills the container stopTimeout seconds
// later if it has not exited. The test program ignores SIGTERM for 60 s (TESTIMAGE_TERM_DELAY), so
// the time from stopping the task to the pod being gone is the grace period the kubelet applied:
// about 5 s with stopTimeout 5, never ECS's 30 s default, and not 60.
import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import { apply, kubectl, kubectlJson } from '../e2e/support/kubectl.js';
import { waitFor } from '../e2e/support/wait.js';
import { container, ecsTask, ensureCrds, getEtask, taskDefinition, useOperator } from '../e2e/operator/helpers.js';
import { ON_REAL_NODE, requireRealNode } from './support.js';

before(async function () {
  await requireRealNode();
  await ensureCrds();
});

describe('real node 5: stopTimeout is the time between SIGTERM and SIGKILL', function () {
  let ns = '';
  useOperator('e2e-real5', 'real5', (n) => (ns = n));

  it('a container that ignores SIGTERM is killed about stopTimeout (5 s) after the task is stopped', async function () {
    await apply(
      ns,
      taskDefinition('slowstop', {
        containerDefinitions: [
          container('app', 'registry.example.com/app:1', {
            stopTimeout: 5,
            environment: [{ name: 'TESTIMAGE_TERM_DELAY', value: '60' }],
          }),
        ],
      }),
      ecsTask('slowstop', { taskDefinition: 'slowstop', placementConstraints: ON_REAL_NODE }),
    );
    await waitFor(
      async () =>
        ((await getEtask(ns, 'slowstop')).status as { lastStatus?: string } | undefined)?.lastStatus === 'RUNNING',
      120_000,
      'task slowstop RUNNING',
    );
    const pod = await kubectlJson<V1Pod>(['-n', ns, 'get', 'pod', 'slowstop-0']);
    expect(pod.spec?.terminationGracePeriodSeconds, 'grace period').to.equal(5);
    // Measured from when the pod's deletion starts (the garbage collector may take a while to act on the
    // Task's deletion: it learns of a new custom resource kind on its own schedule), to when it is gone.
    await kubectl(['-n', ns, 'delete', 'task.ecs2eks.dev', 'slowstop', '--wait=false']);
    let t0 = 0;
    await waitFor(
      async () => {
        const out = await kubectl([
          '-n',
          ns,
          'get',
          'pods',
          '-o',
          'jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{"\\n"}{end}',
        ]);
        if (!t0 && /slowstop-0 \S+/.test(out)) t0 = Date.now();
        return out.trim() === '';
      },
      120_000,
      'the pod gone',
      200,
    );
    const seconds = (Date.now() - t0) / 1000;
    console.log(
      `      pod deletion started → gone in ${seconds.toFixed(1)} s (stopTimeout 5, SIGTERM ignored for 60 s)`,
    );
    expect(t0, 'saw the pod being deleted').to.be.above(0);
    expect(seconds, 'killed after the grace period, not when SIGTERM was handled').to.be.at.least(4);
    expect(seconds, 'killed at stopTimeout, not at 30 s or 60 s').to.be.below(15);
  });
});
