import { expect } from 'chai';
import type { ServiceStatus, TaskStatus } from '../../../src/api/resources.js';
import type { ServiceSpec, TaskDefinitionSpec, TaskSpec } from '../../../src/ecs/model.js';
import type { LiveMeta, LiveObject } from '../../../src/kube/api.js';
import { ANNOTATION_CONTAINER_NAMES, ANNOTATION_ESSENTIAL_CONTAINERS } from '../../../src/translate/index.js';
import { LABEL_MANAGED_BY, LABEL_SERVICE, MANAGED_BY_VALUE, LABEL_REVISION } from '../../../src/translate/labels.js';
import type { Partition } from '../../../src/ecsapi/arns.js';
import { ANNOTATION_RESOURCE_TAGS, type ServiceObject, type TaskObject } from '../../../src/ecsapi/context.js';
import { describeService, taskDefinitionArnOf } from '../../../src/ecsapi/describe-service.js';
import { ANNOTATION_STOP_REASONS, describeRunTask, describeServicePod } from '../../../src/ecsapi/describe-task.js';
import {
  ANNOTATION_INACTIVE_REVISIONS,
  describeTaskDefinition,
  inactiveRevisions,
  withInactive,
} from '../../../src/ecsapi/describe-task-definition.js';

const P: Partition = { region: 'us-east-1', accountId: '123456789012' };
const ARN = 'arn:aws:ecs:us-east-1:123456789012';
const T0 = '2026-11-26T10:00:00Z';
const T1 = '2026-11-26T10:01:00Z';
const T2 = '2026-11-26T10:02:30Z';
const NOW = '2026-11-26T10:05:00Z';
const secs = (iso: string) => Date.parse(iso) / 1000;

// ---------------------------------------------------------------------------------------------
// The AWS waiters' conditions, as botocore's ecs waiters-2.json (and @aws-sdk/client-ecs's
// waitForServicesStable / waitForTasksStopped) evaluate them on a DescribeServices /
// DescribeTasks answer. Acceptors in order; the first that matches decides, else retry.
// ---------------------------------------------------------------------------------------------

type Verdict = 'success' | 'failure' | 'retry';

interface DescribedServices {
  services: Array<Record<string, unknown>>;
  failures?: Array<{ arn?: string; reason?: string }>;
}

/** services-stable: failure on a MISSING failure or a DRAINING/INACTIVE service; success when every service has one deployment and runningCount == desiredCount. */
function servicesStable(out: DescribedServices): Verdict {
  if ((out.failures ?? []).some((f) => f.reason === 'MISSING')) return 'failure';
  if (out.services.some((s) => s.status === 'DRAINING' || s.status === 'INACTIVE')) return 'failure';
  const unstable = out.services.filter(
    (s) => !((s.deployments as unknown[]).length === 1 && s.runningCount === s.desiredCount),
  );
  return unstable.length === 0 ? 'success' : 'retry';
}

/** tasks-stopped: success when there are tasks and every lastStatus is STOPPED (pathAll needs a non-empty list). */
function tasksStopped(out: { tasks: Array<Record<string, unknown>> }): Verdict {
  const last = out.tasks.map((t) => t.lastStatus);
  return last.length > 0 && last.every((s) => s === 'STOPPED') ? 'success' : 'retry';
}

describe('the waiter conditions used below', () => {
  it('are botocore services-stable: MISSING and DRAINING fail before success is checked', () => {
    const steady = { status: 'ACTIVE', deployments: [{}], runningCount: 2, desiredCount: 2 };
    expect(servicesStable({ services: [steady] })).to.equal('success');
    expect(servicesStable({ services: [] })).to.equal('success');
    expect(servicesStable({ services: [steady], failures: [{ reason: 'MISSING' }] })).to.equal('failure');
    expect(servicesStable({ services: [{ ...steady, status: 'DRAINING' }] })).to.equal('failure');
    expect(servicesStable({ services: [{ ...steady, deployments: [{}, {}] }] })).to.equal('retry');
    expect(servicesStable({ services: [{ ...steady, runningCount: 1 }] })).to.equal('retry');
  });

  it('are botocore tasks-stopped: every task STOPPED, and an empty list is not success', () => {
    expect(tasksStopped({ tasks: [{ lastStatus: 'STOPPED' }, { lastStatus: 'STOPPED' }] })).to.equal('success');
    expect(tasksStopped({ tasks: [{ lastStatus: 'STOPPED' }, { lastStatus: 'RUNNING' }] })).to.equal('retry');
    expect(tasksStopped({ tasks: [] })).to.equal('retry');
  });
});

