/**
 * The TaskDefinition reconciler: validates the spec, checks that it translates (so a broken task
 * definition is reported on itself, not only on the services that use it), records every distinct
 * spec as a numbered revision (a ControllerRevision) above its family's high-water mark (which it
 * raises first; see revisions.ts), prunes old unused revisions (never the mark), and reports
 * revision, history, findings and conditions in status.
 */
import type { LiveObject } from '../../kube/api.js';
import { requireApplied } from '../../kube/apply.js';
import { RESOURCES } from '../../kube/resources.js';
import { build, type ParsedTaskDefinition } from '../../ecs/parse/index.js';
import { parseTaskDefinitionRef } from '../../ecs/taskdef-ref.js';
import { translateService } from '../../translate/index.js';
import type { Finding } from '../../translate/types.js';
import type { TaskDefinitionStatus } from '../../api/resources.js';
import { BY_FAMILY, familyOf } from '../caches.js';
import { setCondition, type Condition } from '../conditions.js';
import { UserError } from '../../base/errors.js';
import type { ReconcileContext, Reconciler, Result } from '../runner.js';
import {
  ANNOTATION_ISSUED_TO,
  controllerRevisionFor,
  highWaterRecordFor,
  issuedTo,
  markUpdate,
  planRevision,
  revisionName,
  revisionsToPrune,
  specHashOf,
  type HighWaterMark,
} from '../revisions.js';
import { nowIso, reportUserError, type ReconcileEnv } from './env.js';
import { highWaterOf, revisionsOf, taskDefinitionFor } from './resolve.js';
import { boundFindings } from '../../translate/findings.js';

/** Revisions that a Service or Task of the family references (pinned, running or in its history). */
function revisionsInUse(env: ReconcileEnv, namespace: string, family: string): Set<number> {
  const used = new Set<number>();
  const note = (s: unknown) => {
    if (typeof s !== 'string') return;
    try {
      const r = parseTaskDefinitionRef(s);
      if (r.family === family && r.revision !== undefined) used.add(r.revision);
    } catch {
      // not a reference we understand: nothing to keep for it
    }
  };
  for (const cache of [env.caches.services, env.caches.tasks]) {
    for (const obj of cache.byIndex(BY_FAMILY, `${namespace}/${family}`)) {
      note((obj['spec'] as Record<string, unknown> | undefined)?.taskDefinition);
      const status = obj['status'] as
        { taskDefinition?: string; deployments?: Array<{ taskDefinition?: string }> } | undefined;
      note(status?.taskDefinition);
      for (const d of status?.deployments ?? []) note(d.taskDefinition);
    }
  }
  return used;
}

/**
 * writeHighWater creates or raises the family's high-water mark. A raise carries the cached
 * resourceVersion, so a stale cache (or a second operator) gets a 409 and the reconcile is retried
 * on fresh data instead of issuing a number twice.
 */
async function writeHighWater(
  env: ReconcileEnv,
  namespace: string,
  family: string,
  mark: HighWaterMark | undefined,
  raise: { revision: number; issuedTo: string },
): Promise<void> {
  if (!mark) {
    await env.api.create(
      RESOURCES.controllerRevisions,
      namespace,
      highWaterRecordFor(namespace, family, raise.revision, raise.issuedTo),
    );
    return;
  }
  await env.api.mergePatch(RESOURCES.controllerRevisions, namespace, mark.name, {
    metadata: { resourceVersion: mark.resourceVersion, annotations: { [ANNOTATION_ISSUED_TO]: raise.issuedTo } },
    revision: raise.revision,
  });
}

/** parseTaskDefinition validates a cached TaskDefinition's spec (nulls, read-only fields, schema). */
export function parseTaskDefinition(td: LiveObject): ParsedTaskDefinition {
  const spec = (td['spec'] as Record<string, unknown> | undefined) ?? {};
  return build(
    'TaskDefinition',
    spec,
    `TaskDefinition ${td.metadata.namespace}/${td.metadata.name}`,
    td.metadata.name,
    td.metadata,
  ) as ParsedTaskDefinition;
}

