/**
 * RunTask, StopTask, DescribeTasks, ListTasks. A task is either one pod of a Task resource
 * (RunTask: `count` tasks, one pod each) or one pod of a Service. Both are listed, described and
 * stopped alike, as ECS does; see describe-task.ts for where each field comes from.
 */
import { build } from '../ecs/parse/index.js';
import type { TaskSpec } from '../ecs/model.js';
import type { LiveObject } from '../kube/api.js';
import { RESOURCES } from '../kube/resources.js';
import { API_VERSION } from '../api/resources.js';
import { dnsLabel, dnsSubdomain } from '../translate/names.js';
import {
  LABEL_MANAGED_BY,
  LABEL_REVISION,
  LABEL_SERVICE,
  LABEL_TASK,
  MANAGED_BY_VALUE,
  selectorLabels,
} from '../translate/labels.js';
import { sleep, systemClock } from '../base/clock.js';
import { podTaskId, runTaskId, taskArn, taskId as idOfTask } from './arns.js';
import { resolveCluster, type Cluster } from './clusters.js';
import { present, type Ctx, type EcsRequest, type ServiceObject, type TaskObject } from './context.js';
import {
  ANNOTATION_STOP_REASONS,
  describeRunTask,
  describeServicePod,
  familyOfRef,
  stopReasons,
} from './describe-task.js';
import { clientError, invalidParameter, isNotFound } from './errors.js';
import { page } from './paging.js';
import {
  ANNOTATION_STOPPED_TASKS,
  describeStoppedTask,
  readStoppedTasks,
  withStoppedTask,
  type StoppedTaskRecord,
} from './stopped-tasks.js';
import { listServices, listTasks, serviceNameOf } from './store.js';
import { resolveTaskDefinition } from './task-definitions.js';

/** One ECS task found in a cluster, described, with where it lives. */
interface Found {
  id: string;
  pod?: LiveObject;
  task?: TaskObject;
  service?: ServiceObject;
  podName: string;
  family?: string;
  serviceName?: string;
  described: Record<string, unknown>;
}

function podName(task: TaskObject, index: number): string {
  return dnsSubdomain(`${task.metadata.name}-${index}`);
}

/** Every task of a cluster: the tasks of its Task resources and the pods of its Services. */
async function tasksOf(ctx: Ctx, c: Cluster, opts: { tags?: boolean } = {}): Promise<Found[]> {
  const [tasks, services, pods] = await Promise.all([
    listTasks(ctx, c.namespace),
    listServices(ctx, c.namespace),
    ctx.kube.list(RESOURCES.pods, c.namespace, { labelSelector: `${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE}` }),
  ]);
  const podsByName = new Map(pods.items.map((p) => [p.metadata.name, p]));
  const out: Found[] = [];
  for (const task of tasks) {
    const uid = task.metadata.uid ?? '';
    for (let i = 0; i < (task.spec.count ?? 1); i++) {
      const name = podName(task, i);
      const pod = podsByName.get(name);
      const own = pod && pod.metadata.labels?.[LABEL_TASK] !== undefined ? pod : undefined;
      const id = runTaskId(uid, i);
      const described = describeRunTask(ctx.config, c.name, task, i, name, id, own, opts);
      const family = familyOfRef(task.status?.taskDefinition ?? task.spec.taskDefinition);
      out.push({ id, pod: own, task, podName: name, family, described });
    }
  }
  const now = ctx.now().toISOString();
  for (const pod of pods.items) {
    const label = pod.metadata.labels?.[LABEL_SERVICE];
    if (label === undefined) continue;
    const svc = services.find((s) => selectorLabels('Service', s.metadata.name)[LABEL_SERVICE] === label);
    if (!svc) continue;
    const revision = pod.metadata.labels?.[LABEL_REVISION];
    const current = svc.status?.taskDefinition ?? svc.spec.taskDefinition ?? '';
    const family = current ? familyOfRef(current) : undefined;
    const deployment = svc.status?.deployments?.find((d) => d.taskDefinition === `${family}:${revision}`);
    const last = svc.status?.lastStoppedTask;
    const id = podTaskId(pod.metadata.uid ?? pod.metadata.name);
    const name = serviceNameOf(svc);
    const described = describeServicePod(
      ctx.config,
      c.name,
      {
        name,
        family,
        deploymentId: deployment?.id,
        stoppedReason: last?.task === pod.metadata.name ? last.stoppedReason : undefined,
        launchType: svc.spec.launchType,
      },
      pod,
      id,
      revision,
      now,
    );
    out.push({ id, pod, service: svc, podName: pod.metadata.name, family, serviceName: name, described });
  }
  // Service tasks stopped through StopTask whose pods are gone: still describable (stopped-tasks.ts).
  const live = new Set(out.map((t) => t.id));
  for (const svc of services) {
    const name = serviceNameOf(svc);
    for (const r of readStoppedTasks(svc.metadata.annotations, ctx.now())) {
      if (live.has(r.id)) continue;
      live.add(r.id);
      out.push({
        id: r.id,
        podName: '',
        family: r.taskDefinition ? familyOfRef(r.taskDefinition) : undefined,
        serviceName: name,
        described: describeStoppedTask(ctx.config, c.name, name, r),
      });
    }
  }
  return out;
}

