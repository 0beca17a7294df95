/**
 * A stored revision as DescribeTaskDefinition prints it: the registered request, plus the members
 * ECS adds (ARN, revision, status, registeredAt, compatibilities). Pure.
 */
import type { TaskDefinitionSpec } from '../ecs/model.js';
import { READ_ONLY_MEMBERS } from '../ecs/schema.gen.js';
import { epoch, taskDefinitionArn, type Partition } from './arns.js';

/** Revisions deregistered through the API (comma-separated numbers) on the TaskDefinition. */
export const ANNOTATION_INACTIVE_REVISIONS = 'ecs2eks.dev/inactive-revisions';

export function inactiveRevisions(annotations: Record<string, string> | undefined): Set<number> {
  const raw = annotations?.[ANNOTATION_INACTIVE_REVISIONS] ?? '';
  return new Set(
    raw
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0),
  );
}

export function withInactive(annotations: Record<string, string> | undefined, revision: number): string {
  return [...new Set([...inactiveRevisions(annotations), revision])].sort((a, b) => a - b).join(',');
}

export interface RevisionView {
  family: string;
  revision: number;
  spec: TaskDefinitionSpec;
  registeredAt?: string;
  inactive: boolean;
}

export function describeTaskDefinition(p: Partition, r: RevisionView): Record<string, unknown> {
  const { tags: _tags, ...rest } = r.spec as TaskDefinitionSpec & { tags?: unknown };
  const spec: Record<string, unknown> = { ...rest };
  // Members of describe output pasted into a spec are ours to fill in, not the paste's.
  for (const m of READ_ONLY_MEMBERS['RegisterTaskDefinitionRequest'] ?? []) delete spec[m];
  const required = r.spec.requiresCompatibilities ?? [];
  return {
    ...spec,
    family: r.family,
    taskDefinitionArn: taskDefinitionArn(p, r.family, r.revision),
    revision: r.revision,
    status: r.inactive ? 'INACTIVE' : 'ACTIVE',
    compatibilities: [...new Set(['EC2', ...required])],
    requiresAttributes: [],
    ...(r.registeredAt ? { registeredAt: epoch(r.registeredAt) } : {}),
  };
}
