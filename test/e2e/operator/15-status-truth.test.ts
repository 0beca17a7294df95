// Scenario 15: status says what the scheduler says. A Service whose placement no node satisfies
// (memberOf a label no node carries) starts no task: ECS says "(service x) was unable to place a
// task because no container instance met all of its requirements". Ours: Ready=False with the
// scheduler's reason and message, a Warning event, no task counted pending and no "has started".
import { expect } from 'chai';
import { apply, kubectl } from '../support/kubectl.js';
import { waitFor } from '../support/wait.js';
import {
  condition,
  describeService,
  ecsService,
  ecsTask,
  ensureCrds,
  eventsFor,
  getEsvc,
  getEtask,
  useOperator,
  waitServiceSteady,
  webTaskDefinition,
} from './helpers.js';

before(ensureCrds);

describe('operator scenario 15: a Service that cannot be placed says so, and claims no started task', function () {
  let ns = '';
  useOperator('e2e-op15', 'op15', (n) => (ns = n));

  it('Ready=False Unschedulable with the scheduler message, a Warning event, pending 0, no "has started"', async function () {
    await apply(
      ns,
      webTaskDefinition('nowhere', 'registry.example.com/web:1'),
      ecsService('nowhere', {
        taskDefinition: 'nowhere',
        desiredCount: 2,
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs2eks.test/rack == nowhere' }],
      }),
    );
    const svc = await waitFor(
      async () => {
        const s = await getEsvc(ns, 'nowhere');
        return condition(s, 'Ready')?.reason === 'Unschedulable' && s;
      },
      60_000,
      'esvc/nowhere Ready=False Unschedulable',
    );
    const ready = condition(svc, 'Ready')!;
    console.log(`      ${describeService(svc)}: ${ready.message}`);
    expect(ready.status).to.equal('False');
    expect(ready.message)
      .to.contain('unable to place a task')
      .and.match(/0\/\d+ nodes are available/);
    expect(svc.status?.runningCount ?? 0).to.equal(0);
    expect(svc.status?.pendingCount ?? 0, 'an unplaced task is not pending').to.equal(0);
    const ecsEvents = ((svc.status as { events?: { message: string }[] }).events ?? []).map((e) => e.message);
    expect(ecsEvents.join('\n')).to.not.contain('has started');
    const warnings = await waitFor(
      async () => {
        const w = (await eventsFor(ns, 'Service', 'nowhere', 'Warning')).filter((e) => e.reason === 'Unschedulable');
        return w.length > 0 && w;
      },
      30_000,
      'a Warning event Unschedulable',
    );
    expect(warnings[0].message).to.contain('(service nowhere) tasks cannot start: unable to place a task');
  });
  it('a Task that cannot be placed stays PENDING with Ready=False Unschedulable and the scheduler message', async function () {
    await apply(
      ns,
      ecsTask('stranded', {
        taskDefinition: 'nowhere',
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs2eks.test/rack == nowhere' }],
      }),
    );
    const task = await waitFor(
      async () => {
        const t = await getEtask(ns, 'stranded');
        return condition(t, 'Ready')?.reason === 'Unschedulable' && t;
      },
      60_000,
      'etask/stranded Ready=False Unschedulable',
    );
    const ready = condition(task, 'Ready')!;
    console.log(`      task stranded: ${String(task.status?.lastStatus)}: ${ready.message}`);
    expect(task.status?.lastStatus).to.equal('PENDING');
    expect(ready.message)
      .to.contain('unable to place a task')
      .and.match(/0\/\d+ nodes are available/);
  });
  it("a crash-looping pod someone created with the service's labels is not its task: no failed task, no breaker", async function () {
    await apply(
      ns,
      webTaskDefinition('guarded', 'registry.example.com/web:1'),
      ecsService('guarded', {
        taskDefinition: 'guarded',
        desiredCount: 1,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    await waitServiceSteady(ns, 'guarded', { taskDefinition: 'guarded:1', running: 1 });
    // Someone with pod rights (not the operator) adds a pod that carries every label of the service's pods,
    // with an image kwok crash-loops (tag `fail`): its restarts would be the service's failed tasks.
    await apply(ns, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'impostor',
        labels: {
          'app.kubernetes.io/managed-by': 'ecs2eks',
          'ecs2eks.dev/service': 'guarded',
          'ecs2eks.dev/revision': '1',
          'ecs2eks.dev/family': 'guarded',
        },
      },
      spec: { containers: [{ name: 'app', image: 'registry.example.com/web:fail' }] },
    });
    await waitFor(
      async () => {
        const p = JSON.parse(await kubectl(['-n', ns, 'get', 'pod', 'impostor', '-o', 'json'])) as {
          status?: { containerStatuses?: { restartCount?: number }[] };
        };
        return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 4;
      },
      60_000,
      'the impostor pod restarted 4 times (above the breaker threshold of 3)',
    );
    await new Promise((r) => setTimeout(r, 3000));
    const svc = await getEsvc(ns, 'guarded');
    console.log(`      ${describeService(svc)}`);
    expect(condition(svc, 'Ready')?.status, describeService(svc)).to.equal('True');
    expect(svc.status?.runningCount).to.equal(1);
    const primary = svc.status?.deployments?.find((d) => d.status === 'PRIMARY');
    expect(primary?.rolloutState, describeService(svc)).to.equal('COMPLETED');
    expect(primary?.failedTasks ?? 0, 'failed tasks of the service').to.equal(0);
  });

  it('a service whose task keeps exiting is never Ready: stopped tasks with their exit code, nothing counted pending', async function () {
    await apply(
      ns,
      // kwok's failing stage: the container exits 1 about every 2 s.
      webTaskDefinition('crashy', 'registry.example.com/crashy:1-fail'),
      ecsService('crashy', { taskDefinition: 'crashy', desiredCount: 1 }),
    );
    const seen: { ready: string; running: number; pending: number }[] = [];
    const until = Date.now() + 45_000;
    while (Date.now() < until) {
      const s = await getEsvc(ns, 'crashy');
      seen.push({
        ready: condition(s, 'Ready')?.status ?? '',
        running: s.status?.runningCount ?? 0,
        pending: s.status?.pendingCount ?? 0,
      });
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const svc = await getEsvc(ns, 'crashy');
    console.log(`      after 45 s: ${describeService(svc)}`);
    expect(
      seen.every((x) => x.ready !== 'True'),
      'never Ready',
    ).to.equal(true);
    expect(Math.max(...seen.map((x) => x.pending)), 'pending never above desiredCount').to.be.at.most(1);
    expect(svc.status?.rolloutState, 'never COMPLETED').to.equal('IN_PROGRESS');
    const stops = (await eventsFor(ns, 'Service', 'crashy', 'Warning')).filter((e) => e.reason === 'TaskStopped');
    expect(stops.length, 'a TaskStopped event per stopped task').to.be.at.least(3);
    expect(stops[0].message).to.match(
      /has stopped 1 running tasks: \(task crashy-.*\)\. Essential container in task exited: .*exited with code 1/,
    );
  });
});