// ---------------------------------------------------------------------------------------------
// Fixture builders: objects as the apiserver returns them.
// ---------------------------------------------------------------------------------------------

function meta(name: string, over: Partial<LiveMeta> = {}): LiveMeta {
  return { name, namespace: 'prod', uid: `${name}-uid`, creationTimestamp: T0, generation: 1, ...over };
}

function service(
  over: { spec?: Partial<ServiceSpec>; status?: ServiceStatus | null; metadata?: Partial<LiveMeta> } = {},
): ServiceObject {
  return {
    apiVersion: 'ecs2eks.dev/v1alpha1',
    kind: 'Service',
    metadata: meta('web', over.metadata),
    spec: { serviceName: 'web', taskDefinition: 'web:3', desiredCount: 2, ...over.spec },
    ...(over.status !== undefined ? { status: over.status } : {}),
  };
}

type Deployment = NonNullable<ServiceStatus['deployments']>[number];

function deployment(over: Partial<Deployment> = {}): Deployment {
  return {
    id: 'ecs-svc/1111111111111111111',
    status: 'PRIMARY',
    taskDefinition: 'web:3',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    failedTasks: 0,
    rolloutState: 'COMPLETED',
    createdAt: T0,
    updatedAt: T1,
    ...over,
  };
}

/** A Service the operator reports steady: one PRIMARY deployment, every task running. */
function steadyStatus(over: Partial<ServiceStatus> = {}): ServiceStatus {
  return {
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    taskDefinition: 'web:3',
    deployments: [deployment()],
    observedGeneration: 1,
    ...over,
  };
}

function task(
  over: { spec?: Partial<TaskSpec>; status?: TaskStatus | null; metadata?: Partial<LiveMeta> } = {},
): TaskObject {
  return {
    apiVersion: 'ecs2eks.dev/v1alpha1',
    kind: 'Task',
    metadata: meta('job-x7k2p', over.metadata),
    spec: { taskDefinition: 'job:2', ...over.spec },
    ...(over.status !== undefined ? { status: over.status } : {}),
  };
}

interface ContainerState {
  name: string;
  image?: string;
  state: Record<string, unknown>;
  restartCount?: number;
}

/**
 * A pod as the operator's translation makes it (ECS names and essential containers in annotations,
 * Kubernetes container names sanitized) with the kubelet's status.
 */
function pod(
  name: string,
  phase: string,
  containers: ContainerState[],
  over: { metadata?: Partial<LiveMeta>; ecsNames?: Record<string, string>; essential?: string[] } = {},
): LiveObject {
  const ecsNames = over.ecsNames ?? Object.fromEntries(containers.map((c) => [c.name, c.name]));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, {
      uid: '5d0c7f3e-1b2a-4c3d-8e9f-0a1b2c3d4e5f',
      labels: { [LABEL_MANAGED_BY]: MANAGED_BY_VALUE, [LABEL_SERVICE]: 'web', [LABEL_REVISION]: '3' },
      annotations: {
        [ANNOTATION_ESSENTIAL_CONTAINERS]: (over.essential ?? containers.map((c) => c.name)).join(','),
        [ANNOTATION_CONTAINER_NAMES]: JSON.stringify(ecsNames),
      },
      ...over.metadata,
    }),
    spec: {
      nodeName: 'node-1',
      containers: containers.map((c) => ({ name: c.name, image: c.image ?? 'public.ecr.aws/nginx/nginx:1.27' })),
    },
    status: {
      phase,
      startTime: T0,
      containerStatuses: containers.map((c) => ({ name: c.name, restartCount: c.restartCount ?? 0, state: c.state })),
    },
  };
}