export async function runTask(ctx: Ctx, input: EcsRequest<'RunTask'>) {
  const c = await resolveCluster(ctx, input.cluster);
  const count = input.count ?? 1;
  if (count < 1 || count > 10) throw invalidParameter('count: must be between 1 and 10');
  const taskDefinition = await resolveTaskDefinition(ctx, c.namespace, input.taskDefinition);
  const { cluster: _c, clientToken: _t, ...rest } = input;
  const raw = present({ ...rest, taskDefinition });
  const family = taskDefinition.split(':')[0];
  const spec = build('Task', raw, '', family).spec as TaskSpec;
  const created = await ctx.kube.create<TaskObject>(RESOURCES.tasks, c.namespace, {
    apiVersion: API_VERSION,
    kind: 'Task',
    // The server makes the name unique; the Task's uid names its tasks (see arns.ts).
    metadata: { generateName: `${dnsLabel(family.toLowerCase(), 40)}-`, namespace: c.namespace },
    spec,
  });
  const uid = created.metadata.uid ?? '';
  const tasks = Array.from({ length: count }, (_, i) =>
    describeRunTask(ctx.config, c.name, created, i, podName(created, i), runTaskId(uid, i), undefined),
  );
  return { tasks, failures: [] };
}

export async function describeTasks(ctx: Ctx, input: EcsRequest<'DescribeTasks'>) {
  const c = await resolveCluster(ctx, input.cluster);
  if (input.tasks.length > 100) throw invalidParameter('tasks: at most 100 tasks per call');
  const all = await tasksOf(ctx, c, { tags: input.include?.includes('TAGS') ?? false });
  const tasks: unknown[] = [];
  const failures: unknown[] = [];
  for (const value of input.tasks) {
    const id = idOfTask(value);
    const found = all.find((t) => t.id === id);
    if (found) tasks.push(found.described);
    else failures.push({ arn: taskArn(ctx.config, c.name, id), reason: 'MISSING' });
  }
  return { tasks, failures };
}

export async function listTasksOp(ctx: Ctx, input: EcsRequest<'ListTasks'>) {
  if (input.containerInstance)
    throw invalidParameter(
      'containerInstance: ecs2eks has no container instances (tasks run on Kubernetes nodes); filter by serviceName, family or startedBy',
    );
  const c = await resolveCluster(ctx, input.cluster);
  const desired = input.desiredStatus ?? 'RUNNING';
  const found = (await tasksOf(ctx, c))
    .filter((t) => t.described.desiredStatus === desired)
    .filter((t) => !input.family || t.family === input.family)
    .filter((t) => !input.serviceName || t.serviceName === input.serviceName)
    .filter((t) => !input.startedBy || t.described.startedBy === input.startedBy)
    .filter((t) => !input.launchType || t.described.launchType === input.launchType);
  const p = page(found, (t) => t.id, input, { default: 100, max: 100 });
  return {
    taskArns: p.items.map((t) => taskArn(ctx.config, c.name, t.id)),
    ...(p.nextToken ? { nextToken: p.nextToken } : {}),
  };
}

export async function stopTask(ctx: Ctx, input: EcsRequest<'StopTask'>) {
  const c = await resolveCluster(ctx, input.cluster);
  const id = idOfTask(input.task);
  const find = async () => (await tasksOf(ctx, c)).find((t) => t.id === id);
  let found = await find();
  if (!found) throw invalidParameter('The referenced task was not found.');
  if (found.described.lastStatus === 'STOPPED') return { task: found.described };
  // A task the operator has not created a pod for yet: give it a moment (bounded) to appear.
  for (let i = 0; i < 20 && found && !found.pod; i++) {
    await sleep(systemClock, 150);
    found = await find();
  }
  if (!found?.pod) throw clientError('The task has no pod yet (it is still being provisioned); retry StopTask.');
  if (found.task && input.reason) {
    const reasons = stopReasons(found.task);
    await ctx.kube.mergePatch(RESOURCES.tasks, c.namespace, found.task.metadata.name, {
      metadata: {
        annotations: { [ANNOTATION_STOP_REASONS]: JSON.stringify({ ...reasons, [found.podName]: input.reason }) },
      },
    });
  }
  if (found.service) {
    const d = found.described;
    const record: StoppedTaskRecord = {
      id,
      stoppedAt: ctx.now().toISOString(),
      containers: (d.containers as Array<{ name: string; image?: string }>).map((x) => ({
        name: x.name,
        image: x.image,
      })),
      ...(typeof d.taskDefinitionArn === 'string' ? { taskDefinition: d.taskDefinitionArn } : {}),
      ...(typeof d.startedBy === 'string' ? { startedBy: d.startedBy } : {}),
      ...(found.pod.metadata.creationTimestamp ? { createdAt: found.pod.metadata.creationTimestamp } : {}),
      ...(typeof d.startedAt === 'number' ? { startedAt: new Date(d.startedAt * 1000).toISOString() } : {}),
      ...(input.reason ? { reason: input.reason } : {}),
    };
    await ctx.kube.mergePatch(RESOURCES.ecsServices, c.namespace, found.service.metadata.name, {
      metadata: {
        annotations: {
          [ANNOTATION_STOPPED_TASKS]: withStoppedTask(found.service.metadata.annotations, record, ctx.now()),
        },
      },
    });
  }
  // The kubelet stops the containers (SIGTERM, then SIGKILL after the grace period, i.e. stopTimeout);
  // a service's scheduler (the ReplicaSet) starts a replacement, as ECS's does.
  await ctx.kube
    .delete(RESOURCES.pods, c.namespace, found.pod.metadata.name, { uid: found.pod.metadata.uid })
    .catch((e: unknown) => {
      if (!isNotFound(e)) throw e;
    });
  const after = (await find()) ?? found;
  const described: Record<string, unknown> = { ...after.described, desiredStatus: 'STOPPED' };
  if (input.reason && !described.stoppedReason) described.stoppedReason = input.reason;
  return { task: described };
}
