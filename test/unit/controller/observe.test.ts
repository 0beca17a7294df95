import { expect } from 'chai';
import { isWorkloadPod, observePod, observeTaskPod, observeWorkload } from '../../../src/controller/observe.js';
import type { LiveObject } from '../../../src/kube/api.js';

const pod = (over: Record<string, unknown>): LiveObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', labels: { 'ecs2eks.dev/revision': '2' } },
  ...over,
});

describe('observations of live objects', () => {
  it('reads a ready Service pod with its revision and no failures', () => {
    const o = observePod(
      pod({
        spec: { nodeName: 'node-1' },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [{ name: 'a', restartCount: 0, state: { running: {} } }],
        },
      }),
    );
    expect(o).to.deep.equal({
      name: 'p',
      revision: 2,
      ready: true,
      terminating: false,
      stopped: false,
      failures: 0,
      placed: true,
    });
  });

  const essentialApp = {
    name: 'p',
    namespace: 'ns',
    labels: { 'ecs2eks.dev/revision': '2' },
    annotations: {
      'ecs2eks.dev/essential-containers': 'app',
      'ecs2eks.dev/container-names': '{"app":"App","log":"log"}',
    },
  };

  it('sees an essential container that exited, now or before a restart, as the end of the task (one failure)', () => {
    const restarted = observePod(
      pod({
        metadata: essentialApp,
        spec: { nodeName: 'n' },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            {
              name: 'app',
              restartCount: 3,
              state: { running: {} },
              lastState: { terminated: { exitCode: 3, reason: 'Error' } },
            },
          ],
        },
      }),
    );
    expect(restarted).to.include({ ready: false, failures: 1, stopped: false });
    expect(restarted.exit).to.deep.equal({ container: 'App', kubeName: 'app', exitCode: 3, reason: 'Error' });
    const exited = observePod(
      pod({
        metadata: essentialApp,
        status: { phase: 'Running', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0 } } }] },
      }),
    );
    expect(exited.exit, 'exit 0 of an essential container ends the task too').to.deep.equal({
      container: 'App',
      kubeName: 'app',
      exitCode: 0,
    });
  });

  it('ignores a non-essential container that exited, and an essential one that never restarted', () => {
    const o = observePod(
      pod({
        metadata: essentialApp,
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            { name: 'app', restartCount: 0, state: { running: {} }, lastState: { terminated: { exitCode: 1 } } },
            { name: 'log', restartCount: 2, state: { running: {} }, lastState: { terminated: { exitCode: 1 } } },
          ],
        },
      }),
    );
    expect(o).to.include({ ready: true, failures: 0 });
    expect(o.exit).to.equal(undefined);
  });

  it('sees a pod stopped by its active deadline, or finished, as a stopped task', () => {
    const stopping = observePod(pod({ spec: { activeDeadlineSeconds: 1 }, status: { phase: 'Running' } }));
    expect(stopping).to.include({ stopped: true, failures: 1, ready: false });
    const failed = observePod(pod({ status: { phase: 'Failed', reason: 'DeadlineExceeded' } }));
    expect(failed).to.include({ stopped: true, failures: 1 });
  });

  it('reads a pod the kubelet refused at admission as a task that cannot start, with the kubelet reason', () => {
    const refused = observePod(
      pod({
        spec: { nodeName: 'real' },
        status: { phase: 'Failed', reason: 'SysctlForbidden', message: 'Pod forbidden sysctl: "x" not allowlisted' },
      }),
    );
    expect(refused).to.include({ stopped: true, failures: 1 });
    expect(refused.problem).to.deep.equal({
      reason: 'SysctlForbidden',
      ecs: 'CannotStartContainerError',
      message: 'Pod forbidden sysctl: "x" not allowlisted',
    });
    // The operator's own stop is no refusal, nor is a pod whose containers ran.
    expect(observePod(pod({ status: { phase: 'Failed', reason: 'DeadlineExceeded' } })).problem).to.equal(undefined);
    const ran = pod({
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 137 } } }],
      },
    });
    expect(observePod(ran).problem).to.equal(undefined);
  });

  it('counts a task that cannot start (an image pull in back-off) as one failure', () => {
    const pulling = observePod(
      pod({
        status: {
          phase: 'Pending',
          containerStatuses: [{ name: 'a', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }],
        },
      }),
    );
    expect(pulling.failures).to.equal(1);
  });

  it('reads a task pod: ECS names and essential set from annotations, unreported containers waiting', () => {
    const o = observeTaskPod(
      pod({
        metadata: {
          name: 't-0',
          namespace: 'ns',
          annotations: {
            'ecs2eks.dev/essential-containers': 'app',
            'ecs2eks.dev/container-names': '{"app":"App","side":"Side"}',
          },
        },
        spec: { initContainers: [{ name: 'side', restartPolicy: 'Always' }], containers: [{ name: 'app' }] },
        status: {
          phase: 'Running',
          startTime: '2026-11-26T10:00:00Z',
          containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 4, reason: 'Error' } } }],
        },
      }),
    );
    expect(o.essential).to.deep.equal(['app']);
    expect(o.ecsNames).to.deep.equal({ app: 'App', side: 'Side' });
    expect(o.containers).to.deep.equal([
      { name: 'side', state: 'waiting', started: false },
      { name: 'app', state: 'terminated', exitCode: 4, reason: 'Error', started: true },
    ]);
  });

  it('reads rollout progress of a Deployment, including a missed progress deadline', () => {
    const w = observeWorkload({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', generation: 3 },
      spec: { replicas: 4 },
      status: {
        observedGeneration: 3,
        updatedReplicas: 2,
        availableReplicas: 3,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      },
    });
    expect(w).to.deep.equal({
      kind: 'Deployment',
      generation: 3,
      observedGeneration: 3,
      desired: 4,
      updated: 2,
      available: 3,
      progressDeadlineExceeded: true,
    });
  });

  it('reads a DaemonSet by its scheduled counts', () => {
    const w = observeWorkload({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'ds', generation: 1 },
      status: { observedGeneration: 1, desiredNumberScheduled: 6, updatedNumberScheduled: 6, numberAvailable: 5 },
    });
    expect(w).to.include({ kind: 'DaemonSet', desired: 6, updated: 6, available: 5 });
  });
});