export function taskDefinitionReconciler(env: ReconcileEnv): Reconciler {
  return {
    async reconcile({ namespace, name, log }: ReconcileContext): Promise<Result> {
      const td = env.caches.taskDefinitions.get(namespace, name);
      if (!td || td.metadata.deletionTimestamp) return {};
      const parsed = parseTaskDefinition(td);
      const family = familyOf(td);
      const owner = taskDefinitionFor(env.caches, namespace, family);
      if (owner && owner.metadata.uid !== td.metadata.uid) {
        throw new UserError(
          `family "${family}" is already defined by TaskDefinition ${owner.metadata.name}`,
          'spec.family',
          'FamilyConflict',
        );
      }
      // Translating once with a one-task service finds what would break every service of this family.
      const trial = translateService(
        {
          name,
          service: { serviceName: name, taskDefinition: family, desiredCount: 1 },
          taskDefinition: { family, revision: 1, spec: parsed.spec },
        },
        env.translateOptions(namespace),
      );
      const findings: Finding[] = [...parsed.findings, ...trial.findings.filter((f) => f.source === 'TaskDefinition')];

      const revisions = revisionsOf(env.caches, td);
      const hash = specHashOf(parsed.spec);
      // Numbers continue above the family's high-water mark, which outlives this TaskDefinition.
      const mark = highWaterOf(env.caches, namespace, family);
      const claimant = issuedTo(td.metadata.uid ?? name, hash);
      const plan = planRevision(revisions, hash, mark, claimant);
      // The mark is raised before the revision is recorded, so a number is never handed out twice.
      const raise = markUpdate(mark, plan.revision, claimant);
      if (raise) {
        await writeHighWater(env, namespace, family, mark, raise);
        log.info({ revision: raise.revision }, 'raised the family revision high-water mark');
      }
      if (plan.create) {
        const cr = controllerRevisionFor(name, namespace, family, plan.revision, hash, parsed.spec);
        requireApplied(await env.applier.applyAll(td, [cr], log));
        log.info({ revision: plan.revision }, 'recorded a new task definition revision');
        await env.events.record(td, 'Normal', 'RevisionCreated', `registered ${family}:${plan.revision}`);
      }
      const all = plan.create
        ? [
            ...revisions,
            { name: revisionName(name, plan.revision), revision: plan.revision, hash, family, spec: parsed.spec },
          ]
        : revisions;
      const pruned = revisionsToPrune(all, env.revisionHistoryLimit, revisionsInUse(env, namespace, family));
      for (const old of pruned) {
        await env.api.delete(RESOURCES.controllerRevisions, namespace, old.name).catch((e: { code?: number }) => {
          if (e.code !== 404) throw e;
        });
      }

      const now = nowIso(env);
      const previous = (td['status'] as TaskDefinitionStatus | undefined) ?? {};
      let conditions = (previous.conditions ?? []) as Condition[];
      const g = td.metadata.generation;
      conditions = setCondition(
        conditions,
        {
          type: 'Accepted',
          status: 'True',
          reason: 'Accepted',
          message: `revision ${plan.revision} of ${family}`,
          observedGeneration: g,
        },
        now,
      );
      conditions = setCondition(
        conditions,
        {
          type: 'Translated',
          status: 'True',
          reason: 'Translated',
          message: `${findings.length} finding(s)`,
          observedGeneration: g,
        },
        now,
      );
      conditions = setCondition(
        conditions,
        {
          type: 'Ready',
          status: 'True',
          reason: 'Registered',
          message: `${family}:${plan.revision}`,
          observedGeneration: g,
        },
        now,
      );
      const history = all
        .filter((r) => !pruned.includes(r))
        .map((r) => ({
          revision: r.revision,
          hash: r.hash,
          controllerRevision: r.name,
          ...(r.created ? { created: r.created } : {}),
        }));
      const status: TaskDefinitionStatus = {
        family,
        revision: plan.revision,
        containers: parsed.spec.containerDefinitions.map((c) => c.name).join(','),
        taskDefinitionArn: `${family}:${plan.revision}`,
        revisions: history,
        findings: boundFindings(findings),
        conditions,
        observedGeneration: g,
      };
      await env.status.patchIfChanged(td, status);
      return {};
    },
    async reportUserError({ namespace, name }, user) {
      await reportUserError(env, env.caches.taskDefinitions.get(namespace, name), user);
    },
  };
}
