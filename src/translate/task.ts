/**
 * translateTask: one RunTask request and its resolved task definition → `count` Pods named
 * `<name>-<i>` with `restartPolicy: Never` (DESIGN.md §2 Task). Bare Pods rather than a Job: ECS
 * never retries a stopped task, and the operator reports each task's status from its own Pod.
 * Overrides are applied by the pod template (ctx.overrides). Pure and deterministic.
 */
import { InputError } from '../ecs/errors.js';
import type { ResolvedTaskDefinition, TaskSpec } from '../ecs/model.js';
import { awsSideFindings, finish, networkFindings, withScheduling } from './assemble.js';
import { capacityPlacement } from './capacity.js';
import {
  LABEL_GROUP,
  groupLabelValue,
  resourceLabels,
  selectorLabels,
  sortRecord,
  tagLabels,
  toLabelValue,
} from './labels.js';
import { reportMembers } from './member-findings.js';
import { dnsSubdomain } from './names.js';
import type { TranslateOptions } from './options.js';
import { translatePlacement } from './placement.js';
import { buildPodTemplate } from './pod.js';
import type { Finding, KubeObject, Translation } from './types.js';

export const LABEL_STARTED_BY = 'ecs2eks.dev/started-by';
export const ANNOTATION_STARTED_BY = 'ecs2eks.dev/started-by';
export const LABEL_TASK_INDEX = 'ecs2eks.dev/task-index';
/** ECS starts at most 10 tasks per RunTask call. */
export const MAX_COUNT = 10;

export interface TaskInput {
  /** DNS-1123 name of the generated objects (the CR's metadata.name in the operator). */
  name: string;
  task: TaskSpec;
  taskDefinition: ResolvedTaskDefinition;
}

/** translateTask returns the Pods (and pod-level objects) of one ECS RunTask request. */
export function translateTask(input: TaskInput, options: TranslateOptions): Translation {
  const { name, task, taskDefinition: td } = input;
  const findings: Finding[] = [];
  const count = task.count ?? 1;
  if (count < 1 || count > MAX_COUNT)
    throw new InputError('count', `must be between 1 and ${MAX_COUNT}`, 'InvalidSpec', 'Task');

  // ECS's default task group is family:<family>; distinctInstance and task:group select on it.
  const group = task.group || `family:${td.family}`;
  const labels = resourceLabels('Task', name, td);
  const ownSelector = { [LABEL_GROUP]: groupLabelValue(group) };

  // The task definition's tags label the pods in every case (the pod template does that), so
  // propagateTags TASK_DEFINITION needs nothing more; the task's own tags win over them.
  if (task.propagateTags === 'SERVICE')
    findings.push({
      source: 'Task',
      path: 'propagateTags',
      level: 'Info',
      message: 'a standalone task has no service to take tags from',
    });
  const tags = tagLabels([{ tags: task.tags, source: 'Task', path: 'tags' }]);
  findings.push(...tags.findings);

  const annotations: Record<string, string> = { ...tags.annotations };
  const podLabels: Record<string, string> = { ...tags.labels, ...labels, ...ownSelector };
  if (task.startedBy) {
    annotations[ANNOTATION_STARTED_BY] = task.startedBy;
    podLabels[LABEL_STARTED_BY] = toLabelValue(task.startedBy);
  }

  const pod = buildPodTemplate(td, {
    kind: 'Task',
    workloadName: name,
    labels: podLabels,
    options,
    overrides: task.overrides,
  });
  findings.push(...pod.findings);

  const capacity = capacityPlacement({
    source: 'Task',
    launchType: task.launchType,
    capacityProviderStrategy: task.capacityProviderStrategy,
    requiresCompatibilities: td.spec.requiresCompatibilities,
    options,
  });
  findings.push(...capacity.findings);
  const placement = translatePlacement({
    source: 'Task',
    constraints: task.placementConstraints,
    strategies: task.placementStrategy,
    taskDefinitionConstraints: pod.placementConstraints,
    ownSelector,
    defaultZoneSpread: capacity.fargate,
    options,
  });
  findings.push(...placement.findings);
  const spec = { ...withScheduling(pod.template.spec, placement, capacity, findings, 'Task'), restartPolicy: 'Never' };

  const sgps = networkFindings(task.networkConfiguration, 'Task', findings, {
    name,
    namespace: options.namespace,
    selector: selectorLabels('Task', name),
    enabled: options.integrations.securityGroupPolicy,
  });
  awsSideFindings(task, 'Task', findings);
  reportMembers(
    findings,
    'Task',
    'volumeConfigurations',
    task.volumeConfigurations,
    'Unsupported',
    'the EBS volume is not created: the task definition volume is an emptyDir (node-local scratch space that lives as long as the pod)',
  );

  const podAnnotations = { ...annotations, ...(pod.template.metadata.annotations ?? {}) };
  const pods: KubeObject[] = Array.from({ length: count }, (_, i) => {
    const metadata: KubeObject['metadata'] = {
      name: dnsSubdomain(`${name}-${i}`),
      namespace: options.namespace,
      labels: sortRecord({ ...pod.template.metadata.labels, ...podLabels, [LABEL_TASK_INDEX]: String(i) }),
    };
    if (Object.keys(podAnnotations).length > 0) metadata.annotations = sortRecord(podAnnotations);
    return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
  });
  return finish([...pod.objects, ...sgps, ...pods], findings, options.namespace, labels);
}
