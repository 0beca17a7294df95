import { expect } from 'chai';
import type { ServiceStatus } from '../../../src/api/resources.js';
import {
  chooseRevision,
  computeServiceStatus,
  stopBackoffMs,
  type ObservedPod,
  type ServiceStatusInput,
  type ServiceStatusResult,
} from '../../../src/controller/service-status.js';
import {
  conditionOf,
  deploymentOf,
  minutesAfterStart,
  observedPod,
  observedPods,
  rolledOutWorkload,
  serviceStatusInput as input,
} from '../../support/service-builders.js';

/** step computes the status that follows `previous` (what the last computation wrote) with the given observations. */
function step(previous: ServiceStatus | undefined, over: Partial<ServiceStatusInput>): ServiceStatusResult {
  return computeServiceStatus(input({ previous, ...over }));
}

/**
 * rolledOut returns the status of `web` after each revision in turn replaced all tasks of the one before and
 * completed (one computation per revision, a minute apart).
 */
function rolledOut(...revisions: number[]): ServiceStatus {
  let status: ServiceStatus | undefined;
  revisions.forEach((revision, i) => {
    status = step(status, { revision, pods: observedPods(revision, 2), now: minutesAfterStart(i) }).status;
  });
  if (!status) throw new Error('rolledOut needs at least one revision');
  return status;
}

/** deploymentsOf lists `[taskDefinition, status]` of every deployment, in the order describe-services shows them. */
const deploymentsOf = (status: ServiceStatus) => (status.deployments ?? []).map((d) => [d.taskDefinition, d.status]);

/** A circuit breaker that fails a deployment after 3 failed tasks but does not roll back. */
const breakerWithoutRollback = { enable: true, rollback: false, threshold: 3 };

