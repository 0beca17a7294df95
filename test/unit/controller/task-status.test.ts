import { expect } from 'chai';
import {
  computeTaskStatus,
  type ObservedContainer,
  type ObservedTaskPod,
  type TaskStatusInput,
} from '../../../src/controller/task-status.js';

const running = (name: string): ObservedContainer => ({ name, state: 'running', started: true });
const exited = (name: string, exitCode: number): ObservedContainer => ({
  name,
  state: 'terminated',
  exitCode,
  reason: exitCode === 0 ? 'Completed' : 'Error',
  started: true,
});
const waiting = (name: string): ObservedContainer => ({
  name,
  state: 'waiting',
  started: false,
  reason: 'ContainerCreating',
});

function pod(containers: ObservedContainer[], phase = 'Running', over: Partial<ObservedTaskPod> = {}): ObservedTaskPod {
  return {
    name: 'job-0',
    phase,
    terminating: false,
    ecsNames: { app: 'App', worker: 'Worker' },
    essential: ['app', 'worker'],
    containers,
    ...over,
  };
}

function input(over: Partial<TaskStatusInput> = {}): TaskStatusInput {
  return {
    family: 'job',
    revision: 2,
    count: 1,
    expectedPods: ['job-0'],
    pods: [],
    previous: undefined,
    generation: 1,
    now: '2026-11-26T10:00:00Z',
    ...over,
  };
}

describe('computeTaskStatus', () => {
  it('is PROVISIONING before its pod exists', () => {
    const r = computeTaskStatus(input());
    expect(r.status).to.include({ lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', taskDefinition: 'job:2' });
    expect(r.stopped).to.equal(false);
  });

  it('is PENDING while containers wait, RUNNING when they run, with ECS container names', () => {
    expect(
      computeTaskStatus(input({ pods: [pod([waiting('app'), waiting('worker')], 'Pending')] })).status.lastStatus,
    ).to.equal('PENDING');
    const r = computeTaskStatus(input({ pods: [pod([running('app'), running('worker')])] }));
    expect(r.status.lastStatus).to.equal('RUNNING');
    expect(r.status.containers).to.deep.equal([
      { name: 'App', lastStatus: 'RUNNING' },
      { name: 'Worker', lastStatus: 'RUNNING' },
    ]);
    expect(r.status.startedAt).to.equal('2026-11-26T10:00:00Z');
  });

  it('stops the task when one essential container exits while another runs: the pod is deleted', () => {
    const r = computeTaskStatus(input({ pods: [pod([exited('app', 3), running('worker')])] }));
    expect(r.stopPods).to.deep.equal(['job-0']);
    expect(r.status).to.include({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
    });
    expect(r.status.stoppedReason).to.equal('Essential container in task exited (App: exit code 3)');
    expect(r.status.containers).to.deep.equal([
      { name: 'App', lastStatus: 'STOPPED', exitCode: 3, reason: 'Error' },
      { name: 'Worker', lastStatus: 'STOPPED', reason: 'Stopped because an essential container exited' },
    ]);
    expect(r.status.conditions!.find((c) => c.type === 'Succeeded')!.status).to.equal('False');
  });

  it('keeps a recorded stop after the pod is gone, and does not ask to recreate it', () => {
    const first = computeTaskStatus(input({ pods: [pod([exited('app', 3), running('worker')])] })).status;
    const later = computeTaskStatus(input({ pods: [], previous: first, now: '2026-11-26T10:05:00Z' }));
    expect(later.status).to.deep.equal(first);
    expect(later.stopped).to.equal(true);
  });

  it('reports a completed pod with exit 0 as STOPPED and Succeeded', () => {
    const r = computeTaskStatus(input({ pods: [pod([exited('app', 0), exited('worker', 0)], 'Succeeded')] }));
    expect(r.status).to.include({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
    expect(r.stopPods).to.deep.equal([]);
    expect(r.status.conditions!.find((c) => c.type === 'Succeeded')!.status).to.equal('True');
  });

  it('reports a pod that failed before any container ran as TaskFailedToStart', () => {
    const r = computeTaskStatus(input({ pods: [pod([waiting('app'), waiting('worker')], 'Failed')] }));
    expect(r.status.stopCode).to.equal('TaskFailedToStart');
  });

  it('reports a pod deleted by someone else as UserInitiated', () => {
    const seen = computeTaskStatus(input({ pods: [pod([running('app'), running('worker')])] })).status;
    const r = computeTaskStatus(input({ pods: [], previous: seen }));
    expect(r.status).to.include({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' });
  });

  it('is DEACTIVATING while one of several tasks has stopped', () => {
    const r = computeTaskStatus(
      input({
        count: 2,
        expectedPods: ['job-0', 'job-1'],
        pods: [
          pod([exited('app', 1), exited('worker', 0)], 'Failed'),
          pod([running('app'), running('worker')], 'Running', { name: 'job-1' }),
        ],
      }),
    );
    expect(r.status.lastStatus).to.equal('DEACTIVATING');
    expect(r.status.tasks!.map((t) => t.lastStatus)).to.deep.equal(['STOPPED', 'RUNNING']);
  });

  it('computes the same status twice when nothing changed (no write on resync)', () => {
    const first = computeTaskStatus(input({ pods: [pod([running('app'), running('worker')])] })).status;
    const again = computeTaskStatus(
      input({ pods: [pod([running('app'), running('worker')])], previous: first, now: '2026-11-26T11:00:00Z' }),
    ).status;
    expect(again).to.deep.equal(first);
  });
});
