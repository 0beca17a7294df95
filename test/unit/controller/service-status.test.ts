import { expect } from 'chai';
import {
  chooseRevision,
  computeServiceStatus,
  type ObservedPod,
  type ServiceStatusInput,
} from '../../../src/controller/service-status.js';

const pod = (name: string, revision: number, ready = true, failures = 0): ObservedPod => ({
  name,
  revision,
  ready,
  terminating: false,
  failures,
});
const settled = (desired: number) => ({
  kind: 'Deployment' as const,
  generation: 2,
  observedGeneration: 2,
  desired,
  updated: desired,
  available: desired,
  progressDeadlineExceeded: false,
});

function input(over: Partial<ServiceStatusInput> = {}): ServiceStatusInput {
  return {
    serviceName: 'web',
    family: 'web',
    revision: 1,
    desiredCount: 2,
    workload: settled(2),
    pods: [pod('a', 1), pod('b', 1)],
    previous: undefined,
    circuitBreaker: { enable: true, rollback: true, threshold: 3 },
    selector: 'ecs2eks.dev/service=web',
    generation: 1,
    now: '2026-11-26T10:00:00Z',
    ...over,
  };
}

describe('computeServiceStatus', () => {
  it('reports a settled service as COMPLETED, Ready, with the ECS steady-state event', () => {
    const { status, events } = computeServiceStatus(input());
    expect(status).to.include({
      runningCount: 2,
      pendingCount: 0,
      desiredCount: 2,
      taskDefinition: 'web:1',
      rolloutState: 'COMPLETED',
    });
    expect(status.deployments![0]).to.include({ status: 'PRIMARY', rolloutState: 'COMPLETED', runningCount: 2 });
    expect(status.conditions!.find((c) => c.type === 'Ready')!.status).to.equal('True');
    expect(events.map((e) => e.message)).to.deep.equal([
      '(service web) started deployment ecs-svc/web-1 of web:1.',
      '(service web) has started 2 tasks.',
      '(service web) has reached a steady state.',
    ]);
  });

  it('computes a byte-identical status on an idle resync, at a later time', () => {
    const first = computeServiceStatus(input()).status;
    const again = computeServiceStatus(input({ previous: first, now: '2026-11-26T11:00:00Z' }));
    expect(again.status).to.deep.equal(first);
    expect(again.events).to.deep.equal([]);
  });

  it('keeps a rollout IN_PROGRESS while old-revision pods remain, with the old deployment ACTIVE', () => {
    const first = computeServiceStatus(input()).status;
    const { status } = computeServiceStatus(
      input({
        revision: 2,
        previous: first,
        pods: [pod('a', 1), pod('c', 2, false)],
        workload: { ...settled(2), updated: 1, available: 1 },
      }),
    );
    expect(status.rolloutState).to.equal('IN_PROGRESS');
    expect(status.deployments!.map((d) => [d.taskDefinition, d.status])).to.deep.equal([
      ['web:2', 'PRIMARY'],
      ['web:1', 'ACTIVE'],
    ]);
    expect(status.conditions!.find((c) => c.type === 'Ready')!.status).to.equal('False');
  });

  it('trips the circuit breaker at the threshold of failed tasks and marks the deployment FAILED', () => {
    const first = computeServiceStatus(input()).status;
    const { status, events } = computeServiceStatus(
      input({
        revision: 2,
        previous: first,
        pods: [pod('a', 1), pod('b', 1), pod('c', 2, false, 3)],
        workload: { ...settled(2), updated: 1, available: 2 },
      }),
    );
    expect(status.deployments![0]).to.include({ taskDefinition: 'web:2', rolloutState: 'FAILED', failedTasks: 3 });
    expect(events.some((e) => e.reason === 'DeploymentFailed')).to.equal(true);
    expect(status.conditions!.find((c) => c.type === 'Degraded')!.status).to.equal('True');
  });

  it('does not trip below the threshold, and never with the breaker off', () => {
    const first = computeServiceStatus(input()).status;
    const workload = { ...settled(2), updated: 1, available: 1 };
    const pods = [pod('a', 1), pod('c', 2, false, 2)];
    expect(computeServiceStatus(input({ revision: 2, previous: first, pods, workload })).status.rolloutState).to.equal(
      'IN_PROGRESS',
    );
    const off = { enable: false, rollback: false, threshold: 3 };
    expect(
      computeServiceStatus(
        input({
          revision: 2,
          previous: first,
          pods: [pod('a', 1), pod('c', 2, false, 9)],
          workload,
          circuitBreaker: off,
        }),
      ).status.rolloutState,
    ).to.equal('IN_PROGRESS');
  });

  it('never lowers the failed-task count when failed pods are replaced', () => {
    const first = computeServiceStatus(input()).status;
    const tripped = computeServiceStatus(
      input({
        revision: 2,
        previous: first,
        pods: [pod('c', 2, false, 2)],
        circuitBreaker: { enable: true, rollback: true, threshold: 5 },
      }),
    ).status;
    const later = computeServiceStatus(
      input({
        revision: 2,
        previous: tripped,
        pods: [pod('d', 2, false, 0)],
        circuitBreaker: { enable: true, rollback: true, threshold: 5 },
      }),
    ).status;
    expect(later.deployments![0]!.failedTasks).to.equal(2);
  });
});

describe('chooseRevision', () => {
  const history = (failedRev: number) =>
    computeServiceStatus(
      input({
        revision: failedRev,
        previous: computeServiceStatus(input()).status,
        pods: [pod('a', 1), pod('c', failedRev, false, 3)],
      }),
    ).status;

  it('runs the target when nothing failed', () => {
    expect(chooseRevision(2, computeServiceStatus(input()).status, true)).to.deep.equal({ revision: 2 });
  });

  it('rolls back to the last completed revision when the target failed and rollback is on', () => {
    expect(chooseRevision(2, history(2), true)).to.deep.equal({ revision: 1, rolledBackFrom: 2 });
  });

  it('stays on the failed revision when rollback is off', () => {
    expect(chooseRevision(2, history(2), false)).to.deep.equal({ revision: 2 });
  });

  it('rolls forward to a newer revision after a rollback', () => {
    expect(chooseRevision(3, history(2), true)).to.deep.equal({ revision: 3 });
  });

  it('reports the rollback as an event and the service as Degraded until a new revision', () => {
    const rolled = computeServiceStatus(
      input({ revision: 1, rolledBackFrom: 2, previous: history(2), pods: [pod('a', 1), pod('b', 1)] }),
    );
    expect(rolled.events.some((e) => e.reason === 'RollingBack')).to.equal(true);
    expect(rolled.status.taskDefinition).to.equal('web:1');
    expect(rolled.status.deployments!.find((d) => d.taskDefinition === 'web:2')).to.include({
      status: 'INACTIVE',
      rolloutState: 'FAILED',
    });
    expect(rolled.status.conditions!.find((c) => c.type === 'Degraded')).to.include({
      status: 'True',
      reason: 'RolledBack',
    });
    expect(chooseRevision(2, rolled.status, true)).to.deep.equal({ revision: 1, rolledBackFrom: 2 });
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
    const again = computeServiceStatus(input({ previous: readBack, now: '2026-11-26T12:00:00Z' })).status;
    expect(again.deployments![0]!.updatedAt).to.equal(first.deployments![0]!.updatedAt);
    expect(sortKeys(again)).to.deep.equal(readBack);
  });
});