describe('computeServiceStatus', () => {
  it('is not Ready when a task cannot start, with the kubelet reason and ECS words, and tells it once', () => {
    const problem = {
      reason: 'CreateContainerConfigError',
      ecs: 'ResourceInitializationError',
      message: 'secret "db" not found',
    };
    const pods = [observedPod('web-1', 1, { ready: false, problem })];
    const first = step(undefined, { pods });
    const ready = conditionOf(first.status, 'Ready');
    expect(ready).to.deep.include({ status: 'False', reason: 'CreateContainerConfigError' });
    expect(ready?.message).to.equal(
      '0/2 tasks running web:1; tasks cannot start: ResourceInitializationError (CreateContainerConfigError: secret "db" not found; pod web-1)',
    );
    expect(first.status.runningCount).to.equal(0);
    const warnings = first.events.filter((e) => e.type === 'Warning');
    expect(warnings.map((e) => e.reason)).to.deep.equal(['CreateContainerConfigError']);
    expect(warnings[0].message).to.contain('(service web) tasks cannot start: ResourceInitializationError');
    const again = step(first.status, { pods, now: minutesAfterStart(1) });
    expect(
      again.events.filter((e) => e.type === 'Warning'),
      'told once',
    ).to.deep.equal([]);
    expect(conditionOf(again.status, 'Ready')?.reason).to.equal('CreateContainerConfigError');
  });

  it('names the scheduler verdict of a task that cannot be placed', () => {
    const problem = {
      reason: 'Unschedulable',
      ecs: 'unable to place a task because no node met all of its requirements',
      message: "0/6 nodes are available: 6 node(s) didn't match Pod's node affinity/selector.",
    };
    const r = step(undefined, { pods: [observedPod('web-1', 1, { ready: false, placed: false, problem })] });
    expect(conditionOf(r.status, 'Ready')).to.deep.include({ status: 'False', reason: 'Unschedulable' });
    expect(conditionOf(r.status, 'Ready')?.message).to.contain('unable to place a task').and.contain('node affinity');
    // Nothing was placed, so nothing started and nothing is pending, as in ECS.
    expect(r.status.pendingCount).to.equal(0);
    expect(r.events.map((e) => e.message).join('\n')).to.not.contain('has started');
  });

  it('reports a settled service as COMPLETED, Ready, with the ECS steady-state event', () => {
    const { status, events } = computeServiceStatus(input());
    expect(status).to.include({
      status: 'ACTIVE',
      runningCount: 2,
      pendingCount: 0,
      desiredCount: 2,
      taskDefinition: 'web:1',
      rolloutState: 'COMPLETED',
    });
    expect(deploymentOf(status, 'web:1')).to.include({
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      rolloutStateReason: 'ECS deployment completed.',
      runningCount: 2,
    });
    expect(conditionOf(status, 'Ready').status).to.equal('True');
    expect(events.map((e) => e.message)).to.deep.equal([
      '(service web) started deployment ecs-svc/web-1 of web:1.',
      '(service web) has started 2 tasks.',
      '(service web) has reached a steady state.',
    ]);
  });

  it('computes a byte-identical status on an idle resync, at a later time', () => {
    const first = computeServiceStatus(input()).status;
    const again = computeServiceStatus(input({ previous: first, now: minutesAfterStart(60) }));
    expect(again.status).to.deep.equal(first);
    expect(again.events).to.deep.equal([]);
  });

  it('keeps a rollout IN_PROGRESS while old-revision pods remain, with the old deployment ACTIVE', () => {
    const first = computeServiceStatus(input()).status;
    const { status } = computeServiceStatus(
      input({
        revision: 2,
        previous: first,
        pods: [observedPod('a', 1), observedPod('c', 2, { ready: false })],
        workload: rolledOutWorkload(2, { updated: 1, available: 1 }),
      }),
    );
    expect(status.rolloutState).to.equal('IN_PROGRESS');
    expect(deploymentsOf(status)).to.deep.equal([
      ['web:2', 'PRIMARY'],
      ['web:1', 'ACTIVE'],
    ]);
    expect(conditionOf(status, 'Ready').status).to.equal('False');
  });

  it('trips the circuit breaker at the threshold of failed tasks and marks the deployment FAILED', () => {
    const first = computeServiceStatus(input()).status;
    const { status, events } = computeServiceStatus(
      input({
        revision: 2,
        previous: first,
        pods: [...observedPods(1, 2), observedPod('c', 2, { ready: false, failures: 3 })],
        workload: rolledOutWorkload(2, { updated: 1, available: 2 }),
      }),
    );
    expect(deploymentOf(status, 'web:2')).to.include({ status: 'PRIMARY', rolloutState: 'FAILED', failedTasks: 3 });
    expect(events.some((e) => e.reason === 'DeploymentFailed')).to.equal(true);
    expect(conditionOf(status, 'Degraded').status).to.equal('True');
  });

  it('does not trip below the threshold, and never with the breaker off', () => {
    const first = computeServiceStatus(input()).status;
    const workload = rolledOutWorkload(2, { updated: 1, available: 1 });
    const pods = [observedPod('a', 1), observedPod('c', 2, { ready: false, failures: 2 })];
    expect(computeServiceStatus(input({ revision: 2, previous: first, pods, workload })).status.rolloutState).to.equal(
      'IN_PROGRESS',
    );
    const off = { enable: false, rollback: false, threshold: 3 };
    expect(
      computeServiceStatus(
        input({
          revision: 2,
          previous: first,
          pods: [observedPod('a', 1), observedPod('c', 2, { ready: false, failures: 9 })],
          workload,
          circuitBreaker: off,
        }),
      ).status.rolloutState,
    ).to.equal('IN_PROGRESS');
  });

  it('never lowers the failed-task count when failed pods are replaced', () => {
    const first = computeServiceStatus(input()).status;
    const breaker = { enable: true, rollback: true, threshold: 5 };
    const tripped = computeServiceStatus(
      input({
        revision: 2,
        previous: first,
        pods: [observedPod('c', 2, { ready: false, failures: 2 })],
        circuitBreaker: breaker,
      }),
    ).status;
    const later = computeServiceStatus(
      input({ revision: 2, previous: tripped, pods: [observedPod('d', 2, { ready: false })], circuitBreaker: breaker }),
    ).status;
    expect(deploymentOf(later, 'web:2').failedTasks).to.equal(2);
  });

  describe('an essential container that exits stops the task (ECS), and the service replaces it', () => {
    const exit = { container: 'app', exitCode: 3, reason: 'Error' };
    const breaker = { enable: true, rollback: false, threshold: 3 };
    const secondsAfter = (iso: string, s: number) => new Date(Date.parse(iso) + s * 1000).toISOString();

    it('asks to stop the pod, counts one failed task, says why, and is not Ready', () => {
      const steady = step(undefined, { pods: observedPods(1, 2) }).status;
      const now = secondsAfter(minutesAfterStart(1), 0);
      const r = step(steady, {
        pods: [observedPod('a', 1), observedPod('b', 1, { ready: false, exit, failures: 1 })],
        circuitBreaker: breaker,
        now,
      });
      expect(r.stopPods).to.deep.equal(['b']);
      expect(r.status.runningCount, 'the stopping task is not running').to.equal(1);
      expect(r.status.pendingCount, 'nor pending').to.equal(0);
      expect(deploymentOf(r.status, 'web:1').failedTasks).to.equal(1);
      expect(r.status.lastStoppedTask).to.deep.equal({
        task: 'b',
        stoppedAt: now,
        stoppedReason: 'Essential container in task exited: container "app" exited with code 3',
        consecutive: 1,
      });
      expect(r.events.filter((e) => e.reason === 'TaskStopped').map((e) => e.message)).to.deep.equal([
        '(service web) has stopped 1 running tasks: (task b). Essential container in task exited: container "app" exited with code 3.',
      ]);
      expect(conditionOf(r.status, 'Ready')).to.deep.include({ status: 'False', reason: 'TaskStopped' });
      expect(r.recheckAfterMs).to.equal(30_000);
    });

    it('stays not Ready for 30 s after the last stop, then is Ready again without a new stop', () => {
      const steady = step(undefined, { pods: observedPods(1, 2) }).status;
      const t0 = minutesAfterStart(1);
      const stopped = step(steady, {
        pods: [observedPod('a', 1), observedPod('b', 1, { ready: false, exit, failures: 1 })],
        now: t0,
      }).status;
      // The replacement runs 10 s later: still within the quiet period.
      const replaced = [observedPod('a', 1), observedPod('b', 1, { stopped: true, failures: 1 }), observedPod('c', 1)];
      const early = step(stopped, { pods: replaced, now: secondsAfter(t0, 10) });
      expect(conditionOf(early.status, 'Ready')).to.deep.include({ status: 'False', reason: 'TaskStopped' });
      expect(early.recheckAfterMs).to.equal(20_000);
      expect(early.stopPods).to.deep.equal([]);
      const later = step(early.status, { pods: replaced, now: secondsAfter(t0, 30) });
      expect(conditionOf(later.status, 'Ready')).to.deep.include({ status: 'True', reason: 'SteadyState' });
      expect(later.recheckAfterMs).to.equal(undefined);
      expect(deploymentOf(later.status, 'web:1').failedTasks, 'the stopped pod is one failure, once').to.equal(1);
    });

    it('does not count or tell a stop twice when the cache has not seen it yet', () => {
      const t0 = minutesAfterStart(0);
      const pods = [observedPod('a', 2, { ready: false, exit, failures: 1 })];
      const first = step(undefined, { revision: 2, pods, now: t0, circuitBreaker: breaker });
      const again = step(first.status, { revision: 2, pods, now: secondsAfter(t0, 1), circuitBreaker: breaker });
      expect(again.stopPods, 'the stop is asked again (idempotent)').to.deep.equal(['a']);
      expect(again.events.filter((e) => e.reason === 'TaskStopped')).to.deep.equal([]);
      expect(deploymentOf(again.status, 'web:2').failedTasks).to.equal(1);
      expect(again.status.lastStoppedTask?.stoppedAt).to.equal(t0);
    });

    it('keeps a first deployment whose tasks keep exiting IN_PROGRESS, then FAILED at the threshold', () => {
      let status: ServiceStatus | undefined;
      const t0 = minutesAfterStart(0);
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        // Each round: the earlier tasks stopped (Failed pods kept), the newest one exited; the workload
        // looks rolled out (the replacement was available for a moment).
        const pods = [
          ...Array.from({ length: i }, (_, j) => observedPod(`t${j}`, 1, { stopped: true, failures: 1 })),
          observedPod(`t${i}`, 1, { ready: false, exit, failures: 1 }),
        ];
        status = step(status, { pods, desiredCount: 1, circuitBreaker: breaker, now: secondsAfter(t0, 5 * i) }).status;
        seen.push(String(status.rolloutState));
      }
      expect(seen).to.deep.equal(['IN_PROGRESS', 'IN_PROGRESS', 'FAILED']);
      expect(conditionOf(status!, 'Ready').status).to.equal('False');
    });

    it('words an out-of-memory kill, a signal and a failed health check as ECS does', () => {
      const oom = { container: 'app', exitCode: 137, reason: 'OOMKilled' };
      const r = step(undefined, { pods: [observedPod('a', 1, { ready: false, exit: oom, failures: 1 })] });
      expect(r.status.lastStoppedTask?.stoppedReason).to.equal(
        'OutOfMemoryError: container "app" was killed for using more memory than its limit (exit code 137)',
      );
      const killed = step(undefined, {
        pods: [observedPod('a', 1, { ready: false, exit: { container: 'app', exitCode: 137 }, failures: 1 })],
      });
      expect(killed.status.lastStoppedTask?.stoppedReason).to.equal(
        'Essential container in task exited: container "app" exited with code 137 (killed by signal 9)',
      );
      const startError = { container: 'app', exitCode: 128, reason: 'StartError', message: 'exec: "bash": not found' };
      const cannot = step(undefined, { pods: [observedPod('a', 1, { ready: false, exit: startError, failures: 1 })] });
      expect(cannot.status.lastStoppedTask?.stoppedReason).to.equal(
        'CannotStartContainerError: container "app" could not start: exec: "bash": not found',
      );
      const unhealthy = { container: 'app', exitCode: 0, healthCheck: true };
      const hc = step(undefined, { pods: [observedPod('a', 1, { ready: false, exit: unhealthy, failures: 1 })] });
      expect(hc.status.lastStoppedTask?.stoppedReason).to.equal(
        'Task failed container health checks: container "app" was stopped by the kubelet after its health check failed (exit code 0)',
      );
    });

    it('says why when the kubelet refused the task (a stopped pod with a problem), and is not Ready', () => {
      const problem = { reason: 'SysctlForbidden', ecs: 'CannotStartContainerError', message: 'forbidden sysctl' };
      const r = step(undefined, {
        pods: [observedPod('a', 1), observedPod('b', 1, { ready: false, stopped: true, failures: 1, problem })],
        desiredCount: 2,
      });
      expect(conditionOf(r.status, 'Ready')).to.deep.include({ status: 'False', reason: 'SysctlForbidden' });
      expect(conditionOf(r.status, 'Ready').message).to.contain('CannotStartContainerError');
      expect(r.status.pendingCount, 'a refused task is not pending').to.equal(0);
    });

    it('backs off from the fourth stop in a row: 10 s, doubling, while the kubelet restarts in place', () => {
      expect([0, 1, 2, 3, 4, 5, 9, 20].map(stopBackoffMs)).to.deep.equal([
        0, 0, 0, 10_000, 20_000, 40_000, 300_000, 300_000,
      ]);
      const t0 = minutesAfterStart(0);
      let status: ServiceStatus | undefined;
      // Three tasks stop a second apart: no wait.
      for (let i = 0; i < 3; i++) {
        const r = step(status, {
          pods: [observedPod(`t${i}`, 1, { ready: false, exit, failures: 1 })],
          desiredCount: 1,
          now: secondsAfter(t0, i),
        });
        expect(r.stopPods, `stop ${i + 1}`).to.deep.equal([`t${i}`]);
        status = r.status;
      }
      expect(status!.lastStoppedTask?.consecutive).to.equal(3);
      // The fourth waits 10 s after the third.
      const pods = [observedPod('t3', 1, { ready: false, exit, failures: 1 })];
      const early = step(status, { pods, desiredCount: 1, now: secondsAfter(t0, 5) });
      expect(early.stopPods).to.deep.equal([]);
      expect(early.recheckAfterMs).to.equal(7_000);
      expect(conditionOf(early.status, 'Ready').message).to.contain('the next stop waits 7 s');
      const later = step(early.status, { pods, desiredCount: 1, now: secondsAfter(t0, 12) });
      expect(later.stopPods).to.deep.equal(['t3']);
      expect(later.status.lastStoppedTask?.consecutive).to.equal(4);
    });

    it('counts stops from 1 again once the service was steady in between', () => {
      const t0 = minutesAfterStart(0);
      const stopped = step(undefined, {
        pods: [observedPod('a', 1), observedPod('b', 1, { ready: false, exit, failures: 1 })],
        previous: {
          ...step(undefined, {}).status,
          lastStoppedTask: { task: 'x', stoppedAt: t0, stoppedReason: 'r', consecutive: 7 },
        },
        now: secondsAfter(t0, 600),
      });
      expect(stopped.status.lastStoppedTask?.consecutive).to.equal(1);
      expect(stopped.stopPods).to.deep.equal(['b']);
    });

    it('completes a deployment only once its tasks have stayed ready for 10 s', () => {
      const t0 = minutesAfterStart(0);
      const readyAt = (s: number) => observedPods(1, 2, { readySince: secondsAfter(t0, s) });
      const fresh = step(undefined, { pods: readyAt(-5), now: t0 });
      expect(fresh.status.rolloutState, 'ready 5 s ago').to.equal('IN_PROGRESS');
      expect(conditionOf(fresh.status, 'Ready').status).to.equal('False');
      const settled = step(fresh.status, { pods: readyAt(-5), now: secondsAfter(t0, 5) });
      expect(settled.status.rolloutState, 'ready 10 s ago').to.equal('COMPLETED');
      expect(conditionOf(settled.status, 'Ready').status).to.equal('True');
    });

    it('does not count a task being deleted (scale-in, rollout) as failed, whatever its containers exit with', () => {
      const r = step(undefined, {
        pods: [...observedPods(1, 2), observedPod('gone', 1, { terminating: true, exit, failures: 1 })],
      });
      expect(r.stopPods).to.deep.equal([]);
      expect(deploymentOf(r.status, 'web:1').failedTasks).to.equal(0);
    });
  });

  describe('running and pending counts', () => {
    const cases: Array<{ name: string; pods: ObservedPod[]; running: number; pending: number }> = [
      {
        name: 'counts a task as running once it is ready, and as pending until then',
        pods: [observedPod('a', 1), observedPod('b', 1, { ready: false })],
        running: 1,
        pending: 1,
      },
      {
        name: 'does not count tasks that are being stopped, ready or not',
        pods: [
          observedPod('a', 1),
          observedPod('b', 1, { terminating: true }),
          observedPod('c', 1, { terminating: true, ready: false }),
        ],
        running: 1,
        pending: 0,
      },
      { name: 'counts nothing before the first task exists', pods: [], running: 0, pending: 0 },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const { status } = computeServiceStatus(input({ pods: c.pods }));
        expect(status).to.include({ runningCount: c.running, pendingCount: c.pending });
        expect(deploymentOf(status, 'web:1')).to.include({ runningCount: c.running, pendingCount: c.pending });
      });
    }

    it('counts the tasks of each deployment under that deployment during a rollout, and all of them for the service', () => {
      const before = step(undefined, { desiredCount: 3, pods: observedPods(1, 3), workload: rolledOutWorkload(3) });
      const { status } = step(before.status, {
        revision: 2,
        desiredCount: 3,
        pods: [
          observedPod('old-a', 1),
          observedPod('old-b', 1),
          observedPod('old-c', 1, { ready: false }),
          observedPod('new-a', 2),
          observedPod('new-b', 2, { ready: false }),
          observedPod('new-c', 2, { ready: false }),
        ],
        workload: rolledOutWorkload(3, { updated: 3, available: 3 }),
      });
      expect(deploymentOf(status, 'web:2')).to.include({ status: 'PRIMARY', runningCount: 1, pendingCount: 2 });
      expect(deploymentOf(status, 'web:1')).to.include({ status: 'ACTIVE', runningCount: 2, pendingCount: 1 });
      expect(status).to.include({ runningCount: 3, pendingCount: 3 });
    });
  });

  describe('rolloutState of the primary deployment', () => {
    const completed = () => computeServiceStatus(input()).status;
    const cases: Array<{ name: string; over: () => Partial<ServiceStatusInput>; state: string }> = [
      {
        name: 'is COMPLETED once every desired task runs the new revision, is available, and no other revision runs',
        over: () => ({}),
        state: 'COMPLETED',
      },
      {
        name: 'is IN_PROGRESS while the Deployment controller has not seen the latest change',
        over: () => ({ workload: rolledOutWorkload(2, { generation: 3, observedGeneration: 2 }) }),
        state: 'IN_PROGRESS',
      },
      {
        name: 'is IN_PROGRESS while fewer tasks than desired run the new revision',
        over: () => ({ workload: rolledOutWorkload(2, { updated: 1 }) }),
        state: 'IN_PROGRESS',
      },
      {
        name: 'is IN_PROGRESS while fewer new tasks than desired are available',
        over: () => ({ workload: rolledOutWorkload(2, { available: 1 }) }),
        state: 'IN_PROGRESS',
      },
      {
        name: 'is IN_PROGRESS while tasks of the previous revision still run',
        over: () => ({ revision: 2, previous: completed(), pods: [...observedPods(2, 2), observedPod('old', 1)] }),
        state: 'IN_PROGRESS',
      },
      {
        name: 'is IN_PROGRESS while the Deployment does not exist yet',
        over: () => ({ workload: undefined, pods: [] }),
        state: 'IN_PROGRESS',
      },
      {
        name: 'is IN_PROGRESS, not FAILED, past the progress deadline: only the circuit breaker fails a deployment',
        over: () => ({
          pods: [observedPod('a', 1), observedPod('b', 1, { ready: false })],
          workload: rolledOutWorkload(2, { available: 1, progressDeadlineExceeded: true }),
        }),
        state: 'IN_PROGRESS',
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const { status, events } = computeServiceStatus(input(c.over()));
        expect(status.rolloutState).to.equal(c.state);
        expect(status.deployments?.[0]).to.include({ status: 'PRIMARY', rolloutState: c.state });
        const steady = c.state === 'COMPLETED';
        expect(conditionOf(status, 'Ready').status).to.equal(steady ? 'True' : 'False');
        expect(events.some((e) => e.reason === 'SteadyState')).to.equal(steady);
      });
    }

    it('says why a rollout is slow once the progress deadline passed', () => {
      const slow = (progressDeadlineExceeded: boolean) =>
        computeServiceStatus(input({ workload: rolledOutWorkload(2, { available: 1, progressDeadlineExceeded }) }))
          .status.deployments?.[0].rolloutStateReason;
      expect(slow(true)).to.match(/progress deadline/);
      expect(slow(false)).not.to.match(/progress deadline/);
    });

    it('starts a new IN_PROGRESS deployment when an earlier revision is deployed again', () => {
      const history = rolledOut(1, 2);
      const { status, events } = step(history, {
        revision: 1,
        pods: [...observedPods(2, 2), observedPod('back', 1, { ready: false })],
        workload: rolledOutWorkload(2, { updated: 1, available: 2 }),
        now: minutesAfterStart(10),
      });
      expect(deploymentsOf(status)).to.deep.equal([
        ['web:1', 'PRIMARY'],
        ['web:2', 'ACTIVE'],
      ]);
      expect(deploymentOf(status, 'web:1')).to.include({
        rolloutState: 'IN_PROGRESS',
        createdAt: minutesAfterStart(10),
        runningCount: 0,
        pendingCount: 1,
      });
      expect(events.map((e) => e.reason)).to.include('DeploymentStarted');
    });

    it('keeps a completed deployment COMPLETED when the service scales out, steady again once the new tasks run', () => {
      const steady = computeServiceStatus(input()).status;
      const scaling = step(steady, {
        desiredCount: 4,
        pods: [...observedPods(1, 2), observedPod('c', 1, { ready: false }), observedPod('d', 1, { ready: false })],
        workload: rolledOutWorkload(4, { available: 2 }),
        now: minutesAfterStart(1),
      });
      expect(scaling.status).to.include({ rolloutState: 'COMPLETED', runningCount: 2, pendingCount: 2 });
      expect(conditionOf(scaling.status, 'Ready').status).to.equal('False');
      expect(scaling.events.map((e) => e.message)).to.deep.equal(['(service web) has started 2 tasks.']);
      const scaled = step(scaling.status, {
        desiredCount: 4,
        pods: observedPods(1, 4),
        workload: rolledOutWorkload(4),
        now: minutesAfterStart(2),
      });
      expect(conditionOf(scaled.status, 'Ready').status).to.equal('True');
      expect(scaled.events.map((e) => e.reason)).to.deep.equal(['SteadyState']);
    });

    it('reaches a steady state with no tasks when the service wants none', () => {
      const { status, events } = computeServiceStatus(
        input({ desiredCount: 0, pods: [], workload: rolledOutWorkload(0) }),
      );
      expect(status).to.include({ rolloutState: 'COMPLETED', runningCount: 0, pendingCount: 0 });
      expect(events.map((e) => e.reason)).to.deep.equal(['DeploymentStarted', 'SteadyState']);
    });

    const unexplained: Array<{ name: string; state: 'COMPLETED' | 'FAILED'; reason: string }> = [
      {
        name: 'gives a COMPLETED deployment recorded without a reason the reason ECS gives',
        state: 'COMPLETED',
        reason: 'ECS deployment completed.',
      },
      {
        name: 'gives a FAILED deployment recorded without a reason a generic one',
        state: 'FAILED',
        reason: 'deployment failed',
      },
    ];
    for (const c of unexplained) {
      it(c.name, () => {
        const recorded = computeServiceStatus(input()).status;
        const primary = { ...deploymentOf(recorded, 'web:1'), rolloutState: c.state, rolloutStateReason: undefined };
        const { status } = step({ ...recorded, deployments: [primary] }, { now: minutesAfterStart(1) });
        expect(deploymentOf(status, 'web:1')).to.include({ rolloutState: c.state, rolloutStateReason: c.reason });
      });
    }
  });

  describe('a deployment failed by the circuit breaker, without rollback', () => {
    const failing = (failures: number, over: Partial<ServiceStatusInput> = {}) => ({
      revision: 2,
      pods: [...observedPods(1, 2), observedPod('new', 2, { ready: false, failures })],
      workload: rolledOutWorkload(2, { updated: 1 }),
      circuitBreaker: breakerWithoutRollback,
      ...over,
    });
    const failed = () => step(rolledOut(1), failing(3, { now: minutesAfterStart(1) }));

    it('reports the failure once, and keeps the reason it failed with as more of its tasks fail', () => {
      const first = failed();
      expect(first.events.map((e) => [e.type, e.reason])).to.deep.include(['Warning', 'DeploymentFailed']);
      const reason = deploymentOf(first.status, 'web:2').rolloutStateReason;
      const later = step(first.status, failing(5, { now: minutesAfterStart(2) }));
      expect(deploymentOf(later.status, 'web:2')).to.include({
        rolloutState: 'FAILED',
        rolloutStateReason: reason,
        failedTasks: 5,
      });
      expect(later.events).to.deep.equal([]);
    });

    it('stays FAILED when its tasks recover after the circuit breaker was turned off', () => {
      const { status } = step(failed().status, {
        revision: 2,
        pods: observedPods(2, 2),
        circuitBreaker: { enable: false, rollback: false, threshold: 3 },
        now: minutesAfterStart(2),
      });
      expect(deploymentOf(status, 'web:2')).to.include({ status: 'PRIMARY', rolloutState: 'FAILED' });
      expect(conditionOf(status, 'Degraded').status).to.equal('True');
    });
  });

  describe('older deployments', () => {
    it('keeps a replaced deployment ACTIVE with its desired count while its tasks run, then INACTIVE wanting none', () => {
      const before = rolledOut(1);
      const rolling = step(before, {
        revision: 2,
        pods: [...observedPods(1, 2), ...observedPods(2, 2, { ready: false })],
        workload: rolledOutWorkload(2, { available: 0 }),
        now: minutesAfterStart(1),
      }).status;
      expect(deploymentOf(rolling, 'web:1')).to.include({
        status: 'ACTIVE',
        desiredCount: 2,
        runningCount: 2,
        rolloutState: 'COMPLETED',
      });
      const done = step(rolling, { revision: 2, pods: observedPods(2, 2), now: minutesAfterStart(2) }).status;
      expect(deploymentsOf(done)).to.deep.equal([
        ['web:2', 'PRIMARY'],
        ['web:1', 'INACTIVE'],
      ]);
      expect(deploymentOf(done, 'web:1')).to.include({
        desiredCount: 0,
        runningCount: 0,
        pendingCount: 0,
        rolloutState: 'COMPLETED',
      });
      expect(deploymentOf(done, 'web:2')).to.include({
        rolloutState: 'COMPLETED',
        createdAt: minutesAfterStart(1),
        updatedAt: minutesAfterStart(2),
      });
      expect(conditionOf(done, 'Ready').status).to.equal('True');
    });

    it('keeps a deployment replaced before it completed IN_PROGRESS while its tasks run, and FAILED once they are gone', () => {
      let status = rolledOut(1);
      status = step(status, {
        revision: 2,
        pods: [...observedPods(1, 2), observedPod('two', 2, { ready: false })],
        now: minutesAfterStart(1),
      }).status;
      status = step(status, {
        revision: 3,
        pods: [
          ...observedPods(1, 2),
          observedPod('two', 2, { ready: false }),
          observedPod('three', 3, { ready: false }),
        ],
        now: minutesAfterStart(2),
      }).status;
      expect(deploymentOf(status, 'web:2')).to.include({ status: 'ACTIVE', rolloutState: 'IN_PROGRESS' });
      status = step(status, { revision: 3, pods: observedPods(3, 2), now: minutesAfterStart(3) }).status;
      expect(deploymentOf(status, 'web:2')).to.include({
        status: 'INACTIVE',
        rolloutState: 'FAILED',
        rolloutStateReason: 'Replaced by a newer deployment before it completed.',
      });
      expect(deploymentOf(status, 'web:1')).to.include({ status: 'INACTIVE', rolloutState: 'COMPLETED' });
    });

    it('lists tasks of revisions it never recorded as ACTIVE deployments, whatever order the pods come in', () => {
      const pods = [observedPod('two', 2, { ready: false }), observedPod('one', 1), ...observedPods(3, 2)];
      const { status } = computeServiceStatus(input({ revision: 3, pods }));
      expect(
        (status.deployments ?? []).map((d) => [
          d.taskDefinition,
          d.status,
          d.desiredCount,
          d.runningCount,
          d.pendingCount,
        ]),
      ).to.deep.equal([
        ['web:3', 'PRIMARY', 2, 2, 0],
        ['web:1', 'ACTIVE', 0, 1, 0],
        ['web:2', 'ACTIVE', 0, 0, 1],
      ]);
      expect(computeServiceStatus(input({ revision: 3, pods: [...pods].reverse() })).status).to.deep.equal(status);
    });

    it('lists tasks of a revision it never recorded next to the recorded ones', () => {
      const { status } = step(rolledOut(1), {
        revision: 3,
        pods: [observedPod('one', 1), observedPod('two', 2), observedPod('three', 3, { ready: false })],
        now: minutesAfterStart(1),
      });
      expect(deploymentsOf(status)).to.deep.equal([
        ['web:3', 'PRIMARY'],
        ['web:1', 'ACTIVE'],
        ['web:2', 'ACTIVE'],
      ]);
    });

    it('puts a task without a revision label in no deployment', () => {
      const { status } = computeServiceStatus(
        input({ pods: [...observedPods(1, 2), observedPod('stray', undefined)] }),
      );
      expect(deploymentsOf(status)).to.deep.equal([['web:1', 'PRIMARY']]);
    });

    it('keeps the five most recently replaced deployments, newest first', () => {
      expect(deploymentsOf(rolledOut(1, 2, 3, 4, 5, 6, 7))).to.deep.equal([
        ['web:7', 'PRIMARY'],
        ['web:6', 'INACTIVE'],
        ['web:5', 'INACTIVE'],
        ['web:4', 'INACTIVE'],
        ['web:3', 'INACTIVE'],
        ['web:2', 'INACTIVE'],
      ]);
    });
  });

  describe('events', () => {
    const firstRollout = () => computeServiceStatus(input()).status;
    const secondRollout = () =>
      step(firstRollout(), {
        revision: 2,
        pods: [...observedPods(1, 2), ...observedPods(2, 2, { ready: false })],
        now: minutesAfterStart(1),
      });

    it('lists the new events newest first, at the time they happened, before the earlier ones', () => {
      const { status } = secondRollout();
      expect((status.events ?? []).map((e) => [e.createdAt, e.message])).to.deep.equal([
        [minutesAfterStart(1), '(service web) has started 2 tasks.'],
        [minutesAfterStart(1), '(service web) started deployment ecs-svc/web-2 of web:2.'],
        [minutesAfterStart(0), '(service web) has reached a steady state.'],
        [minutesAfterStart(0), '(service web) has started 2 tasks.'],
        [minutesAfterStart(0), '(service web) started deployment ecs-svc/web-1 of web:1.'],
      ]);
    });

    it('gives every event an id of its own', () => {
      const ids = (secondRollout().status.events ?? []).map((e) => e.id);
      for (const id of ids) expect(id).to.be.a('string').that.is.not.empty;
      expect(new Set(ids).size).to.equal(ids.length);
    });

    it('gives every event an id of its own when two computations happen at the same time', () => {
      const steady = computeServiceStatus(input()).status;
      // A scale-out and a new deployment, both at minute 1: each reports 2 started tasks.
      const scaled = step(steady, {
        desiredCount: 4,
        pods: [...observedPods(1, 2), observedPod('c', 1, { ready: false }), observedPod('d', 1, { ready: false })],
        workload: rolledOutWorkload(4, { available: 2 }),
        now: minutesAfterStart(1),
      }).status;
      const { status } = step(scaled, {
        revision: 2,
        desiredCount: 4,
        pods: [...observedPods(1, 4), ...observedPods(2, 2, { ready: false })],
        workload: rolledOutWorkload(4, { updated: 2 }),
        now: minutesAfterStart(1),
      });
      const ids = (status.events ?? []).map((e) => e.id);
      expect(ids).to.have.length(6);
      expect(new Set(ids).size).to.equal(6);
    });

    it('keeps the 20 latest events', () => {
      const events = rolledOut(1, 2, 3, 4, 5, 6, 7, 8, 9, 10).events ?? [];
      expect(events).to.have.length(20);
      expect(events[0]).to.include({ createdAt: minutesAfterStart(9), message: '(service web) has started 2 tasks.' });
      expect(events.map((e) => e.message)).not.to.include('(service web) started deployment ecs-svc/web-1 of web:1.');
    });

    it('does not report a task as started again when it becomes ready', () => {
      const starting = step(undefined, {
        pods: [observedPod('a', 1), observedPod('b', 1, { ready: false })],
        workload: rolledOutWorkload(2, { available: 1 }),
      }).status;
      const ready = step(starting, { pods: [observedPod('a', 1), observedPod('b', 1)], now: minutesAfterStart(1) });
      expect(ready.events.map((e) => e.reason)).to.deep.equal(['SteadyState']);
      const more = step(ready.status, {
        desiredCount: 3,
        pods: [observedPod('a', 1), observedPod('b', 1), observedPod('c', 1)],
        workload: rolledOutWorkload(3),
        now: minutesAfterStart(2),
      });
      expect(more.events.map((e) => e.message)).to.include('(service web) has started 1 task.');
    });

    it('reports the steady state again when a later rollout reaches it', () => {
      const { status } = secondRollout();
      const done = step(status, { revision: 2, pods: observedPods(2, 2), now: minutesAfterStart(2) });
      expect(done.events.map((e) => e.message)).to.deep.equal(['(service web) has reached a steady state.']);
    });

    const kinds: Array<{ name: string; events: () => ServiceStatusResult['events']; expected: string[][] }> = [
      {
        name: 'reports a deployment, its started tasks and the steady state as Normal events',
        events: () => computeServiceStatus(input()).events,
        expected: [
          ['Normal', 'DeploymentStarted', '(service web) started deployment ecs-svc/web-1 of web:1.'],
          ['Normal', 'TasksStarted', '(service web) has started 2 tasks.'],
          ['Normal', 'SteadyState', '(service web) has reached a steady state.'],
        ],
      },
      {
        name: 'reports a deployment the circuit breaker failed as a Warning',
        events: () =>
          step(rolledOut(1), {
            revision: 2,
            pods: [...observedPods(1, 2), observedPod('bad', 2, { ready: false, failures: 3 })],
            circuitBreaker: breakerWithoutRollback,
            now: minutesAfterStart(1),
          }).events,
        expected: [
          ['Normal', 'DeploymentStarted', '(service web) started deployment ecs-svc/web-2 of web:2.'],
          ['Normal', 'TasksStarted', '(service web) has started 1 task.'],
          [
            'Warning',
            'DeploymentFailed',
            '(service web) deployment ecs-svc/web-2 failed: ECS deployment circuit breaker: 3 tasks failed to start (threshold 3).',
          ],
        ],
      },
      {
        name: 'reports a rollback as a Warning instead of a new deployment',
        events: () => {
          const failed = step(rolledOut(1), {
            revision: 2,
            pods: [...observedPods(1, 2), observedPod('bad', 2, { ready: false, failures: 3 })],
            now: minutesAfterStart(1),
          }).status;
          return step(failed, {
            revision: 1,
            rolledBackFrom: 2,
            pods: observedPods(1, 2),
            now: minutesAfterStart(2),
          }).events;
        },
        expected: [
          ['Warning', 'RollingBack', '(service web) rolling back to web:1 after deployment ecs-svc/web-2 failed.'],
          ['Normal', 'SteadyState', '(service web) has reached a steady state.'],
        ],
      },
    ];
    for (const c of kinds) {
      it(c.name, () => {
        expect(c.events().map((e) => [e.type, e.reason, e.message])).to.deep.equal(c.expected);
      });
    }
  });

  describe('conditions', () => {
    const rollbackOf2 = (pods: ObservedPod[]) => {
      const failed = step(rolledOut(1), {
        revision: 2,
        pods: [...observedPods(1, 2), observedPod('bad', 2, { ready: false, failures: 3 })],
        now: minutesAfterStart(1),
      }).status;
      return step(failed, { revision: 1, rolledBackFrom: 2, pods, now: minutesAfterStart(2) }).status;
    };
    type Expected = Record<'Ready' | 'Progressing' | 'Degraded' | 'Accepted', [string, string?]>;
    const cases: Array<{
      name: string;
      status: () => ServiceStatus;
      expected: Expected;
      readyMessage?: string;
      degradedMessage?: RegExp;
    }> = [
      {
        name: 'a steady service is Ready, not Progressing, not Degraded',
        status: () => computeServiceStatus(input()).status,
        expected: {
          Ready: ['True', 'SteadyState'],
          Progressing: ['False', 'RolloutComplete'],
          Degraded: ['False', 'Healthy'],
          Accepted: ['True', 'Accepted'],
        },
        readyMessage: '2/2 tasks running web:1',
      },
      {
        name: 'a first deployment in progress is Progressing, not Ready',
        status: () =>
          computeServiceStatus(
            input({ pods: observedPods(1, 2, { ready: false }), workload: rolledOutWorkload(2, { available: 0 }) }),
          ).status,
        expected: {
          Ready: ['False', 'RolloutInProgress'],
          Progressing: ['True', 'RolloutInProgress'],
          Degraded: ['False', 'Healthy'],
          Accepted: ['True', 'Accepted'],
        },
        readyMessage: '0/2 tasks running web:1; ECS deployment in progress.',
      },
      {
        name: 'a failed first deployment without rollback is Degraded and no longer Progressing',
        status: () =>
          computeServiceStatus(
            input({ pods: observedPods(1, 2, { ready: false, failures: 2 }), circuitBreaker: breakerWithoutRollback }),
          ).status,
        expected: {
          Ready: ['False', 'DeploymentFailed'],
          Progressing: ['False', 'DeploymentFailed'],
          Degraded: ['True', 'DeploymentFailed'],
          Accepted: ['True', 'Accepted'],
        },
        degradedMessage: /circuit breaker/,
      },
      {
        name: 'a rollback whose failed tasks are still being stopped is Progressing and Degraded, not Ready',
        status: () => rollbackOf2([...observedPods(1, 2), observedPod('bad', 2, { ready: false, failures: 3 })]),
        expected: {
          Ready: ['False'],
          Progressing: ['True', 'RolloutInProgress'],
          Degraded: ['True', 'RolledBack'],
          Accepted: ['True', 'Accepted'],
        },
        degradedMessage: /web:2.*web:1/,
      },
      {
        name: 'a finished rollback is Ready and still Degraded, naming the failed task definition',
        status: () => rollbackOf2(observedPods(1, 2)),
        expected: {
          Ready: ['True', 'SteadyState'],
          Progressing: ['False', 'RolloutComplete'],
          Degraded: ['True', 'RolledBack'],
          Accepted: ['True', 'Accepted'],
        },
        degradedMessage: /web:2.*web:1/,
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const status = c.status();
        for (const [type, [expectedStatus, reason]] of Object.entries(c.expected)) {
          const condition = conditionOf(status, type);
          expect(condition.status, type).to.equal(expectedStatus);
          if (reason !== undefined) expect(condition.reason, type).to.equal(reason);
        }
        if (c.readyMessage) expect(conditionOf(status, 'Ready').message).to.equal(c.readyMessage);
        if (c.degradedMessage) expect(conditionOf(status, 'Degraded').message).to.match(c.degradedMessage);
      });
    }

    it('says in Degraded why the deployment failed', () => {
      const { status } = computeServiceStatus(
        input({ pods: observedPods(1, 2, { ready: false, failures: 2 }), circuitBreaker: breakerWithoutRollback }),
      );
      expect(conditionOf(status, 'Degraded').message).to.equal(deploymentOf(status, 'web:1').rolloutStateReason);
    });
  });
});

