/**
 * Service tasks stopped through StopTask. Their pods are deleted (the service starts replacements),
 * but ECS keeps a stopped task describable for about an hour, and `aws ecs wait tasks-stopped`
 * needs it: a pipeline that stops a task waits for it. So StopTask records the task on its Service
 * (annotation ANNOTATION_STOPPED_TASKS, at most MAX_RECORDS, for RETENTION_MS), and the record is
 * shown only once the pod is gone, as STOPPED with stopCode UserInitiated. `stoppedAt` is when
 * StopTask was called; the kubelet stopped the containers within their stopTimeout after it.
 * Pure.
 */
import { clusterArn, containerArn, epoch, taskArn, type Partition } from './arns.js';
import { taskDefinitionArnOf } from './describe-service.js';
import { jsonAnnotation } from './context.js';

export const ANNOTATION_STOPPED_TASKS = 'ecs2eks.dev/stopped-tasks';
export const MAX_RECORDS = 10;
export const RETENTION_MS = 60 * 60 * 1000;

export interface StoppedTaskRecord {
  id: string;
  taskDefinition?: string;
  startedBy?: string;
  createdAt?: string;
  startedAt?: string;
  stoppedAt: string;
  reason?: string;
  containers: Array<{ name: string; image?: string }>;
}

function isRecord(v: unknown): v is StoppedTaskRecord {
  const r = v as StoppedTaskRecord | null;
  return !!r && typeof r.id === 'string' && typeof r.stoppedAt === 'string' && Array.isArray(r.containers);
}

/** The records of a Service that are still within the retention period. */
export function readStoppedTasks(annotations: Record<string, string> | undefined, now: Date): StoppedTaskRecord[] {
  const parsed = jsonAnnotation<unknown>(annotations, ANNOTATION_STOPPED_TASKS, []);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(isRecord).filter((r) => now.getTime() - Date.parse(r.stoppedAt) <= RETENTION_MS);
}

/** The annotation value with `record` added (newest first), old and surplus records dropped. */
export function withStoppedTask(
  annotations: Record<string, string> | undefined,
  record: StoppedTaskRecord,
  now: Date,
): string {
  const kept = readStoppedTasks(annotations, now).filter((r) => r.id !== record.id);
  return JSON.stringify([record, ...kept].slice(0, MAX_RECORDS));
}

/** A record as DescribeTasks shows it. */
export function describeStoppedTask(
  p: Partition,
  cluster: string,
  serviceName: string,
  r: StoppedTaskRecord,
): Record<string, unknown> {
  return {
    taskArn: taskArn(p, cluster, r.id),
    clusterArn: clusterArn(p, cluster),
    ...(r.taskDefinition ? { taskDefinitionArn: taskDefinitionArnOf(p, r.taskDefinition) } : {}),
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    containers: r.containers.map((c) => ({
      containerArn: containerArn(p, cluster, r.id, c.name),
      taskArn: taskArn(p, cluster, r.id),
      name: c.name,
      ...(c.image ? { image: c.image } : {}),
      lastStatus: 'STOPPED',
      healthStatus: 'UNKNOWN',
    })),
    ...(r.createdAt ? { createdAt: epoch(r.createdAt) } : {}),
    ...(r.startedAt ? { startedAt: epoch(r.startedAt) } : {}),
    stoppingAt: epoch(r.stoppedAt),
    stoppedAt: epoch(r.stoppedAt),
    stopCode: 'UserInitiated',
    stoppedReason: r.reason ?? 'Task stopped by user',
    group: `service:${serviceName}`,
    ...(r.startedBy ? { startedBy: r.startedBy } : {}),
    overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [] },
  };
}
