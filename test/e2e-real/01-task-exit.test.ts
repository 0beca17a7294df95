// Real node, scenario 1: a Task with two essential containers where one really exits with code 3.
// ECS stops the task (EssentialContainerExited), reports the real exit codes, and the stopped
// task's output stays readable (ECS: in its log driver; here: `kubectl logs`).
import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import { apply, kubectl, kubectlJson } from '../e2e/support/kubectl.js';
import { waitFor } from '../e2e/support/wait.js';
import { container, ecsTask, ensureCrds, getEtask, taskDefinition, useOperator } from '../e2e/operator/helpers.js';
import { ON_REAL_NODE, requireRealNode } from './support.js';

let realNode = '';
before(async function () {
  realNode = await requireRealNode();
  await ensureCrds();
});

interface TaskStatusView {
  lastStatus?: string;
  stopCode?: string;
  stoppedReason?: string;
  containers?: { name: string; lastStatus?: string; exitCode?: number | null; reason?: string | null }[];
}

describe('real node 1: an essential container that exits stops the task, with the real exit code', function () {
  let ns = '';
  useOperator('e2e-real1', 'real1', (n) => (ns = n));

  it('STOPPED, EssentialContainerExited, exit code 3 from the container, logs still readable', async function () {
    await apply(
      ns,
      taskDefinition('job', {
        containerDefinitions: [
          container('main', 'registry.example.com/job:1.0', {
            command: ['sh', '-c', 'echo main started; sleep 2; echo main failing; exit 3'],
          }),
          container('side', 'registry.example.com/side:1.0', { command: ['sh', '-c', 'echo side up; sleep 3600'] }),
        ],
      }),
      ecsTask('run1', { taskDefinition: 'job', count: 1, placementConstraints: ON_REAL_NODE }),
    );
    const status = await waitFor(
      async () => {
        const st = (await getEtask(ns, 'run1')).status as TaskStatusView | undefined;
        return st?.lastStatus === 'STOPPED' && st;
      },
      120_000,
      'task run1 STOPPED',
    );
    console.log(`      task run1: ${JSON.stringify(status)}`);
    expect(status.stopCode).to.equal('EssentialContainerExited');
    const main = status.containers?.find((c) => c.name === 'main');
    expect(main?.exitCode, 'main exit code').to.equal(3);
    // The operator stops the pod without deleting it: the kubelet ends `side` (SIGTERM, which `sh`
    // ignores, then SIGKILL after the 30 s ECS default stopTimeout) and the pod stays, Failed.
    const pod = await waitFor(
      async () => {
        const p = await kubectlJson<V1Pod>(['-n', ns, 'get', 'pod', 'run1-0']);
        return p.status?.phase === 'Failed' && p;
      },
      90_000,
      'pod run1-0 Failed and kept',
    );
    expect(pod.spec?.nodeName, 'ran on the real node').to.equal(realNode);
    expect(pod.status?.reason).to.equal('DeadlineExceeded');
    const exits = Object.fromEntries(
      (pod.status?.containerStatuses ?? []).map((c) => [c.name, c.state?.terminated?.exitCode]),
    );
    console.log(`      pod run1-0 exit codes: ${JSON.stringify(exits)}`);
    expect(Object.values(exits).sort(), 'main exits 3 by itself; side is killed (SIGKILL)').to.deep.equal([137, 3]);
    const logs = await kubectl(['-n', ns, 'logs', 'run1-0', '-c', 'main']);
    expect(logs).to.contain('main started').and.contain('main failing');
  });
});
