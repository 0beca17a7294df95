/**
 * Task definition revisions, as ECS numbers them: every distinct spec becomes an immutable revision
 * 1, 2, 3, ...; returning to an earlier spec makes a new revision (numbers are never reused). Each is
 * stored as an apps/v1 ControllerRevision owned by the TaskDefinition, so the history survives an
 * operator restart and a Service can pin or roll back to any kept revision. The highest number a
 * family ever had is kept apart, in its high-water mark (see HighWaterMark), so that deleting and
 * re-creating a TaskDefinition, or another one taking the family over, never reuses a number.
 * Pure functions.
 */
import { createHash } from 'node:crypto';
import type { TaskDefinitionSpec } from '../ecs/model.js';
import { canonicalJson } from '../kube/plan.js';
import { dnsSubdomain, labelValue } from '../translate/names.js';
import type { KubeObject } from '../translate/types.js';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../kube/ownership.js';

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
 * The family's high-water mark: the highest revision number ever issued for a family in a namespace,
 * and to whom (`<TaskDefinition uid>/<spec hash>`) it was issued last.
 *
 * Why a separate record: revisions are owned by their TaskDefinition, so the garbage collector
 * deletes them with it; numbering from the surviving revisions alone would restart a re-created (or
 * taken-over) family at 1 and hand `family:1` to another spec, which a pinned Service would then
 * run. ECS never reuses a number of a family, so the number is recorded apart from the revisions, in
 * a ControllerRevision (a kind the operator may already write; it may not touch ConfigMaps) that has
 * no owner (the garbage collector keeps it), the managed-by label (the operator's informers see it)
 * and the high-water label (nothing prunes it: pruning only looks at revisions owned by a
 * TaskDefinition). It stays for the namespace's lifetime, one small object per family, as ECS keeps
 * a family's numbering forever. Keeping the revisions themselves instead (orphaned, or behind a
 * finalizer) would keep whole specs of deleted TaskDefinitions forever, or need a new right on the
 * TaskDefinitions, to keep one number.
 */
export interface HighWaterMark {
  /** ControllerRevision name. */
  name: string;
  family: string;
  revision: number;
  /** `<TaskDefinition uid>/<spec hash>` the last number was issued to (to finish an interrupted registration). */
  issuedTo?: string;
  resourceVersion?: string;
}

export const LABEL_HIGH_WATER = 'ecs2eks.dev/high-water-mark';
export const ANNOTATION_ISSUED_TO = 'ecs2eks.dev/issued-to';

/**
 * highWaterName: `<family>.revisions` (sanitized and hashed when the family is not a valid name). It
 * cannot be a revision's name: those end in `-<number>`.
 */
export function highWaterName(family: string): string {
  return dnsSubdomain(`${family}.revisions`);
}

/** issuedTo: who a number is issued to, `<TaskDefinition uid>/<spec hash>`. */
export function issuedTo(taskDefinitionUid: string, hash: string): string {
  return `${taskDefinitionUid}/${hash}`;
}

/** highWaterRecordFor builds the (ownerless) ControllerRevision holding a family's high-water mark. */
export function highWaterRecordFor(namespace: string, family: string, revision: number, issued: string): KubeObject {
  const labels: Record<string, string> = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [LABEL_HIGH_WATER]: 'true' };
  const fam = labelValue(family);
  if (fam) labels[LABEL_FAMILY] = fam;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: highWaterName(family),
      namespace,
      labels,
      annotations: { [ANNOTATION_FAMILY]: family, [ANNOTATION_ISSUED_TO]: issued },
    },
    revision,
    // data is mandatory and immutable: the number lives in `revision`.
    data: { highWaterMark: family },
  };
}

/** readHighWater turns a ControllerRevision back into a HighWaterMark (undefined if it is not one). */
export function readHighWater(obj: {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  revision?: number;
}): HighWaterMark | undefined {
  const family = obj.metadata.annotations?.[ANNOTATION_FAMILY];
  if (obj.metadata.labels?.[LABEL_HIGH_WATER] !== 'true' || !family || typeof obj.revision !== 'number')
    return undefined;
  return {
    name: obj.metadata.name,
    family,
    revision: obj.revision,
    issuedTo: obj.metadata.annotations?.[ANNOTATION_ISSUED_TO],
    resourceVersion: obj.metadata.resourceVersion,
  };
}

