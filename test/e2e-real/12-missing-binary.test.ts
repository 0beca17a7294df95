// Real node, scenario 12: a command that names a program the image lacks. The local stand-in image has
// busybox only, so `bash` is not there (a real image may lack it just as well): the runtime cannot
// start the container. The status must say so in ECS's words with the runtime's message, never claim
// the task ran: a Task stops as TaskFailedToStart, a Service's task is stopped and the service says why.
import { expect } from 'chai';
import { apply } from '../e2e/support/kubectl.js';
import { waitFor } from '../e2e/support/wait.js';
import {
  condition,
  container,
  ecsService,
  ecsTask,
  ensureCrds,
  getEsvc,
  getEtask,
  taskDefinition,
  useOperator,
} from '../e2e/operator/helpers.js';
import { ON_REAL_NODE, requireRealNode } from './support.js';

before(async function () {
  await requireRealNode();
  await ensureCrds();
});

const withBash = taskDefinition('bashy', {
  containerDefinitions: [
    container('app', 'registry.example.com/app:1', { command: ['bash', '-c', 'echo hello; sleep 3600'] }),
  ],
});

describe('real node 12: a command whose program the image lacks', function () {
  let ns = '';
  useOperator('e2e-real12', 'real12', (n) => (ns = n));

  it('a Task stops as TaskFailedToStart with the runtime message', async function () {
    await apply(ns, withBash, ecsTask('bashy', { taskDefinition: 'bashy', placementConstraints: ON_REAL_NODE }));
    const st = await waitFor(
      async () => {
        const s = (await getEtask(ns, 'bashy')).status as
          { lastStatus?: string; stopCode?: string; stoppedReason?: string } | undefined;
        return s?.lastStatus === 'STOPPED' && s;
      },
      120_000,
      'task bashy STOPPED',
    );
    console.log(`      task: ${st.stopCode}: ${st.stoppedReason}`);
    expect(st.stopCode).to.equal('TaskFailedToStart');
    expect(st.stoppedReason).to.contain('CannotStartContainerError').and.contain('"bash"');
  });

  it('a Service stops the task, says why, and is not Ready', async function () {
    await apply(
      ns,
      ecsService('bashy', { taskDefinition: 'bashy', desiredCount: 1, placementConstraints: ON_REAL_NODE }),
    );
    const svc = await waitFor(
      async () => {
        const s = await getEsvc(ns, 'bashy');
        const last = (s.status as { lastStoppedTask?: { stoppedReason: string } } | undefined)?.lastStoppedTask;
        return last && { s, last };
      },
      120_000,
      'service bashy stopping a task',
    );
    console.log(`      service: ${svc.last.stoppedReason}`);
    expect(svc.last.stoppedReason).to.match(/^CannotStartContainerError: container "app" could not start: .*"bash"/);
    expect(condition(svc.s, 'Ready')?.status).to.equal('False');
    expect(svc.s.status?.runningCount).to.equal(0);
  });
});