const running = (name: string, image?: string): ContainerState => ({
  name,
  image,
  state: { running: { startedAt: T1 } },
});
const terminated = (
  name: string,
  exitCode: number,
  reason = exitCode === 0 ? 'Completed' : 'Error',
): ContainerState => ({
  name,
  state: { terminated: { exitCode, reason, startedAt: T1, finishedAt: T2 } },
});

// ---------------------------------------------------------------------------------------------

describe('describeService', () => {
  it('shows the deployment a Service asks for, with nothing running, until the operator acts, so services-stable waits', () => {
    const out = describeService(P, 'prod', service());
    expect(out).to.include({ status: 'ACTIVE', desiredCount: 2, runningCount: 0, pendingCount: 0 });
    expect(out.deployments).to.deep.equal([
      {
        id: 'requested/1',
        status: 'PRIMARY',
        taskDefinition: `${ARN}:task-definition/web:3`,
        desiredCount: 2,
        pendingCount: 0,
        runningCount: 0,
        failedTasks: 0,
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason: 'requested; the ecs2eks operator has not acted on it yet',
      },
    ]);
    expect(servicesStable({ services: [out] })).to.equal('retry');
  });

  it('is stable at once for a desiredCount of 0, as ECS is: nothing has to run', () => {
    const out = describeService(P, 'prod', service({ spec: { desiredCount: 0 } }));
    expect(out).to.include({ desiredCount: 0, runningCount: 0 });
    expect(servicesStable({ services: [out] })).to.equal('success');
  });

  it('shows an update the operator has not acted on yet (a new revision and count), not the old steady state', () => {
    const out = describeService(
      P,
      'prod',
      service({
        metadata: { generation: 2 },
        spec: { taskDefinition: 'web:4', desiredCount: 3 },
        status: steadyStatus({ observedGeneration: 1, desiredCount: 2 }),
      }),
    );
    expect(out).to.include({ desiredCount: 3, taskDefinition: `${ARN}:task-definition/web:4` });
    const deployments = out.deployments as Array<{ status: string; taskDefinition: string }>;
    expect(deployments.map((d) => [d.status, d.taskDefinition])).to.deep.equal([
      ['PRIMARY', `${ARN}:task-definition/web:4`],
      ['ACTIVE', `${ARN}:task-definition/web:3`],
    ]);
    expect(servicesStable({ services: [out] })).to.equal('retry');
    const scaledOnly = describeService(
      P,
      'prod',
      service({
        metadata: { generation: 2 },
        spec: { desiredCount: 3 },
        status: steadyStatus({ observedGeneration: 1 }),
      }),
    );
    expect((scaledOnly.deployments as unknown[]).length).to.equal(1);
    expect(servicesStable({ services: [scaledOnly] })).to.equal('retry');
  });

  it('is stable once the operator reports one deployment with every task running', () => {
    const out = describeService(P, 'prod', service({ status: steadyStatus() }));
    expect(servicesStable({ services: [out] })).to.equal('success');
  });

  it('is not stable while an old deployment is still being replaced', () => {
    const status = steadyStatus({
      deployments: [
        deployment({ id: 'ecs-svc/2', taskDefinition: 'web:4', runningCount: 1 }),
        deployment({ status: 'ACTIVE', runningCount: 1 }),
      ],
    });
    const out = describeService(P, 'prod', service({ status }));
    expect((out.deployments as unknown[]).length).to.equal(2);
    expect(servicesStable({ services: [out] })).to.equal('retry');
  });

  it('does not show INACTIVE deployments, so a finished rollout counts as one deployment', () => {
    const status = steadyStatus({
      deployments: [deployment(), deployment({ id: 'ecs-svc/0', status: 'INACTIVE', taskDefinition: 'web:2' })],
    });
    const out = describeService(P, 'prod', service({ status }));
    expect((out.deployments as Array<{ id: string }>).map((d) => d.id)).to.deep.equal(['ecs-svc/1111111111111111111']);
    expect(servicesStable({ services: [out] })).to.equal('success');
  });

  it('shows a Service being deleted as DRAINING, which fails services-stable', () => {
    const out = describeService(P, 'prod', service({ status: steadyStatus(), metadata: { deletionTimestamp: T2 } }));
    expect(out.status).to.equal('DRAINING');
    expect(servicesStable({ services: [out] })).to.equal('failure');
  });

  it('names the service and its cluster by ARN (long format) and the task definition family:N as a full ARN', () => {
    const out = describeService(P, 'prod', service({ status: steadyStatus() }));
    expect(out).to.include({
      serviceArn: `${ARN}:service/prod/web`,
      serviceName: 'web',
      clusterArn: `${ARN}:cluster/prod`,
      taskDefinition: `${ARN}:task-definition/web:3`,
    });
    expect((out.deployments as Array<{ taskDefinition: string }>)[0].taskDefinition).to.equal(
      `${ARN}:task-definition/web:3`,
    );
  });

  it('shows the spec task definition as an ARN before the operator resolves it', () => {
    const out = describeService(P, 'prod', service({ spec: { taskDefinition: 'web:5' } }));
    expect(out.taskDefinition).to.equal(`${ARN}:task-definition/web:5`);
  });

  it('names the service by spec.serviceName, not by the Kubernetes name', () => {
    const out = describeService(
      P,
      'prod',
      service({ spec: { serviceName: 'Web_Frontend' }, metadata: { name: 'web-frontend' } }),
    );
    expect(out).to.include({ serviceName: 'Web_Frontend', serviceArn: `${ARN}:service/prod/Web_Frontend` });
  });

  it('gives every time in epoch seconds', () => {
    const status = steadyStatus({
      events: [{ id: 'e1', createdAt: T2, message: '(service web) has reached a steady state.' }],
    });
    const out = describeService(P, 'prod', service({ status }));
    expect(out.createdAt).to.equal(secs(T0));
    expect(out.events).to.deep.equal([
      { id: 'e1', createdAt: secs(T2), message: '(service web) has reached a steady state.' },
    ]);
    expect((out.deployments as Array<Record<string, unknown>>)[0]).to.include({
      createdAt: secs(T0),
      updatedAt: secs(T1),
    });
  });

  it('takes the counts from the status, not the spec', () => {
    const out = describeService(
      P,
      'prod',
      service({ status: steadyStatus({ desiredCount: 5, runningCount: 3, pendingCount: 2 }) }),
    );
    expect(out).to.include({ desiredCount: 5, runningCount: 3, pendingCount: 2 });
    expect(servicesStable({ services: [out] })).to.equal('retry');
  });

  it('shows the tags set through TagResource (annotation) over spec.tags when tags are asked for', () => {
    const svc = service({
      spec: { tags: [{ key: 'team', value: 'a' }] },
      metadata: { annotations: { [ANNOTATION_RESOURCE_TAGS]: JSON.stringify({ team: 'b', env: 'prod' }) } },
    });
    expect(describeService(P, 'prod', svc, { tags: true }).tags).to.deep.equal([
      { key: 'team', value: 'b' },
      { key: 'env', value: 'prod' },
    ]);
    expect(describeService(P, 'prod', svc)).to.not.have.property('tags');
  });

  it('falls back to spec.tags when there is no tags annotation, or one edited into something unreadable', () => {
    const spec = { tags: [{ key: 'team', value: 'a' }] };
    expect(describeService(P, 'prod', service({ spec }), { tags: true }).tags).to.deep.equal([
      { key: 'team', value: 'a' },
    ]);
    const garbled = service({ spec, metadata: { annotations: { [ANNOTATION_RESOURCE_TAGS]: '{not json' } } });
    expect(describeService(P, 'prod', garbled, { tags: true }).tags).to.deep.equal([{ key: 'team', value: 'a' }]);
  });

  it('shows the request members with ECS defaults, and role as roleArn', () => {
    const out = describeService(
      P,
      'prod',
      service({ spec: { launchType: 'FARGATE', role: 'arn:aws:iam::123456789012:role/ecs' } }),
    );
    expect(out).to.include({
      schedulingStrategy: 'REPLICA',
      propagateTags: 'NONE',
      enableECSManagedTags: false,
      enableExecuteCommand: false,
      launchType: 'FARGATE',
      roleArn: 'arn:aws:iam::123456789012:role/ecs',
    });
    expect(out).to.not.have.property('role');
    expect(out.deploymentController).to.deep.equal({ type: 'ECS' });
  });
});

