// Scenario 6: a Task (RunTask) with two essential containers; one exits with code 3 (kwok's exit
// stage, triggered by annotating the running pod) → the task stops with EssentialContainerExited
// and reports the exit code, and the operator ends the pod whose other container still runs.
import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import type { TaskStatus } from '../../../src/api/resources.js';
import { apply, kubectl, kubectlJson } from '../support/kubectl.js';
import { isRunningAndReady } from '../support/pods.js';
import { waitFor } from '../support/wait.js';
import {
  condition,
  container,
  ecsTask,
  ensureCrds,
  expectOwnedBy,
  getEtask,
  podsWithSelector,
  taskDefinition,
  type EcsObject,
  useOperator,
} from './helpers.js';

before(ensureCrds);

interface TaskContainerStatus {
  name: string;
  lastStatus: string;
  exitCode?: number | null;
  reason?: string | null;
}

function taskSummary(t: EcsObject | undefined): string {
  if (!t) return '(none)';
  const st = t.status ?? {};
  return JSON.stringify({
    lastStatus: st.lastStatus,
    desiredStatus: st.desiredStatus,
    stopCode: st.stopCode,
    stoppedReason: st.stoppedReason,
    containers: st.containers,
    conditions: st.conditions,
  });
}

describe('operator scenario 6: a Task stops when an essential container exits', function () {
  let ns = '';

  useOperator('e2e-op6', 'op6', (n) => {
    ns = n;
  });

  it('runs the pod, then STOPPED with stopCode EssentialContainerExited and exit code 3 for the exited container', async function () {
    await apply(
      ns,
      taskDefinition('job', {
        containerDefinitions: [
          container('main', 'registry.example.com/job:1.0'),
          container('watcher', 'registry.example.com/watcher:1.0'),
        ],
      }),
      ecsTask('run1', { taskDefinition: 'job', count: 1 }),
    );

    // The pod: restartPolicy Never, labelled and annotated for the essential-exit logic.
    const pod = await waitFor(
      async () => {
        const pods = await podsWithSelector(ns, 'ecs2eks.dev/task=run1');
        return pods.length === 1 && isRunningAndReady(pods[0]) && pods[0];
      },
      60_000,
      'the running pod of task run1',
    );
    expect(pod.metadata?.name).to.equal('run1-0');
    expect(pod.spec?.restartPolicy).to.equal('Never');
    expectOwnedBy(pod, await getEtask(ns, 'run1'), 'Pod run1-0');
    const ann = pod.metadata?.annotations ?? {};
    expect(ann['ecs2eks.dev/essential-containers'], 'essential-containers annotation').to.be.a('string');
    const namesMap = JSON.parse(ann['ecs2eks.dev/container-names'] ?? '{}') as Record<string, string>;
    const k8sMain = namesMap['main'];
    expect(k8sMain, `container-names annotation ${ann['ecs2eks.dev/container-names']}`).to.be.a('string');
    expect(
      ann['ecs2eks.dev/essential-containers']
        .split(',')
        .map((s) => s.trim())
        .sort(),
    ).to.deep.equal([k8sMain, namesMap['watcher']].sort());

    const running = await waitFor(
      async () => {
        const t = await getEtask(ns, 'run1');
        return t.status?.lastStatus === 'RUNNING' && t;
      },
      60_000,
      'etask/run1 lastStatus RUNNING',
    );
    expect(running.status?.desiredStatus).to.equal('RUNNING');

    // The `main` container exits with code 3 (kwok reacts to the annotation on the running pod).
    await kubectl([
      '-n',
      ns,
      'annotate',
      'pod',
      'run1-0',
      'sim.ecs2eks.test/kwok-exit-code=3',
      `sim.ecs2eks.test/kwok-exit-container=${k8sMain}`,
    ]);

    let last: EcsObject | undefined;
    const stopped = await waitFor(
      async () => {
        last = await getEtask(ns, 'run1');
        return last.status?.lastStatus === 'STOPPED' && last;
      },
      60_000,
      'etask/run1 lastStatus STOPPED',
    ).catch((err: Error) => {
      throw new Error(`${err.message}; last status ${taskSummary(last)}`);
    });
    const st = stopped.status as TaskStatus;
    expect(st.stopCode, taskSummary(stopped)).to.equal('EssentialContainerExited');
    expect(st.desiredStatus, taskSummary(stopped)).to.equal('STOPPED');
    expect(String(st.stoppedReason ?? ''), 'stoppedReason').to.not.equal('');
    const containers = (st.containers ?? []) as TaskContainerStatus[];
    const main = containers.find((c) => c.name === 'main');
    expect(main, taskSummary(stopped)).to.include({ lastStatus: 'STOPPED', exitCode: 3 });
    expect(containers.map((c) => c.name).sort(), 'containers[] carry the ECS names').to.deep.equal(['main', 'watcher']);
    expect(condition(stopped, 'Stopped')?.status, taskSummary(stopped)).to.equal('True');
    expect(condition(stopped, 'Succeeded')?.status ?? 'False', 'Succeeded (non-zero exit)').to.not.equal('True');

    // The other essential container was still running: the operator ends the pod, and nothing
    // starts a new one.
    await waitFor(
      async () => {
        const pods = await kubectlJson<{ items: V1Pod[] }>(['-n', ns, 'get', 'pods', '-l', 'ecs2eks.dev/task=run1']);
        return (
          pods.items.every(
            (p) => p.metadata?.deletionTimestamp || p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded',
          ) && true
        );
      },
      60_000,
      'pod run1-0 ended (deleted or terminal)',
    );
    const again = await getEtask(ns, 'run1');
    expect(again.status?.lastStatus, 'still STOPPED after the pod ended').to.equal('STOPPED');
    expect(
      ((again.status?.containers ?? []) as TaskContainerStatus[]).find((c) => c.name === 'main')?.exitCode,
      'exit code kept after the pod is gone',
    ).to.equal(3);
    const pods = await podsWithSelector(ns, 'ecs2eks.dev/task=run1');
    expect(
      pods.filter(
        (p) => !p.metadata?.deletionTimestamp && (p.status?.phase === 'Running' || p.status?.phase === 'Pending'),
      ),
      'no new pod for a stopped task',
    ).to.have.length(0);
  });
});