/**
 * planRevision: the revision the current spec is, and whether it must be created. A spec equal to
 * the latest revision's is that revision; anything else is a new number above both the latest
 * revision and the family's high-water mark (numbers of deleted revisions, of a deleted
 * TaskDefinition of the family included, are never reused). The one exception: the mark was issued
 * to this very TaskDefinition and spec (`claimant`) and its revision was never recorded (the operator
 * stopped in between), so the registration is finished with that number instead of skipping it.
 */
export function planRevision(
  revisions: readonly StoredRevision[],
  hash: string,
  mark?: Pick<HighWaterMark, 'revision' | 'issuedTo'>,
  claimant?: string,
): { revision: number; create: boolean } {
  const top = latest(revisions);
  if (top && top.hash === hash) return { revision: top.revision, create: false };
  const recorded = top?.revision ?? 0;
  const issued = mark?.revision ?? 0;
  if (issued > recorded && claimant !== undefined && mark?.issuedTo === claimant)
    return { revision: issued, create: true };
  return { revision: Math.max(recorded, issued) + 1, create: true };
}

/**
 * markUpdate: the high-water mark to write before recording `revision` (or to repair a mark below
 * the latest recorded revision, e.g. for a family recorded before marks existed); undefined when
 * the mark already covers it.
 */
export function markUpdate(
  mark: Pick<HighWaterMark, 'revision'> | undefined,
  revision: number,
  issued: string,
): { revision: number; issuedTo: string } | undefined {
  if (mark && mark.revision >= revision) return undefined;
  return { revision, issuedTo: issued };
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
  return revisionRecord(
    revisionName(tdName, revision),
    namespace,
    { [LABEL_TASK_DEFINITION]: tdName },
    family,
    revision,
    hash,
    spec,
  );
}

/** The ControllerRevision that holds one revision's data, as readRevision reads it back; `labels` say whose it is. */
function revisionRecord(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  family: string,
  revision: number,
  hash: string,
  spec: TaskDefinitionSpec,
): KubeObject {
  const all: Record<string, string> = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, ...labels };
  const fam = labelValue(family);
  if (fam) all[LABEL_FAMILY] = fam;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace,
      labels: all,
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

/**
 * A Service's or Task's own record of the revision it runs: a ControllerRevision owned by that user
 * (the applier adds the ownerReference), holding the same data as the TaskDefinition's revision.
 * ECS keeps a deregistered (INACTIVE) revision running, and scalable, for the services and tasks
 * that use it; here deleting a TaskDefinition deletes its revisions, so each user keeps this copy,
 * and falls back to it only for the revision it already runs (a new user of a deleted revision gets
 * TaskDefinitionRevisionNotFound). It goes with its user, or when the user moves to another revision.
 */
export const LABEL_IN_USE_BY = 'ecs2eks.dev/in-use-by';

/** `<user>.<kind>.<revision>`: never a TaskDefinition revision's name (`-<n>`) nor a mark's (`.revisions`). */
export function inUseRecordName(kind: 'Service' | 'Task', user: string, revision: number): string {
  return dnsSubdomain(`${user}.${kind.toLowerCase()}.${revision}`);
}

export function inUseRecordFor(
  kind: 'Service' | 'Task',
  user: string,
  namespace: string,
  stored: StoredRevision,
): KubeObject {
  const name = inUseRecordName(kind, user, stored.revision);
  return revisionRecord(
    name,
    namespace,
    { [LABEL_IN_USE_BY]: kind },
    stored.family,
    stored.revision,
    stored.hash,
    stored.spec,
  );
}

/** True for a user's in-use record (not a TaskDefinition's revision, not a high-water mark). */
export function isInUseRecord(obj: { metadata: { labels?: Record<string, string> } }): boolean {
  return obj.metadata.labels?.[LABEL_IN_USE_BY] !== undefined;
}