describe('taskDefinitionArnOf', () => {
  it('makes family:N a full ARN, keeps an ARN and a bare family (follow latest) as written', () => {
    expect(taskDefinitionArnOf(P, 'web:3')).to.equal(`${ARN}:task-definition/web:3`);
    expect(taskDefinitionArnOf(P, `${ARN}:task-definition/web:3`)).to.equal(`${ARN}:task-definition/web:3`);
    expect(taskDefinitionArnOf(P, 'web')).to.equal('web');
    expect(taskDefinitionArnOf(P, undefined)).to.equal(undefined);
    expect(taskDefinitionArnOf(P, 'not a ref!')).to.equal('not a ref!');
  });
});

describe('describeRunTask', () => {
  const ID = 'job-x7k2p-uid';

  const stoppedEntry = (
    podName: string,
    stopCode: string,
    containers: NonNullable<NonNullable<TaskStatus['tasks']>[number]['containers']>,
  ) => ({ pod: podName, lastStatus: 'STOPPED', stopCode, containers });

  it('shows a Task the operator has not acted on as PROVISIONING with desiredStatus RUNNING', () => {
    const out = describeRunTask(P, 'prod', task(), 0, 'job-x7k2p-0', ID, undefined);
    expect(out).to.include({
      taskArn: `${ARN}:task/prod/${ID}`,
      clusterArn: `${ARN}:cluster/prod`,
      taskDefinitionArn: `${ARN}:task-definition/job:2`,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      group: 'family:job',
      createdAt: secs(T0),
    });
    expect(out.containers).to.deep.equal([]);
    expect(out).to.not.have.any.keys('stopCode', 'stoppedReason', 'stoppedAt', 'startedAt');
    expect(tasksStopped({ tasks: [out] })).to.equal('retry');
  });

  it("takes lastStatus, stopCode and containers from the status entry of the task's own pod", () => {
    const status: TaskStatus = {
      taskDefinition: 'job:2',
      lastStatus: 'DEACTIVATING',
      tasks: [
        { pod: 'job-x7k2p-0', lastStatus: 'RUNNING', containers: [{ name: 'main', lastStatus: 'RUNNING' }] },
        stoppedEntry('job-x7k2p-1', 'EssentialContainerExited', [
          { name: 'main', lastStatus: 'STOPPED', exitCode: 3, reason: 'Error' },
        ]),
      ],
    };
    const t = task({ spec: { count: 2 }, status });
    const first = describeRunTask(P, 'prod', t, 0, 'job-x7k2p-0', 'id0', undefined);
    const second = describeRunTask(P, 'prod', t, 1, 'job-x7k2p-1', 'id1', undefined);
    expect(first).to.include({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
    expect(first).to.not.have.property('stopCode');
    expect(second).to.include({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited (main: exit code 3)',
    });
    expect(second.containers).to.deep.equal([
      {
        containerArn: (second.containers as Array<{ containerArn: string }>)[0].containerArn,
        taskArn: `${ARN}:task/prod/id1`,
        name: 'main',
        lastStatus: 'STOPPED',
        exitCode: 3,
        reason: 'Error',
        healthStatus: 'UNKNOWN',
      },
    ]);
    expect((second.containers as Array<{ containerArn: string }>)[0].containerArn).to.match(
      new RegExp(`^${ARN}:container/prod/id1/[0-9a-f]{32}$`),
    );
    expect(tasksStopped({ tasks: [first, second] })).to.equal('retry');
  });

  it('shows the reason given to StopTask for a UserInitiated stop, from the stop-reasons annotation', () => {
    const status: TaskStatus = {
      taskDefinition: 'job:2',
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'Task stopped by user (its pod was deleted)',
      stoppedAt: T2,
      tasks: [stoppedEntry('job-x7k2p-0', 'UserInitiated', [{ name: 'main', lastStatus: 'STOPPED' }])],
    };
    const annotations = { [ANNOTATION_STOP_REASONS]: JSON.stringify({ 'job-x7k2p-0': 'deploy rolled back' }) };
    const out = describeRunTask(
      P,
      'prod',
      task({ status, metadata: { annotations } }),
      0,
      'job-x7k2p-0',
      ID,
      undefined,
    );
    expect(out).to.include({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'deploy rolled back',
    });
    expect(tasksStopped({ tasks: [out] })).to.equal('success');
  });

  it("shows the operator's stoppedReason for a UserInitiated stop without a StopTask reason, or with a garbled annotation", () => {
    const status: TaskStatus = {
      taskDefinition: 'job:2',
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'Task stopped by user (its pod was deleted)',
      tasks: [stoppedEntry('job-x7k2p-0', 'UserInitiated', [])],
    };
    const variants: Array<Record<string, string>> = [{}, { [ANNOTATION_STOP_REASONS]: 'not json' }];
    for (const annotations of variants) {
      const out = describeRunTask(
        P,
        'prod',
        task({ status, metadata: { annotations } }),
        0,
        'job-x7k2p-0',
        ID,
        undefined,
      );
      expect(out.stoppedReason).to.equal('Task stopped by user (its pod was deleted)');
    }
  });

  it('shows a task whose pod is being deleted as desiredStatus STOPPED and lastStatus DEACTIVATING', () => {
    const status: TaskStatus = {
      taskDefinition: 'job:2',
      lastStatus: 'RUNNING',
      tasks: [{ pod: 'job-x7k2p-0', lastStatus: 'RUNNING', containers: [{ name: 'main', lastStatus: 'RUNNING' }] }],
    };
    const p = pod('job-x7k2p-0', 'Running', [running('main', 'busybox:1.36')], {
      metadata: { deletionTimestamp: T2 },
    });
    const out = describeRunTask(P, 'prod', task({ status }), 0, 'job-x7k2p-0', ID, p);
    expect(out).to.include({ desiredStatus: 'STOPPED', lastStatus: 'DEACTIVATING', startedAt: secs(T1) });
    expect((out.containers as Array<{ image?: string }>)[0].image).to.equal('busybox:1.36');
    expect(tasksStopped({ tasks: [out] })).to.equal('retry');
  });

  it('shows the group, startedBy and launchType of the RunTask request', () => {
    const out = describeRunTask(
      P,
      'prod',
      task({ spec: { group: 'nightly', startedBy: 'ci', launchType: 'FARGATE' } }),
      0,
      'job-x7k2p-0',
      ID,
      undefined,
    );
    expect(out).to.include({ group: 'nightly', startedBy: 'ci', launchType: 'FARGATE' });
  });
});

describe('describeServicePod', () => {
  const svc = { name: 'web', family: 'web', deploymentId: 'ecs-svc/1111111111111111111' };
  const ID = '5d0c7f3e1b2a4c3d8e9f0a1b2c3d4e5f';

  it('shows a running pod as a RUNNING task with its containers by ECS name and image', () => {
    const p = pod('web-7d9f8-abcde', 'Running', [running('web-app', 'public.ecr.aws/nginx/nginx:1.27')], {
      ecsNames: { 'web-app': 'Web_App' },
    });
    const out = describeServicePod(P, 'prod', svc, p, ID, '3', NOW);
    expect(out).to.include({
      taskArn: `${ARN}:task/prod/${ID}`,
      taskDefinitionArn: `${ARN}:task-definition/web:3`,
      lastStatus: 'RUNNING',
      desiredStatus: 'RUNNING',
      group: 'service:web',
      startedBy: 'ecs-svc/1111111111111111111',
      createdAt: secs(T0),
      startedAt: secs(T1),
    });
    expect(out.containers).to.have.length(1);
    expect((out.containers as Array<Record<string, unknown>>)[0]).to.include({
      name: 'Web_App',
      image: 'public.ecr.aws/nginx/nginx:1.27',
      lastStatus: 'RUNNING',
    });
    expect(out).to.not.have.any.keys('stopCode', 'stoppedReason', 'stoppedAt');
  });

  it('shows a failed pod whose essential container exited 1 as STOPPED, EssentialContainerExited, exit code 1', () => {
    const p = pod('web-7d9f8-abcde', 'Failed', [terminated('app', 1), terminated('log-router', 0)], {
      essential: ['app'],
    });
    const out = describeServicePod(P, 'prod', svc, p, ID, '3', NOW);
    expect(out).to.include({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited (app: exit code 1)',
      stoppedAt: secs(T2),
    });
    const containers = out.containers as Array<Record<string, unknown>>;
    expect(containers.map((c) => [c.name, c.lastStatus, c.exitCode])).to.deep.equal([
      ['app', 'STOPPED', 1],
      ['log-router', 'STOPPED', 0],
    ]);
    expect(tasksStopped({ tasks: [out] })).to.equal('success');
  });

  it("prefers the Service's recorded stoppedReason for the task it stopped last", () => {
    const p = pod('web-7d9f8-abcde', 'Failed', [terminated('app', 137, 'OOMKilled')]);
    const out = describeServicePod(
      P,
      'prod',
      { ...svc, stoppedReason: 'OutOfMemoryError: Container killed' },
      p,
      ID,
      '3',
      NOW,
    );
    expect(out.stoppedReason).to.equal('OutOfMemoryError: Container killed');
    expect((out.containers as Array<Record<string, unknown>>)[0]).to.include({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('shows a pod being deleted as desiredStatus STOPPED', () => {
    const p = pod('web-7d9f8-abcde', 'Running', [running('app')], { metadata: { deletionTimestamp: T2 } });
    const out = describeServicePod(P, 'prod', svc, p, ID, '3', NOW);
    expect(out).to.include({ desiredStatus: 'STOPPED', lastStatus: 'DEACTIVATING' });
  });
});

describe('describeTaskDefinition', () => {
  const spec = {
    family: 'web',
    containerDefinitions: [{ name: 'app', image: 'nginx', essential: true }],
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
  } as TaskDefinitionSpec;

  it('adds the ARN, revision, status, registeredAt and compatibilities ECS adds', () => {
    const out = describeTaskDefinition(P, { family: 'web', revision: 4, spec, registeredAt: T1, inactive: false });
    expect(out).to.deep.include({
      family: 'web',
      taskDefinitionArn: `${ARN}:task-definition/web:4`,
      revision: 4,
      status: 'ACTIVE',
      registeredAt: secs(T1),
      compatibilities: ['EC2', 'FARGATE'],
      requiresAttributes: [],
      containerDefinitions: spec.containerDefinitions,
      cpu: '256',
    });
  });

  it('replaces read-only members pasted into the spec from a describe output by the real ones', () => {
    const pasted = {
      ...spec,
      taskDefinitionArn: `${ARN}:task-definition/web:1`,
      revision: 1,
      status: 'INACTIVE',
      registeredAt: 1,
      registeredBy: 'arn:aws:iam::999999999999:user/someone',
      deregisteredAt: 2,
      compatibilities: ['EXTERNAL'],
      requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
    } as unknown as TaskDefinitionSpec;
    const out = describeTaskDefinition(P, { family: 'web', revision: 4, spec: pasted, inactive: false });
    expect(out).to.include({ taskDefinitionArn: `${ARN}:task-definition/web:4`, revision: 4, status: 'ACTIVE' });
    expect(out.compatibilities).to.deep.equal(['EC2', 'FARGATE']);
    expect(out.requiresAttributes).to.deep.equal([]);
    expect(out).to.not.have.any.keys('registeredAt', 'registeredBy', 'deregisteredAt');
  });

  it('leaves the tags out of the task definition (DescribeTaskDefinition answers them beside it)', () => {
    const tagged = { ...spec, tags: [{ key: 'team', value: 'a' }] } as TaskDefinitionSpec;
    expect(
      describeTaskDefinition(P, { family: 'web', revision: 1, spec: tagged, inactive: false }),
    ).to.not.have.property('tags');
  });

  it('shows a deregistered revision as INACTIVE', () => {
    expect(describeTaskDefinition(P, { family: 'web', revision: 2, spec, inactive: true }).status).to.equal('INACTIVE');
  });

  it('reads and extends the inactive-revisions annotation, ignoring what is not a revision', () => {
    const annotations = { [ANNOTATION_INACTIVE_REVISIONS]: '3, 1,x,0,-2,1.5' };
    expect([...inactiveRevisions(annotations)]).to.deep.equal([3, 1]);
    expect(inactiveRevisions(undefined).size).to.equal(0);
    expect(withInactive(annotations, 2)).to.equal('1,2,3');
    expect(withInactive(annotations, 3)).to.equal('1,3');
  });
});
