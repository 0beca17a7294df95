// Real node, scenario 13: stopped tasks keep their pods for a while, as ECS shows a stopped task for
// about an hour (default --stopped-task-retention 1h, --stopped-tasks-kept 10 per service). With a
// short retention here: a one-off task's pod stays, logs readable, then goes, while the Task keeps its
// STOPPED status and exit code; a service keeps at most the newest N stopped tasks.
import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import { apply, kubectl, kubectlJson } from '../e2e/support/kubectl.js';
import type { List } from '../e2e/support/pods.js';
import { waitFor } from '../e2e/support/wait.js';
import {
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

const RETENTION_S = 20;

describe('real node 13: stopped tasks keep their pods for the retention, then the pods go', function () {
  let ns = '';
  useOperator('e2e-real13', 'real13', (n) => (ns = n), {
    extraArgs: [`--stopped-task-retention=${RETENTION_S}s`, '--stopped-tasks-kept=2'],
  });

  it('a stopped Task: logs readable until the retention ends, status kept after', async function () {
    await apply(
      ns,
      taskDefinition('once', {
        containerDefinitions: [
          container('job', 'registry.example.com/job:1', { command: ['sh', '-c', 'echo did it'] }),
        ],
      }),
      ecsTask('once', { taskDefinition: 'once', placementConstraints: ON_REAL_NODE }),
    );
    const stopped = await waitFor(
      async () => {
        const st = (await getEtask(ns, 'once')).status as { lastStatus?: string; stoppedAt?: string } | undefined;
        return st?.lastStatus === 'STOPPED' && st;
      },
      120_000,
      'task once STOPPED',
    );
    expect(await kubectl(['-n', ns, 'logs', 'once-0'])).to.contain('did it');
    const gone = await waitFor(
      async () => {
        const pods = await kubectlJson<List<V1Pod>>(['-n', ns, 'get', 'pods', '-l', 'ecs2eks.dev/task=once']);
        return pods.items.length === 0 && Date.now();
      },
      90_000,
      'the stopped task pod removed after the retention',
    );
    const keptFor = (gone - Date.parse(stopped.stoppedAt!)) / 1000;
    console.log(`      pod kept ${keptFor.toFixed(1)} s after the task stopped (retention ${RETENTION_S} s)`);
    expect(keptFor).to.be.at.least(RETENTION_S - 1);
    const after = (await getEtask(ns, 'once')).status as {
      lastStatus?: string;
      containers?: { exitCode?: number | null }[];
    };
    expect(after.lastStatus).to.equal('STOPPED');
    expect(after.containers?.[0]?.exitCode, 'the exit code outlives the pod').to.equal(0);
  });

  it('a Service keeps at most the newest 2 stopped tasks', async function () {
    await apply(
      ns,
      taskDefinition('blinky', {
        containerDefinitions: [
          container('app', 'registry.example.com/app:1', { command: ['sh', '-c', 'sleep 1; exit 1'], stopTimeout: 2 }),
        ],
      }),
      ecsService('blinky', { taskDefinition: 'blinky', desiredCount: 1, placementConstraints: ON_REAL_NODE }),
    );
    // Wait for 3 stops (the third comes without back-off), then check what is kept.
    await waitFor(
      async () => {
        const st = (await getEsvc(ns, 'blinky')).status as { lastStoppedTask?: { consecutive?: number } } | undefined;
        return (st?.lastStoppedTask?.consecutive ?? 0) >= 3;
      },
      120_000,
      'three stopped tasks',
    );
    const failed = await waitFor(
      async () => {
        const pods = await kubectlJson<List<V1Pod>>(['-n', ns, 'get', 'pods', '-l', 'ecs2eks.dev/service=blinky']);
        const done = pods.items.filter((p) => p.status?.phase === 'Failed' && !p.metadata?.deletionTimestamp);
        return done.length <= 2 && done.length > 0 && done;
      },
      60_000,
      'at most 2 stopped pods kept',
    );
    console.log(`      kept stopped tasks: ${failed.map((p) => p.metadata?.name).join(', ')}`);
  });
});