describe('startProblem (through observePod)', () => {
  const pod = (status: Record<string, unknown>): LiveObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { 'ecs2eks.dev/revision': '1' } },
    status,
  });

  it('reads the kubelet waiting reason of a container that cannot start, in ECS words', () => {
    const table: Array<[string, string]> = [
      ['ErrImagePull', 'CannotPullContainerError'],
      ['ImagePullBackOff', 'CannotPullContainerError'],
      ['CreateContainerConfigError', 'ResourceInitializationError'],
      ['CreateContainerError', 'ResourceInitializationError'],
    ];
    for (const [reason, ecs] of table) {
      const o = observePod(
        pod({ phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason, message: 'why' } } }] }),
      );
      expect(o.problem, reason).to.deep.equal({ reason, ecs, message: 'why' });
    }
    const ok = observePod(
      pod({
        phase: 'Pending',
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }],
      }),
    );
    expect(ok.problem).to.equal(undefined);
  });

  it("reads the scheduler's Unschedulable verdict", () => {
    const o = observePod(
      pod({
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/6 nodes' }],
      }),
    );
    expect(o.problem).to.deep.include({ reason: 'Unschedulable', message: '0/6 nodes' });
  });
});

describe('isWorkloadPod', () => {
  const owned = (kind: string, name: string, uid: string, hash?: string): LiveObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      labels: hash ? { 'pod-template-hash': hash } : {},
      ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid, controller: true }],
    },
  });
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', uid: 'd1' } } as LiveObject;
  const daemonSet = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', uid: 'ds1' } } as LiveObject;

  it("counts a Deployment's ReplicaSet pods and a DaemonSet's own pods, nothing else", () => {
    expect(
      isWorkloadPod(owned('ReplicaSet', 'web-6d4cf56db6', 'rs1', '6d4cf56db6'), 'Deployment', deployment),
    ).to.equal(true);
    expect(
      isWorkloadPod(owned('ReplicaSet', 'other-6d4cf56db6', 'rs2', '6d4cf56db6'), 'Deployment', deployment),
    ).to.equal(false);
    expect(isWorkloadPod(owned('DaemonSet', 'agent', 'ds1'), 'DaemonSet', daemonSet)).to.equal(true);
    expect(isWorkloadPod(owned('DaemonSet', 'agent', 'ds-old'), 'DaemonSet', daemonSet)).to.equal(false);
    const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'impostor' } } as LiveObject;
    expect(isWorkloadPod(bare, 'Deployment', deployment)).to.equal(false);
    expect(isWorkloadPod(owned('ReplicaSet', 'web-1', 'rs1', '1'), 'Deployment', undefined)).to.equal(false);
  });
});
