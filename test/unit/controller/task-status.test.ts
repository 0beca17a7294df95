import { expect } from 'chai';
import { TaskStatus } from '../../../src/api/resources.js';
import {
  computeTaskStatus,
  type ObservedContainer,
  type ObservedTaskPod,
  type TaskStatusInput,
  type TaskStatusResult,
} from '../../../src/controller/task-status.js';
import { exited, running, taskInput, taskPod, waiting } from '../../support/task-pods.js';

const T0 = '2026-11-26T10:00:00Z';
const T1 = '2026-11-26T10:05:00Z';
const T2 = '2026-11-26T10:10:00Z';

type ContainerStatus = NonNullable<TaskStatus['containers']>[number];

/**
 * computeTaskStatus, its status checked against the CRD schema (the apiserver refuses any other
 * status) and the conventions of metav1.Condition: a CamelCase reason, and a message that says why.
 */
function reconcile(over: Partial<TaskStatusInput> = {}): TaskStatusResult {
  const result = computeTaskStatus(taskInput(over));
  TaskStatus.parse(result.status);
  for (const c of result.status.conditions ?? []) {
    expect(c.reason, `${c.type} reason`).to.match(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/);
    expect(c.message, `${c.type} message`).to.not.equal('');
  }
  return result;
}

/** The status as the apiserver stores it and the next reconcile reads it back: JSON. */
function stored(status: TaskStatus): TaskStatus {
  return TaskStatus.parse(JSON.parse(JSON.stringify(status)) as unknown);
}

/** A condition as `kubectl describe etask` shows it. */
function condition(status: TaskStatus, type: string) {
  const c = status.conditions?.find((x) => x.type === type);
  return c && { status: c.status, reason: c.reason, message: c.message };
}

const job0 = (phase: string, containers: ObservedContainer[], over: Partial<ObservedTaskPod> = {}) =>
  taskPod('job-0', phase, containers, over);
const job1 = (phase: string, containers: ObservedContainer[], over: Partial<ObservedTaskPod> = {}) =>
  taskPod('job-1', phase, containers, over);

const STOPPED_WITH_TASK = 'Stopped because an essential container exited';

