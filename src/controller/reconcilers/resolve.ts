/**
 * Finds the task definition a Service or Task uses and the revision to run, from the caches:
 * the TaskDefinition by family (in the same namespace), its revisions from the ControllerRevisions
 * it owns, or, for the revision a Service or Task already runs, that user's own record of it once the
 * TaskDefinition no longer has it. Missing pieces are user errors naming the field, or a short wait
 * while the TaskDefinition's first revision is being recorded.
 */
import type { LiveObject } from '../../kube/api.js';
import type { Finding, FindingSource } from '../../ecs/findings.js';
import { parseTaskDefinitionRef } from '../../ecs/taskdef-ref.js';
import { BY_FAMILY, BY_OWNER, BY_USER, familyOf, type Caches } from '../caches.js';
import { RequeueAfter, UserError } from '../../base/errors.js';
import { readHighWater, readRevision, type HighWaterMark, type StoredRevision } from '../revisions.js';
import { isControlledBy } from '../../kube/ownership.js';

export interface Resolved {
  /** Undefined when only the user's in-use record is left. */
  taskDefinition?: LiveObject;
  family: string;
  revisions: StoredRevision[];
  /** The revision the reference asks for: pinned, or the latest. */
  target: StoredRevision;
  pinned: boolean;
  /** The target is the user's own record of a revision its TaskDefinition no longer has (ECS: INACTIVE). */
  inactive: boolean;
}

/** Who resolves: a Service or Task, whose in-use records (see inUseRecordFor) may stand in for a deleted revision. */
export interface RevisionUser {
  kind: 'Service' | 'Task';
  name: string;
  uid?: string;
}

/** The user's in-use records of `family`, oldest first (only this incarnation's, by uid). */
export function inUseRecordsOf(
  caches: Caches,
  namespace: string,
  user: RevisionUser,
  family: string,
): StoredRevision[] {
  return caches.controllerRevisions
    .byIndex(BY_USER, `${user.kind}/${namespace}/${user.name}`)
    .filter((o) => user.uid === undefined || isControlledBy(o, user.uid))
    .map((o) => readRevision(o as never))
    .filter((r): r is StoredRevision => !!r && r.family === family)
    .sort((a, b) => a.revision - b.revision);
}

/**
 * revisionsOf reads a TaskDefinition's stored revisions from the cache, oldest first. Only this
 * object's (by uid): the revisions of a deleted TaskDefinition of the same name that the garbage
 * collector has not removed yet are not its revisions.
 */
export function revisionsOf(caches: Caches, td: LiveObject): StoredRevision[] {
  const key = `${td.metadata.namespace}/${td.metadata.name}`;
  return caches.controllerRevisions
    .byIndex(BY_OWNER, key)
    .filter((o) => td.metadata.uid === undefined || isControlledBy(o, td.metadata.uid))
    .map((o) => readRevision(o as never))
    .filter((r): r is StoredRevision => !!r)
    .sort((a, b) => a.revision - b.revision);
}

/** The high-water mark of `family` in `namespace`, if it has one (the index holds only marks, by family). */
export function highWaterOf(caches: Caches, namespace: string, family: string): HighWaterMark | undefined {
  const marks = caches.controllerRevisions
    .byIndex(BY_FAMILY, `${namespace}/${family}`)
    .map((o) => readHighWater(o as never))
    .filter((m): m is HighWaterMark => m !== undefined);
  return marks.sort((a, b) => b.revision - a.revision)[0];
}