describe('chooseRevision', () => {
  const history = (failedRev: number) =>
    computeServiceStatus(
      input({
        revision: failedRev,
        previous: computeServiceStatus(input()).status,
        pods: [observedPod('a', 1), observedPod('c', failedRev, { ready: false, failures: 3 })],
      }),
    ).status;

  it('runs the target when nothing failed', () => {
    expect(chooseRevision(2, computeServiceStatus(input()).status, true)).to.deep.equal({ revision: 2 });
  });

  it('rolls back to the last completed revision when the target failed and rollback is on', () => {
    expect(chooseRevision(2, history(2), true)).to.deep.equal({ revision: 1, rolledBackFrom: 2 });
  });

  it('keeps rolling back when the old revision had no task left (its completed record was replaced)', () => {
    // Revision 1 completed; revision 2's tasks were ready for a moment, so every task of revision 1 was
    // replaced (INACTIVE) before revision 2 failed.
    let status = step(undefined, { revision: 1, pods: observedPods(1, 2), now: minutesAfterStart(0) }).status;
    status = step(status, {
      revision: 2,
      pods: observedPods(2, 2, { readySince: minutesAfterStart(1) }),
      now: minutesAfterStart(1),
    }).status;
    expect(deploymentOf(status, 'web:1').status, 'no task of revision 1 left').to.equal('INACTIVE');
    status = step(status, {
      revision: 2,
      pods: [
        observedPod('b1', 2, { ready: false, stopped: true, failures: 1 }),
        ...observedPods(2, 2, { failures: 1 }),
      ],
      now: minutesAfterStart(2),
    }).status;
    expect(deploymentOf(status, 'web:2').rolloutState).to.equal('FAILED');
    const back = chooseRevision(2, status, true);
    expect(back).to.deep.equal({ revision: 1, rolledBackFrom: 2 });
    // The rollback's first pass: a new deployment of revision 1, its tasks not back yet.
    status = step(status, { ...back, pods: [], now: minutesAfterStart(3) }).status;
    expect(deploymentOf(status, 'web:1')).to.include({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' });
    expect(chooseRevision(2, status, true), 'still rolling back').to.deep.equal({ revision: 1, rolledBackFrom: 2 });
  });

  it('stays on the failed revision when rollback is off', () => {
    expect(chooseRevision(2, history(2), false)).to.deep.equal({ revision: 2 });
  });

  it('rolls forward to a newer revision after a rollback', () => {
    expect(chooseRevision(3, history(2), true)).to.deep.equal({ revision: 3 });
  });

  it('reports the rollback as an event and the service as Degraded until a new revision', () => {
    const rolled = computeServiceStatus(
      input({ revision: 1, rolledBackFrom: 2, previous: history(2), pods: observedPods(1, 2) }),
    );
    expect(rolled.events.some((e) => e.reason === 'RollingBack')).to.equal(true);
    expect(rolled.status.taskDefinition).to.equal('web:1');
    expect(deploymentOf(rolled.status, 'web:2')).to.include({ status: 'INACTIVE', rolloutState: 'FAILED' });
    expect(conditionOf(rolled.status, 'Degraded')).to.include({ status: 'True', reason: 'RolledBack' });
    expect(chooseRevision(2, rolled.status, true)).to.deep.equal({ revision: 1, rolledBackFrom: 2 });
  });

  const runsTarget: Array<{ name: string; target: number; previous: () => ServiceStatus | null | undefined }> = [
    { name: 'runs the target when no status was recorded yet', target: 1, previous: () => undefined },
    { name: 'runs the target when the recorded status is null', target: 1, previous: () => null },
    { name: 'runs the target when the recorded status has no deployments', target: 1, previous: () => ({}) },
    { name: 'runs the target when it already completed', target: 2, previous: () => rolledOut(1, 2) },
    {
      name: 'runs the target while its deployment is in progress',
      target: 2,
      previous: () =>
        step(rolledOut(1), {
          revision: 2,
          pods: [...observedPods(1, 2), observedPod('new', 2, { ready: false, failures: 2 })],
          now: minutesAfterStart(1),
        }).status,
    },
    {
      name: 'stays on a failed target when no deployment ever completed',
      target: 1,
      previous: () => computeServiceStatus(input({ pods: observedPods(1, 2, { ready: false, failures: 2 }) })).status,
    },
  ];
  for (const c of runsTarget) {
    it(c.name, () => {
      expect(chooseRevision(c.target, c.previous(), true)).to.deep.equal({ revision: c.target });
    });
  }

  it('rolls back past a deployment that was replaced before it completed', () => {
    let status = rolledOut(1);
    // Revision 2 replaces every task of revision 1 at once, then revision 3 replaces revision 2 before it is up.
    status = step(status, {
      revision: 2,
      pods: observedPods(2, 2, { ready: false }),
      workload: rolledOutWorkload(2, { available: 0 }),
      now: minutesAfterStart(1),
    }).status;
    status = step(status, {
      revision: 3,
      pods: [...observedPods(2, 2, { ready: false }), ...observedPods(3, 2, { ready: false })],
      now: minutesAfterStart(2),
    }).status;
    status = step(status, {
      revision: 3,
      pods: observedPods(3, 2, { ready: false, failures: 2 }),
      now: minutesAfterStart(3),
    }).status;
    expect(deploymentOf(status, 'web:2')).to.include({ status: 'INACTIVE', rolloutState: 'FAILED' });
    expect(chooseRevision(3, status, true)).to.deep.equal({ revision: 1, rolledBackFrom: 3 });
  });

  it('rolls back to the deployment that ran last, not to the highest revision', () => {
    let status = rolledOut(1, 2);
    // The service is pinned back to revision 1, which replaces revision 2; then revision 3 fails.
    status = step(status, {
      revision: 1,
      pods: [...observedPods(2, 2), ...observedPods(1, 2, { ready: false })],
      now: minutesAfterStart(2),
    }).status;
    status = step(status, { revision: 1, pods: observedPods(1, 2), now: minutesAfterStart(3) }).status;
    status = step(status, {
      revision: 3,
      pods: [...observedPods(1, 2), observedPod('bad', 3, { ready: false, failures: 3 })],
      now: minutesAfterStart(4),
    }).status;
    expect(chooseRevision(3, status, true)).to.deep.equal({ revision: 1, rolledBackFrom: 3 });
  });

  it('rolls back to the newer of two revisions last seen running at the same time', () => {
    // A fresh operator finds tasks of revisions 1 and 2 running, and the target revision 3 failing.
    const { status } = computeServiceStatus(
      input({
        revision: 3,
        pods: [observedPod('one', 1), observedPod('two', 2), observedPod('bad', 3, { ready: false, failures: 3 })],
      }),
    );
    expect(status.rolloutState).to.equal('FAILED');
    expect(chooseRevision(3, status, true)).to.deep.equal({ revision: 2, rolledBackFrom: 3 });
  });

  it('rolls back to a deployment with a recorded time before one recorded without, whatever their order', () => {
    const deployment = (revision: number, rolloutState: 'COMPLETED' | 'FAILED', updatedAt?: string) => ({
      id: `ecs-svc/web-${revision}`,
      status: revision === 3 ? ('PRIMARY' as const) : ('INACTIVE' as const),
      taskDefinition: `web:${revision}`,
      rolloutState,
      ...(updatedAt ? { updatedAt } : {}),
    });
    const failed = deployment(3, 'FAILED', minutesAfterStart(5));
    const timed = deployment(1, 'COMPLETED', minutesAfterStart(1));
    const untimed = deployment(2, 'COMPLETED');
    for (const deployments of [
      [failed, timed, untimed],
      [failed, untimed, timed],
    ]) {
      expect(chooseRevision(3, { deployments }, true)).to.deep.equal({ revision: 1, rolledBackFrom: 3 });
    }
  });

  it('rolls back to the revision that ran last, however long the history', () => {
    const status = step(rolledOut(1, 2, 3, 4, 5, 6, 7), {
      revision: 8,
      pods: observedPods(8, 2, { ready: false, failures: 2 }),
      now: minutesAfterStart(7),
    }).status;
    expect(status.rolloutState).to.equal('FAILED');
    expect(chooseRevision(8, status, true)).to.deep.equal({ revision: 7, rolledBackFrom: 8 });
  });

  it('does not deploy a rolled-back revision again, however long the history', () => {
    const failed = step(rolledOut(1, 2, 3, 4, 5, 6), {
      revision: 7,
      pods: [...observedPods(6, 2), ...observedPods(7, 2, { ready: false, failures: 2 })],
      now: minutesAfterStart(6),
    }).status;
    const choice = chooseRevision(7, failed, true);
    expect(choice).to.deep.equal({ revision: 6, rolledBackFrom: 7 });
    const rolledBack = step(failed, { ...choice, pods: observedPods(6, 2), now: minutesAfterStart(7) }).status;
    expect(chooseRevision(7, rolledBack, true)).to.deep.equal({ revision: 6, rolledBackFrom: 7 });
  });
});

describe('computeServiceStatus against a status read back from the apiserver', () => {
  it('writes nothing when the previous status comes back with its keys in another order', () => {
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortKeys)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, x]) => [k, sortKeys(x)]),
            )
          : v;
    const first = computeServiceStatus(input()).status;
    const readBack = sortKeys(first) as typeof first;
    const again = computeServiceStatus(input({ previous: readBack, now: minutesAfterStart(120) })).status;
    expect(deploymentOf(again, 'web:1').updatedAt).to.equal(deploymentOf(first, 'web:1').updatedAt);
    expect(sortKeys(again)).to.deep.equal(readBack);
  });
});