describe('computeTaskStatus', () => {
  it('keeps a task that cannot be placed PENDING and says why in the scheduler words', () => {
    const problem = {
      reason: 'Unschedulable',
      ecs: 'unable to place a task because no node met all of its requirements',
      message: '0/6 nodes are available',
    };
    const r = reconcile({ count: 1, expectedPods: ['job-0'], pods: [job0('Pending', [waiting('main')], { problem })] });
    expect(r.status.lastStatus).to.equal('PENDING');
    expect(r.stopped).to.equal(false);
    expect(condition(r.status, 'Ready')).to.deep.equal({
      status: 'False',
      reason: 'Unschedulable',
      message:
        'task pending: cannot start: unable to place a task because no node met all of its requirements (Unschedulable: 0/6 nodes are available; pod job-0)',
    });
  });

  it('is PROVISIONING before its pod exists, with the resolved task definition', () => {
    const { status, stopped, stopPods } = reconcile();
    expect(status).to.include({ taskDefinition: 'job:2', lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING' });
    expect(status.tasks!.map((t) => [t.pod, t.lastStatus])).to.deep.equal([['job-0', 'PROVISIONING']]);
    expect(status).to.not.have.any.keys('stopCode', 'stoppedReason', 'startedAt', 'stoppedAt');
    expect(stopped).to.equal(false);
    expect(stopPods).to.deep.equal([]);
  });

  describe('a task that has not stopped', () => {
    const rows: Array<{ it: string; pod: ObservedTaskPod; lastStatus: string; containers: ContainerStatus[] }> = [
      {
        it: 'is PENDING while its containers are being created',
        pod: job0('Pending', [waiting('app'), waiting('worker')]),
        lastStatus: 'PENDING',
        containers: [
          { name: 'App', lastStatus: 'PENDING' },
          { name: 'Worker', lastStatus: 'PENDING' },
        ],
      },
      {
        it: 'is PENDING while only its sidecar runs and its essential containers are still being created',
        pod: job0('Pending', [running('log-router'), waiting('app'), waiting('worker')]),
        lastStatus: 'PENDING',
        containers: [
          { name: 'log_router', lastStatus: 'RUNNING' },
          { name: 'App', lastStatus: 'PENDING' },
          { name: 'Worker', lastStatus: 'PENDING' },
        ],
      },
      {
        it: 'is RUNNING once its containers run, under their ECS names',
        pod: job0('Running', [running('app'), running('worker')]),
        lastStatus: 'RUNNING',
        containers: [
          { name: 'App', lastStatus: 'RUNNING' },
          { name: 'Worker', lastStatus: 'RUNNING' },
        ],
      },
      {
        it: 'is PENDING while the pod is reported Running but none of its containers runs yet',
        pod: job0('Running', [waiting('app'), waiting('worker')]),
        lastStatus: 'PENDING',
        containers: [
          { name: 'App', lastStatus: 'PENDING' },
          { name: 'Worker', lastStatus: 'PENDING' },
        ],
      },
      {
        it: 'keeps RUNNING when a non-essential container exits: only an essential container stops an ECS task',
        pod: job0('Running', [exited('log-router', 1), running('app'), running('worker')]),
        lastStatus: 'RUNNING',
        containers: [
          { name: 'log_router', lastStatus: 'STOPPED', exitCode: 1, reason: 'Error' },
          { name: 'App', lastStatus: 'RUNNING' },
          { name: 'Worker', lastStatus: 'RUNNING' },
        ],
      },
    ];
    for (const row of rows) {
      it(row.it, () => {
        const { status, stopped, stopPods } = reconcile({ pods: [row.pod] });
        expect(status).to.include({ lastStatus: row.lastStatus, desiredStatus: 'RUNNING' });
        expect(status.containers).to.deep.equal(row.containers);
        expect(status.tasks).to.deep.equal([
          {
            pod: 'job-0',
            lastStatus: row.lastStatus,
            stopCode: null,
            containers: row.containers,
            ...(row.lastStatus === 'RUNNING' ? { startedAt: status.startedAt } : {}),
          },
        ]);
        expect(status).to.not.have.any.keys('stopCode', 'stoppedReason', 'stoppedAt');
        expect(stopped).to.equal(false);
        expect(stopPods).to.deep.equal([]);
      });
    }
  });

  describe('how a task stops', () => {
    const rows: Array<{
      it: string;
      pod: ObservedTaskPod;
      stopCode: string;
      stoppedReason: string;
      containers: ContainerStatus[];
      /** The pod must be deleted: some of its containers still run or could still start. */
      stopPod: boolean;
      succeeded: 'True' | 'False';
    }> = [
      {
        it: 'an essential container exits non-zero while the others run: every container stops, the pod is deleted',
        pod: job0('Running', [running('log-router'), exited('app', 3), running('worker')]),
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited (App: exit code 3)',
        containers: [
          { name: 'log_router', lastStatus: 'STOPPED', reason: STOPPED_WITH_TASK },
          { name: 'App', lastStatus: 'STOPPED', exitCode: 3, reason: 'Error' },
          { name: 'Worker', lastStatus: 'STOPPED', reason: STOPPED_WITH_TASK },
        ],
        stopPod: true,
        succeeded: 'False',
      },
      {
        it: 'the runtime cannot start an essential container (a missing executable): TaskFailedToStart with its message',
        pod: job0('Running', [
          {
            name: 'app',
            state: 'terminated',
            exitCode: 128,
            reason: 'StartError',
            message: 'exec: "bash": executable file not found in $PATH',
            started: false,
          },
          running('worker'),
        ]),
        stopCode: 'TaskFailedToStart',
        stoppedReason:
          'Task failed to start (App): CannotStartContainerError: exec: "bash": executable file not found in $PATH',
        containers: [
          {
            name: 'App',
            lastStatus: 'STOPPED',
            exitCode: 128,
            reason: 'CannotStartContainerError: exec: "bash": executable file not found in $PATH',
          },
          { name: 'Worker', lastStatus: 'STOPPED', reason: STOPPED_WITH_TASK },
        ],
        stopPod: true,
        succeeded: 'False',
      },
      {
        it: 'an essential container exits while another has not started yet: the pod is deleted before it can start',
        pod: job0('Running', [exited('app', 1), waiting('worker', 'ErrImagePull')]),
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited (App: exit code 1)',
        containers: [
          { name: 'App', lastStatus: 'STOPPED', exitCode: 1, reason: 'Error' },
          { name: 'Worker', lastStatus: 'STOPPED', reason: 'Never started' },
        ],
        stopPod: true,
        succeeded: 'False',
      },
      {
        it: 'every container exits 0: the task succeeded',
        pod: job0('Succeeded', [exited('app', 0), exited('worker', 0)]),
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited (App: exit code 0)',
        containers: [
          { name: 'App', lastStatus: 'STOPPED', exitCode: 0, reason: 'Completed' },
          { name: 'Worker', lastStatus: 'STOPPED', exitCode: 0, reason: 'Completed' },
        ],
        stopPod: false,
        succeeded: 'True',
      },
      {
        it: 'the pod fails before any container ran: TaskFailedToStart',
        pod: job0('Failed', [waiting('app'), waiting('worker')]),
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'Task failed to start',
        containers: [
          { name: 'App', lastStatus: 'STOPPED', reason: 'Never started' },
          { name: 'Worker', lastStatus: 'STOPPED', reason: 'Never started' },
        ],
        stopPod: false,
        succeeded: 'False',
      },
      {
        it: 'the kubelet refuses the pod at admission: TaskFailedToStart with its reason',
        pod: {
          ...job0('Failed', [waiting('app'), waiting('worker')]),
          problem: {
            reason: 'SysctlForbidden',
            ecs: 'CannotStartContainerError',
            message: 'Pod forbidden sysctl: "net.core.somaxconn" not allowlisted',
          },
        },
        stopCode: 'TaskFailedToStart',
        stoppedReason:
          'Task failed to start: CannotStartContainerError (SysctlForbidden: Pod forbidden sysctl: "net.core.somaxconn" not allowlisted)',
        containers: [
          { name: 'App', lastStatus: 'STOPPED', reason: 'Never started' },
          { name: 'Worker', lastStatus: 'STOPPED', reason: 'Never started' },
        ],
        stopPod: false,
        succeeded: 'False',
      },
      {
        it: 'the pod fails after its sidecar ran but before an essential container started: TaskFailedToStart',
        pod: job0('Failed', [exited('log-router', 0), waiting('app'), waiting('worker')]),
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'Task failed to start',
        containers: [
          { name: 'log_router', lastStatus: 'STOPPED', exitCode: 0, reason: 'Completed' },
          { name: 'App', lastStatus: 'STOPPED', reason: 'Never started' },
          { name: 'Worker', lastStatus: 'STOPPED', reason: 'Never started' },
        ],
        stopPod: false,
        succeeded: 'False',
      },
    ];
    for (const row of rows) {
      it(`when ${row.it}`, () => {
        const { status, stopped, stopPods } = reconcile({ pods: [row.pod], now: T0 });
        expect(status).to.include({
          lastStatus: 'STOPPED',
          desiredStatus: 'STOPPED',
          stopCode: row.stopCode,
          stoppedReason: row.stoppedReason,
          stoppedAt: T0,
        });
        expect(status.containers).to.deep.equal(row.containers);
        expect(status.tasks).to.deep.equal([
          {
            pod: 'job-0',
            lastStatus: 'STOPPED',
            stopCode: row.stopCode,
            containers: row.containers,
            // A task that ran has a start time; one that failed to start has none.
            ...(row.stopCode === 'EssentialContainerExited' ? { startedAt: T0 } : {}),
            stoppedAt: T0,
          },
        ]);
        expect(stopped).to.equal(true);
        expect(stopPods).to.deep.equal(row.stopPod ? ['job-0'] : []);
        expect(condition(status, 'Succeeded')!.status).to.equal(row.succeeded);
      });
    }

    it('does not delete a pod again that is already being deleted', () => {
      const { status, stopPods } = reconcile({
        pods: [job0('Running', [exited('app', 3), running('worker')], { terminating: true })],
      });
      expect(status.lastStatus).to.equal('STOPPED');
      expect(stopPods).to.deep.equal([]);
    });

    it('reports a pod that does not name its essential containers by what Kubernetes says of the pod', () => {
      const completed = reconcile({
        pods: [job0('Succeeded', [exited('app', 0), exited('worker', 0)], { essential: [] })],
      });
      expect(completed.status).to.include({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
      expect(condition(completed.status, 'Succeeded')!.status).to.equal('True');

      const failed = reconcile({ pods: [job0('Failed', [exited('app', 1), waiting('worker')], { essential: [] })] });
      expect(failed.status).to.include({
        lastStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited (App: exit code 1)',
      });
      expect(condition(failed.status, 'Succeeded')!.status).to.equal('False');
    });
  });

  describe('a stop is final', () => {
    it('keeps a recorded stop, its exit codes and its time after the pod is gone, and creates nothing again', () => {
      const first = reconcile({ pods: [job0('Running', [exited('app', 3), running('worker')])], now: T0 }).status;
      const later = reconcile({ pods: [], previous: stored(first), now: T1 });
      expect(later.status).to.deep.equal(stored(first));
      expect(later.status.stoppedAt).to.equal(T0);
      expect(later.stopped).to.equal(true);
      expect(later.stopPods).to.deep.equal([]);
    });

    it('keeps the first stoppedAt while the stopped pod is still being deleted', () => {
      const first = reconcile({ pods: [job0('Running', [exited('app', 3), running('worker')])], now: T0 }).status;
      const later = reconcile({
        pods: [job0('Running', [exited('app', 3), running('worker')], { terminating: true })],
        previous: stored(first),
        now: T1,
      });
      expect(later.status.stoppedAt).to.equal(T0);
      expect(later.status).to.deep.equal(stored(first));
    });

    it('reads back a recorded stop without container details (the CRD allows containers: null)', () => {
      const previous: TaskStatus = {
        taskDefinition: 'job:2',
        lastStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedAt: T0,
        tasks: [{ pod: 'job-0', lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', containers: null }],
      };
      const { status, stopped } = reconcile({ previous, now: T1 });
      expect(status).to.include({
        lastStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        stoppedAt: T0,
      });
      expect(stopped).to.equal(true);
    });

    it('stops as UserInitiated a task whose pod is gone and whose containers were not recorded (containers: null)', () => {
      const previous: TaskStatus = {
        taskDefinition: 'job:2',
        lastStatus: 'RUNNING',
        startedAt: T0,
        tasks: [{ pod: 'job-0', lastStatus: 'RUNNING', stopCode: null, containers: null }],
      };
      const { status } = reconcile({ previous, now: T1 });
      expect(status).to.include({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedAt: T1 });
    });
  });

  describe('a stop recorded without a stop code this operator gives', () => {
    const recorded = (stopCode: string | null): TaskStatus => ({
      taskDefinition: 'job:2',
      lastStatus: 'STOPPED',
      stoppedAt: T0,
      tasks: [{ pod: 'job-0', lastStatus: 'STOPPED', stopCode, containers: [{ name: 'App', lastStatus: 'STOPPED' }] }],
    });

    it('keeps an ECS stop code such as TerminationNotice, and has not succeeded', () => {
      const { status } = reconcile({ previous: recorded('TerminationNotice'), now: T1 });
      expect(status).to.include({ lastStatus: 'STOPPED', stopCode: 'TerminationNotice', stoppedAt: T0 });
      expect(condition(status, 'Stopped')).to.include({ status: 'True', reason: 'TerminationNotice' });
      expect(condition(status, 'Succeeded')).to.include({ status: 'False', reason: 'TerminationNotice' });
    });

    it('is still STOPPED without any stop code, and has not succeeded', () => {
      const { status, stopped } = reconcile({ previous: recorded(null), now: T1 });
      expect(status).to.include({ lastStatus: 'STOPPED', stoppedAt: T0 });
      expect(status).to.not.have.any.keys('stopCode', 'stoppedReason');
      expect(stopped).to.equal(true);
      expect(condition(status, 'Ready')!.status).to.equal('False');
      expect(condition(status, 'Stopped')!.status).to.equal('True');
      expect(condition(status, 'Succeeded')!.status).to.equal('False');
    });
  });

  describe('a pod deleted by someone else', () => {
    it('stops a running task as UserInitiated, with every container stopped', () => {
      const seen = reconcile({ pods: [job0('Running', [running('app'), running('worker')])], now: T0 }).status;
      const { status, stopped } = reconcile({ pods: [], previous: stored(seen), now: T1 });
      expect(status).to.include({
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        stopCode: 'UserInitiated',
        stoppedReason: 'Task stopped by user (its pod was deleted)',
        startedAt: T0,
        stoppedAt: T1,
      });
      expect(status.containers).to.deep.equal([
        { name: 'App', lastStatus: 'STOPPED', reason: 'Stopped because its pod was deleted' },
        { name: 'Worker', lastStatus: 'STOPPED', reason: 'Stopped because its pod was deleted' },
      ]);
      expect(stopped).to.equal(true);
    });

    it('stops a pending task as UserInitiated: its containers never started', () => {
      const seen = reconcile({ pods: [job0('Pending', [waiting('app'), waiting('worker')])] }).status;
      const { status } = reconcile({ pods: [], previous: stored(seen), now: T1 });
      expect(status).to.include({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' });
      expect(status.containers).to.deep.equal([
        { name: 'App', lastStatus: 'STOPPED', reason: 'Never started' },
        { name: 'Worker', lastStatus: 'STOPPED', reason: 'Never started' },
      ]);
    });
  });

  describe('startedAt', () => {
    it('is absent while the task is PENDING, even once the kubelet has accepted the pod', () => {
      const { status } = reconcile({
        pods: [job0('Pending', [waiting('app'), waiting('worker')], { startedAt: '2026-11-26T09:59:00Z' })],
      });
      expect(status.lastStatus).to.equal('PENDING');
      expect(status).to.not.have.property('startedAt');
    });

    it('is set when the task starts RUNNING and kept until after it stopped', () => {
      const started = reconcile({ pods: [job0('Running', [running('app'), running('worker')])], now: T0 }).status;
      expect(started.startedAt).to.equal(T0);
      const later = reconcile({
        pods: [job0('Running', [running('app'), running('worker')])],
        previous: stored(started),
        now: T1,
      }).status;
      expect(later.startedAt).to.equal(T0);
      const done = reconcile({
        pods: [job0('Succeeded', [exited('app', 0), exited('worker', 0)])],
        previous: stored(later),
        now: T2,
      }).status;
      expect(done).to.include({ startedAt: T0, stoppedAt: T2 });
    });
  });

  describe('a task of several pods (count > 1)', () => {
    const twoPods = (pods: ObservedTaskPod[], over: Partial<TaskStatusInput> = {}) =>
      reconcile({ expectedPods: ['job-0', 'job-1'], pods, ...over });

    it('keeps each task its own start and stop time: the first to stop keeps its stoppedAt while the other runs on', () => {
      const first = twoPods(
        [job0('Running', [running('app'), running('worker')]), job1('Pending', [waiting('app'), waiting('worker')])],
        { now: T0 },
      ).status;
      expect(first.tasks!.map((t) => [t.pod, t.startedAt, t.stoppedAt])).to.deep.equal([
        ['job-0', T0, undefined],
        ['job-1', undefined, undefined],
      ]);
      const second = twoPods(
        [job0('Failed', [exited('app', 1), exited('worker', 0)]), job1('Running', [running('app'), running('worker')])],
        { now: T1, previous: stored(first) },
      ).status;
      const third = twoPods([job1('Running', [running('app'), running('worker')])], {
        now: T2,
        previous: stored(second),
      }).status;
      expect(third.tasks!.map((t) => [t.pod, t.lastStatus, t.startedAt, t.stoppedAt])).to.deep.equal([
        ['job-0', 'STOPPED', T0, T1],
        ['job-1', 'RUNNING', T1, undefined],
      ]);
    });

    it('is PENDING once one of its pods exists while the other is still to be created', () => {
      const { status } = twoPods([job0('Pending', [waiting('app'), waiting('worker')])]);
      expect(status.lastStatus).to.equal('PENDING');
      expect(status.tasks!.map((t) => t.lastStatus)).to.deep.equal(['PENDING', 'PROVISIONING']);
    });

    it('is RUNNING only once every one of its tasks runs', () => {
      const one = twoPods([
        job0('Running', [running('app'), running('worker')]),
        job1('Pending', [waiting('app'), waiting('worker')]),
      ]);
      expect(one.status.lastStatus).to.equal('PENDING');
      const both = twoPods([
        job0('Running', [running('app'), running('worker')]),
        job1('Running', [running('app'), running('worker')]),
      ]);
      expect(both.status.lastStatus).to.equal('RUNNING');
    });

    it('is DEACTIVATING while one task has stopped and the other still runs: still desired RUNNING (the other runs on), with the stop code', () => {
      const { status, stopped, stopPods } = twoPods([
        job0('Failed', [exited('app', 1), exited('worker', 0)]),
        job1('Running', [running('app'), running('worker')]),
      ]);
      expect(status).to.include({
        lastStatus: 'DEACTIVATING',
        desiredStatus: 'RUNNING',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited (App: exit code 1)',
      });
      expect(status).to.not.have.property('stoppedAt');
      expect(status.tasks!.map((t) => [t.pod, t.lastStatus])).to.deep.equal([
        ['job-0', 'STOPPED'],
        ['job-1', 'RUNNING'],
      ]);
      expect(stopped).to.equal(false);
      expect(stopPods).to.deep.equal([]);
    });

    it('stops once every task has stopped, and has not succeeded when one task exited 1 and the other 0', () => {
      const { status, stopped } = twoPods([
        job0('Succeeded', [exited('app', 0), exited('worker', 0)]),
        job1('Failed', [exited('app', 1), exited('worker', 0)]),
      ]);
      expect(status).to.include({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
      expect(
        status.containers!.map((c) => [c.name, c.exitCode]),
        'containers of the first task',
      ).to.deep.equal([
        ['App', 0],
        ['Worker', 0],
      ]);
      expect(stopped).to.equal(true);
      expect(condition(status, 'Succeeded')!.status).to.equal('False');
    });

    it('has not succeeded when one task never started, even though the other exited 0', () => {
      const { status } = twoPods([
        job0('Succeeded', [exited('app', 0), exited('worker', 0)]),
        job1('Failed', [waiting('app'), waiting('worker')]),
      ]);
      expect(status.lastStatus).to.equal('STOPPED');
      expect(status.tasks!.map((t) => t.stopCode)).to.deep.equal(['EssentialContainerExited', 'TaskFailedToStart']);
      expect(condition(status, 'Succeeded')!.status).to.equal('False');
    });

    it('has not succeeded when the pod of one task was deleted by someone else, even though the other exited 0', () => {
      const seen = twoPods([
        job0('Succeeded', [exited('app', 0), exited('worker', 0)]),
        job1('Running', [running('app'), running('worker')]),
      ]).status;
      const { status } = twoPods([job0('Succeeded', [exited('app', 0), exited('worker', 0)])], {
        previous: stored(seen),
        now: T1,
      });
      expect(status.lastStatus).to.equal('STOPPED');
      expect(status.tasks!.map((t) => t.stopCode)).to.deep.equal(['EssentialContainerExited', 'UserInitiated']);
      expect(status.tasks![1].containers!.map((c) => c.lastStatus)).to.deep.equal(['STOPPED', 'STOPPED']);
      expect(condition(status, 'Succeeded')!.status).to.equal('False');
    });
  });

  it('never reports a task without any pod to run as stopped, let alone succeeded', () => {
    const { status, stopped } = reconcile({ expectedPods: [] });
    expect(status.lastStatus).to.not.equal('STOPPED');
    expect(stopped).to.equal(false);
    expect(condition(status, 'Succeeded')!.status).to.equal('Unknown');
  });

  describe('conditions (kubectl wait --for=condition=...)', () => {
    const running2 = [running('app'), running('worker')];
    const rows: Array<{
      it: string;
      status: () => TaskStatus;
      ready: [string, string, string?];
      stopped: [string, string, string?];
      succeeded: [string, string, string?];
    }> = [
      {
        it: 'PROVISIONING',
        status: () => reconcile({ generation: 4 }).status,
        ready: ['False', 'Pending', 'task provisioning'],
        stopped: ['False', 'NotStopped'],
        succeeded: ['Unknown', 'NotStopped'],
      },
      {
        it: 'PENDING',
        status: () => reconcile({ generation: 4, pods: [job0('Pending', [waiting('app'), waiting('worker')])] }).status,
        ready: ['False', 'Pending', 'task pending'],
        stopped: ['False', 'NotStopped'],
        succeeded: ['Unknown', 'NotStopped'],
      },
      {
        it: 'RUNNING',
        status: () => reconcile({ generation: 4, pods: [job0('Running', running2)] }).status,
        ready: ['True', 'Running'],
        stopped: ['False', 'NotStopped'],
        succeeded: ['Unknown', 'NotStopped'],
      },
      {
        it: 'DEACTIVATING',
        status: () =>
          reconcile({
            generation: 4,
            expectedPods: ['job-0', 'job-1'],
            pods: [job0('Succeeded', [exited('app', 0), exited('worker', 0)]), job1('Running', running2)],
          }).status,
        ready: ['False', 'Stopping', '1 of 2 tasks stopped (job-0: EssentialContainerExited); 1 running'],
        stopped: ['False', 'NotStopped'],
        succeeded: ['Unknown', 'NotStopped'],
      },
      {
        it: 'STOPPED after every container exited 0',
        status: () =>
          reconcile({ generation: 4, pods: [job0('Succeeded', [exited('app', 0), exited('worker', 0)])] }).status,
        ready: ['False', 'Stopped', 'Essential container in task exited (App: exit code 0)'],
        stopped: ['True', 'EssentialContainerExited', 'Essential container in task exited (App: exit code 0)'],
        succeeded: ['True', 'ExitedZero'],
      },
      {
        it: 'STOPPED after an essential container exited 3',
        status: () =>
          reconcile({ generation: 4, pods: [job0('Running', [exited('app', 3), running('worker')])] }).status,
        ready: ['False', 'Stopped', 'Essential container in task exited (App: exit code 3)'],
        stopped: ['True', 'EssentialContainerExited', 'Essential container in task exited (App: exit code 3)'],
        succeeded: ['False', 'EssentialContainerExited', 'Essential container in task exited (App: exit code 3)'],
      },
      {
        it: 'STOPPED because the task failed to start',
        status: () => reconcile({ generation: 4, pods: [job0('Failed', [waiting('app'), waiting('worker')])] }).status,
        ready: ['False', 'Stopped', 'Task failed to start'],
        stopped: ['True', 'TaskFailedToStart', 'Task failed to start'],
        succeeded: ['False', 'TaskFailedToStart', 'Task failed to start'],
      },
      {
        it: 'STOPPED because its pod was deleted',
        status: () => {
          const seen = reconcile({ generation: 4, pods: [job0('Running', running2)] }).status;
          return reconcile({ generation: 4, previous: stored(seen), now: T1 }).status;
        },
        ready: ['False', 'Stopped', 'Task stopped by user (its pod was deleted)'],
        stopped: ['True', 'UserInitiated', 'Task stopped by user (its pod was deleted)'],
        succeeded: ['False', 'UserInitiated', 'Task stopped by user (its pod was deleted)'],
      },
    ];
    for (const row of rows) {
      it(`of a task ${row.it}: Ready ${row.ready[0]}, Stopped ${row.stopped[0]}, Succeeded ${row.succeeded[0]}`, () => {
        const status = row.status();
        const expectCondition = (type: string, [s, reason, message]: [string, string, string?]) => {
          const c = condition(status, type);
          expect(c, type).to.include({ status: s, reason });
          if (message !== undefined) expect(c!.message, `${type} message`).to.equal(message);
        };
        expect(condition(status, 'Accepted'), 'Accepted').to.include({ status: 'True', reason: 'Accepted' });
        expectCondition('Ready', row.ready);
        expectCondition('Stopped', row.stopped);
        expectCondition('Succeeded', row.succeeded);
        expect(status.conditions!.map((c) => c.observedGeneration)).to.deep.equal([4, 4, 4, 4]);
        expect(status.observedGeneration).to.equal(4);
      });
    }
  });

  it('computes the same status again when nothing changed (no write on resync)', () => {
    const first = reconcile({ pods: [job0('Running', [running('app'), running('worker')])], now: T0 }).status;
    const again = reconcile({
      pods: [job0('Running', [running('app'), running('worker')])],
      previous: stored(first),
      now: T1,
    }).status;
    expect(again).to.deep.equal(stored(first));
  });
});