/** The TaskDefinition that defines `family` in `namespace`; the oldest wins if several claim it. */
export function taskDefinitionFor(caches: Caches, namespace: string, family: string): LiveObject | undefined {
  const all = caches.taskDefinitions
    .byIndex(BY_FAMILY, `${namespace}/${family}`)
    .filter((td) => !td.metadata.deletionTimestamp);
  return all.sort(
    (a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
      a.metadata.name.localeCompare(b.metadata.name),
  )[0];
}

/** resolve: see the file comment. `ref` is spec.taskDefinition. */
export function resolve(
  caches: Caches,
  namespace: string,
  ref: string | null | undefined,
  user?: RevisionUser,
): Resolved {
  if (!ref)
    throw new UserError(
      'a task definition is required (family, family:revision or ARN)',
      'spec.taskDefinition',
      'InvalidSpec',
    );
  let parsed;
  try {
    parsed = parseTaskDefinitionRef(ref, 'spec.taskDefinition');
  } catch (e) {
    throw new UserError(
      (e as Error).message.replace(/^spec\.taskDefinition: /, ''),
      'spec.taskDefinition',
      'InvalidSpec',
    );
  }
  const td = taskDefinitionFor(caches, namespace, parsed.family);
  const kept = user ? inUseRecordsOf(caches, namespace, user, parsed.family) : [];
  if (!td) {
    // The TaskDefinition is gone: a user keeps running (INACTIVE) the revision it already runs.
    const record = parsed.revision === undefined ? kept.at(-1) : kept.find((r) => r.revision === parsed.revision);
    if (record)
      return {
        family: parsed.family,
        revisions: [record],
        target: record,
        pinned: parsed.revision !== undefined,
        inactive: true,
      };
    throw new UserError(
      `no TaskDefinition with family "${parsed.family}" in namespace ${namespace}`,
      'spec.taskDefinition',
      'TaskDefinitionNotFound',
    );
  }
  const revisions = revisionsOf(caches, td);
  if (revisions.length === 0) {
    // A TaskDefinition that was refused never gets a revision: say so instead of waiting for one forever.
    const accepted = (
      (
        td['status'] as
          { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> } | undefined
      )?.conditions ?? []
    ).find((c) => c.type === 'Accepted');
    if (accepted?.status === 'False') {
      throw new UserError(
        `TaskDefinition ${td.metadata.name} is not accepted (${accepted.reason ?? 'Invalid'}): ${accepted.message ?? ''}`.trim(),
        'spec.taskDefinition',
        'TaskDefinitionNotAccepted',
      );
    }
    throw new RequeueAfter(1000, `waiting for the first revision of ${familyOf(td)}`);
  }
  if (parsed.revision !== undefined) {
    const target = revisions.find((r) => r.revision === parsed.revision);
    const record = kept.find((r) => r.revision === parsed.revision);
    if (!target && record) {
      const all = [...revisions, record].sort((a, b) => a.revision - b.revision);
      return { taskDefinition: td, family: familyOf(td), revisions: all, target: record, pinned: true, inactive: true };
    }
    if (!target) {
      // Never another revision in its place: a pinned user keeps what it runs and says why it cannot move.
      const have = revisions.map((r) => r.revision).join(', ');
      throw new UserError(
        `${parsed.family}:${parsed.revision} does not exist (kept revisions of ${parsed.family}: ${have}; a revision ` +
          'goes with a deleted TaskDefinition and its number is never reused)',
        'spec.taskDefinition',
        'TaskDefinitionRevisionNotFound',
      );
    }
    return { taskDefinition: td, family: familyOf(td), revisions, target, pinned: true, inactive: false };
  }
  // Following the latest revision: a TaskDefinition whose current spec is not recorded yet (applied
  // together with this Service, or just changed) would start the stale revision first and roll again
  // a moment later. Wait for it; a refused spec is recorded too (as not accepted), so this ends.
  const generation = td.metadata.generation;
  const observed = (td['status'] as { observedGeneration?: number } | undefined)?.observedGeneration ?? 0;
  if (generation !== undefined && observed < generation)
    throw new RequeueAfter(500, `waiting for the current spec of TaskDefinition ${td.metadata.name} to be recorded`);
  return {
    taskDefinition: td,
    family: familyOf(td),
    revisions,
    target: revisions[revisions.length - 1],
    pinned: false,
    inactive: false,
  };
}

/**
 * What a user running a kept (INACTIVE) revision is told: it keeps running and scaling, as on ECS,
 * but nothing new can use the revision, and it goes when this user moves off it.
 */
export function inactiveFindings(source: FindingSource, resolved: Resolved, running: StoredRevision): Finding[] {
  if (!resolved.inactive || running.revision !== resolved.target.revision) return [];
  const name = `${running.family}:${running.revision}`;
  return [
    {
      source,
      path: 'taskDefinition',
      level: 'Info',
      message:
        `${name} is INACTIVE: no TaskDefinition of family ${running.family} has it any more (deleted, or re-created). ` +
        `This ${source} keeps running its own copy of ${name}, as ECS keeps an INACTIVE revision for the services and ` +
        'tasks that use it; nothing new can use it, and the copy goes when this one moves off it.',
    },
  ];
}
