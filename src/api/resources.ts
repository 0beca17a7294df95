/**
 * The three custom resources as zod schemas: spec (the ECS request shapes) and status (what the
 * operator reports, mirroring DescribeTaskDefinition / DescribeServices / DescribeTasks).
 * The CRDs in crds/ are generated from these.
 */
import { z } from 'zod';
import { ServiceSpec, TaskDefinitionSpec, TaskSpec } from '../ecs/model.js';
import { doc } from '../ecs/descriptions.js';
import { conditions, findings, observedGeneration } from './status.js';

export const GROUP = 'ecs2eks.dev';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

const time = z.string().describe('RFC 3339 timestamp.');

export const TaskDefinitionStatus = z.strictObject({
  family: z.string().nullish().describe('The family this TaskDefinition registers (spec.family, or metadata.name).'),
  revision: z.int().nullish().describe('The latest revision number; revisions start at 1 and are never reused.'),
  containers: z
    .string()
    .nullish()
    .describe("Every container's name, comma-separated, as `kubectl get etd` shows them."),
  taskDefinitionArn: z
    .string()
    .nullish()
    .describe('family:revision of the latest revision, the way ECS identifies it.'),
  revisions: z
    .array(
      z.strictObject({
        revision: z.int().describe('Revision number.'),
        hash: z.string().describe('Hash of the spec this revision holds.'),
        created: time.nullish(),
        controllerRevision: z.string().nullish().describe('Name of the ControllerRevision that stores it.'),
      }),
    )
    .nullish()
    .describe('Kept revisions, newest last.'),
  findings,
  conditions,
  observedGeneration,
});

export const ServiceDeploymentStatus = z.strictObject({
  id: z.string().describe('Deployment id (stable per task definition revision).'),
  status: z
    .enum(['PRIMARY', 'ACTIVE', 'INACTIVE'])
    .describe('PRIMARY is the newest deployment; ACTIVE ones are being replaced.'),
  taskDefinition: z.string().describe('family:revision this deployment runs.'),
  desiredCount: z.int().nullish(),
  runningCount: z.int().nullish(),
  pendingCount: z.int().nullish(),
  failedTasks: z
    .int()
    .nullish()
    .describe('Tasks of this deployment that failed to start or stopped, counted for the circuit breaker.'),
  rolloutState: z.enum(['IN_PROGRESS', 'COMPLETED', 'FAILED']).nullish(),
  rolloutStateReason: z.string().nullish(),
  createdAt: time.nullish(),
  updatedAt: time.nullish(),
});

export const ServiceStatus = z.strictObject({
  status: z.enum(['ACTIVE', 'DRAINING', 'INACTIVE']).nullish().describe('ECS service status.'),
  desiredCount: z.int().nullish(),
  runningCount: z.int().nullish().describe('Running tasks (ready pods); the scale subresource reads it.'),
  pendingCount: z.int().nullish(),
  taskDefinition: z.string().nullish().describe('The resolved family:revision of the primary deployment.'),
  rolloutState: z
    .enum(['IN_PROGRESS', 'COMPLETED', 'FAILED'])
    .nullish()
    .describe('Rollout state of the primary deployment.'),
  selector: z.string().nullish().describe("Label selector of the service's pods, for the scale subresource and HPAs."),
  deployments: z.array(ServiceDeploymentStatus).nullish(),
  deploymentSummary: z
    .string()
    .nullish()
    .describe('Every kept deployment in one line, newest first (`kubectl get esvc -o wide`).'),
  events: z
    .array(z.strictObject({ id: z.string(), createdAt: time, message: z.string() }))
    .nullish()
    .describe('The latest ECS-style service events, newest first.'),
  lastStoppedTask: z
    .strictObject({
      task: z.string().describe('The pod of the stopped task.'),
      stoppedAt: time,
      stoppedReason: z.string().describe("Why it stopped, in ECS's words (DescribeTasks stoppedReason)."),
      consecutive: z
        .int()
        .nullish()
        .describe('Tasks stopped since the service was last steady; from 3 on, each further stop waits longer.'),
    })
    .nullish()
    .describe(
      'The task the operator stopped last because an essential container exited; for 30 s after it the service is not Ready.',
    ),
  findings,
  conditions,
  observedGeneration,
});

export const TaskStatus = z.strictObject({
  taskDefinition: z.string().nullish().describe('The resolved family:revision.'),
  lastStatus: z
    .enum(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'])
    .nullish(),
  desiredStatus: z.enum(['RUNNING', 'STOPPED']).nullish(),
  stopCode: z
    .enum([
      'TaskFailedToStart',
      'EssentialContainerExited',
      'UserInitiated',
      'ServiceSchedulerInitiated',
      'SpotInterruption',
      'TerminationNotice',
    ])
    .nullish(),
  stoppedReason: z.string().nullish(),
  startedAt: time.nullish(),
  stoppedAt: time.nullish(),
  tasks: z
    .array(
      z.strictObject({
        pod: z.string(),
        lastStatus: z.string(),
        stopCode: z.string().nullish(),
        startedAt: time.nullish().describe('When this task started running (its pod started).'),
        stoppedAt: time.nullish().describe('When the operator first saw this task stopped.'),
        containers: z
          .array(
            z.strictObject({
              name: z.string(),
              lastStatus: z.string(),
              exitCode: z.int().nullish(),
              reason: z.string().nullish(),
            }),
          )
          .nullish(),
      }),
    )
    .nullish()
    .describe('One entry per task (pod) when count > 1.'),
  containers: z
    .array(
      z.strictObject({
        name: z.string().describe('ECS container name.'),
        lastStatus: z.string().describe('PENDING, RUNNING or STOPPED.'),
        exitCode: z.int().nullish(),
        reason: z.string().nullish(),
      }),
    )
    .nullish()
    .describe('Containers of the first task.'),
  findings,
  conditions,
  observedGeneration,
});

const meta = z.object({}).passthrough().describe('Standard object metadata.');

export const TaskDefinitionResource = z.object({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('TaskDefinition'),
  metadata: meta,
  spec: TaskDefinitionSpec.describe(doc('TaskDefinitionResource.spec')),
  status: TaskDefinitionStatus.nullish().describe(doc('TaskDefinitionResource.status')),
});
export const ServiceResource = z.object({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Service'),
  metadata: meta,
  spec: ServiceSpec.describe(doc('ServiceResource.spec')),
  status: ServiceStatus.nullish().describe(doc('ServiceResource.status')),
});
export const TaskResource = z.object({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Task'),
  metadata: meta,
  spec: TaskSpec.describe(doc('TaskResource.spec')),
  status: TaskStatus.nullish().describe(doc('TaskResource.status')),
});
export type TaskDefinitionStatus = z.infer<typeof TaskDefinitionStatus>;
export type ServiceStatus = z.infer<typeof ServiceStatus>;
export type TaskStatus = z.infer<typeof TaskStatus>;
