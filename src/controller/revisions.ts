/**
 * Task definition revisions, as ECS numbers them: every distinct spec becomes an immutable revision
 * 1, 2, 3, ...; returning to an earlier spec makes a new revision (numbers are never reused). Each is
 * stored as an apps/v1 ControllerRevision owned by the TaskDefinition, so the history survives an
 * operator restart and a Service can pin or roll back to any kept revision. Pure functions.
 */
import { createHash } from 'node:crypto';
import type { TaskDefinitionSpec } from '../ecs/model.js';
import { canonicalJson } from '../kube/plan.js';
import { dnsSubdomain, labelValue } from '../translate/names.js';
import type { KubeObject } from '../translate/types.js';

export const LABEL_TASK_DEFINITION = 'ecs2eks.dev/taskdefinition';
export const LABEL_FAMILY = 'ecs2eks.dev/family';
export const ANNOTATION_FAMILY = 'ecs2eks.dev/family';
export const ANNOTATION_SPEC_HASH = 'ecs2eks.dev/taskdefinition-hash';

/** A stored revision as the reconcilers read it back from a ControllerRevision. */
export interface StoredRevision {
  /** ControllerRevision name. */
  name: string;
  revision: number;
  hash: string;
  family: string;
  spec: TaskDefinitionSpec;
  created?: string;
}

/** specHashOf: a stable hash of a normalized task definition spec (key order does not matter). */
export function specHashOf(spec: TaskDefinitionSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 16);
}

/** revisionName: `<taskdefinition>-<n>`, a valid object name for any TaskDefinition name. */
export function revisionName(taskDefinitionName: string, revision: number): string {
  return dnsSubdomain(`${taskDefinitionName}-${revision}`);
}

/** latest returns the highest-numbered revision, if any. */
export function latest(revisions: readonly StoredRevision[]): StoredRevision | undefined {
  return [...revisions].sort((a, b) => b.revision - a.revision)[0];
}

/**
 * planRevision: the revision the current spec is, and whether it must be created. A spec equal to
 * the latest revision's is that revision; anything else is a new revision max+1.
 */
export function planRevision(
  revisions: readonly StoredRevision[],
  hash: string,
): { revision: number; create: boolean } {
  const top = latest(revisions);
  if (top && top.hash === hash) return { revision: top.revision, create: false };
  return { revision: (top?.revision ?? 0) + 1, create: true };
}

/** revisionsToPrune: all but the newest `keep`, never one that is still in use. */
export function revisionsToPrune(
  revisions: readonly StoredRevision[],
  keep: number,
  inUse: ReadonlySet<number>,
): StoredRevision[] {
  const newestFirst = [...revisions].sort((a, b) => b.revision - a.revision);
  return newestFirst.slice(Math.max(keep, 1)).filter((r) => !inUse.has(r.revision));
}

/** controllerRevisionFor builds the ControllerRevision that stores one revision (ownership is added by the applier). */
export function controllerRevisionFor(
  tdName: string,
  namespace: string,
  family: string,
  revision: number,
  hash: string,
  spec: TaskDefinitionSpec,
): KubeObject {
  const labels: Record<string, string> = { 'app.kubernetes.io/managed-by': 'ecs2eks', [LABEL_TASK_DEFINITION]: tdName };
  const fam = labelValue(family);
  if (fam) labels[LABEL_FAMILY] = fam;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionName(tdName, revision),
      namespace,
      labels,
      annotations: { [ANNOTATION_FAMILY]: family, [ANNOTATION_SPEC_HASH]: hash },
    },
    revision,
    data: { spec },
  };
}

/** readRevision turns a ControllerRevision back into a StoredRevision (undefined if it is not one of ours). */
export function readRevision(obj: {
  metadata: { name: string; annotations?: Record<string, string>; creationTimestamp?: string };
  revision?: number;
  data?: unknown;
}): StoredRevision | undefined {
  const hash = obj.metadata.annotations?.[ANNOTATION_SPEC_HASH];
  const family = obj.metadata.annotations?.[ANNOTATION_FAMILY];
  const spec = (obj.data as { spec?: TaskDefinitionSpec } | undefined)?.spec;
  if (!hash || !family || !spec || typeof obj.revision !== 'number') return undefined;
  return {
    name: obj.metadata.name,
    revision: obj.revision,
    hash,
    family,
    spec,
    created: obj.metadata.creationTimestamp,
  };
}
