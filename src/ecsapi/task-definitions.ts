/**
 * RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies,
 * DeregisterTaskDefinition, DeleteTaskDefinitions over TaskDefinition resources and the revisions
 * the operator records for them (ControllerRevisions). ECS keeps task definitions per Region; here
 * they live in one namespace, the default cluster's (see README).
 */
import { build } from '../ecs/parse/index.js';
import { parseTaskDefinitionRef } from '../ecs/taskdef-ref.js';
import type { TaskDefinitionSpec } from '../ecs/model.js';
import { RESOURCES } from '../kube/resources.js';
import { API_VERSION } from '../api/resources.js';
import { sleep, systemClock } from '../base/clock.js';
import { taskDefinitionArn, splitArn } from './arns.js';
import type { Ctx, EcsRequest, TaskDefinitionObject } from './context.js';
import {
  ANNOTATION_INACTIVE_REVISIONS,
  describeTaskDefinition,
  inactiveRevisions,
  withInactive,
} from './describe-task-definition.js';
import { clientError, EcsApiError, invalidParameter } from './errors.js';
import { page } from './paging.js';
import {
  effectiveTags,
  familyOf,
  findTaskDefinition,
  forReplace,
  listTaskDefinitions,
  nameFor,
  revisionOf,
  revisionsOf,
} from './store.js';

const NOT_FOUND = 'Unable to describe task definition.';

/** The latest revision that is not deregistered, from what the operator recorded. */
function latestActive(td: TaskDefinitionObject): number | undefined {
  const inactive = inactiveRevisions(td.metadata.annotations);
  const numbers = (td.status?.revisions ?? []).map((r) => r.revision).filter((n) => !inactive.has(n));
  if (td.status?.revision && !inactive.has(td.status.revision)) numbers.push(td.status.revision);
  return numbers.length ? Math.max(...numbers) : undefined;
}

async function view(ctx: Ctx, td: TaskDefinitionObject, revision: number) {
  const stored = await revisionOf(ctx, td, revision);
  if (!stored) return undefined;
  return {
    family: familyOf(td),
    revision,
    spec: stored.spec,
    registeredAt: stored.created,
    inactive: inactiveRevisions(td.metadata.annotations).has(revision),
  };
}

/**
 * resolveTaskDefinition: `family`, `family:N` or an ARN as CreateService, UpdateService and RunTask
 * take it, resolved the way ECS does (a family alone is its latest ACTIVE revision, pinned at call
 * time) among the TaskDefinitions of the cluster's namespace, which is where the operator looks.
 */
export async function resolveTaskDefinition(ctx: Ctx, namespace: string, value: string): Promise<string> {
  const ref = parseTaskDefinitionRef(value, 'taskDefinition');
  const td = await findTaskDefinition(ctx, ref.family, namespace);
  if (!td) {
    const elsewhere =
      namespace !== ctx.config.defaultNamespace && (await findTaskDefinition(ctx, ref.family).catch(() => undefined));
    throw clientError(
      elsewhere
        ? `TaskDefinition not found: family ${ref.family} is registered in namespace ${ctx.config.defaultNamespace} (the default cluster's), and a cluster's services and tasks use the task definitions of their own namespace ${namespace}`
        : 'TaskDefinition not found.',
    );
  }
  const revision = ref.revision ?? latestActive(td);
  if (revision === undefined) throw clientError(`TaskDefinition not found: ${ref.family} has no ACTIVE revision.`);
  if (!(await revisionOf(ctx, td, revision))) throw clientError('TaskDefinition not found.');
  if (inactiveRevisions(td.metadata.annotations).has(revision))
    throw clientError(`TaskDefinition is inactive: ${ref.family}:${revision} was deregistered.`);
  return `${ref.family}:${revision}`;
}

/** Waits until the operator has acted on `generation`; undefined when it did not within the timeout. */
async function recorded(ctx: Ctx, name: string, generation: number): Promise<TaskDefinitionObject | undefined> {
  const deadline = Date.now() + ctx.config.registerTimeoutMs;
  for (let i = 0; i < 10_000 && Date.now() < deadline; i++) {
    const td = await ctx.kube.get<TaskDefinitionObject>(RESOURCES.taskDefinitions, ctx.config.defaultNamespace, name);
    if ((td.status?.observedGeneration ?? 0) >= generation) return td;
    await sleep(systemClock, 150);
  }
  return undefined;
}

export async function registerTaskDefinition(ctx: Ctx, input: EcsRequest<'RegisterTaskDefinition'>) {
  if (typeof input.family !== 'string' || input.family === '') throw invalidParameter('family: required');
  const parsed = build('TaskDefinition', input, '', input.family);
  const spec = parsed.spec as TaskDefinitionSpec & { family: string };
  const ns = ctx.config.defaultNamespace;
  const existing = await findTaskDefinition(ctx, spec.family);
  let written: TaskDefinitionObject;
  if (existing) {
    written = await ctx.kube.replace<TaskDefinitionObject>(
      RESOURCES.taskDefinitions,
      ns,
      existing.metadata.name,
      forReplace(existing, { spec }),
    );
  } else {
    written = await ctx.kube.create<TaskDefinitionObject>(RESOURCES.taskDefinitions, ns, {
      apiVersion: API_VERSION,
      kind: 'TaskDefinition',
      metadata: { name: await nameFor(ctx, RESOURCES.taskDefinitions, ns, spec.family), namespace: ns },
      spec,
    });
  }
  const generation = written.metadata.generation ?? 1;
  const td = await recorded(ctx, written.metadata.name, generation);
  if (!td)
    throw new EcsApiError(
      'ServerException',
      `the ecs2eks operator did not record a revision of ${spec.family} within ${ctx.config.registerTimeoutMs / 1000} s: is it running?`,
    );
  const accepted = td.status?.conditions?.find((c) => c.type === 'Accepted');
  if (accepted?.status === 'False') {
    // ECS registers nothing it refuses: put back what was there before.
    if (existing)
      await ctx.kube.replace(RESOURCES.taskDefinitions, ns, td.metadata.name, forReplace(td, { spec: existing.spec }));
    else await ctx.kube.delete(RESOURCES.taskDefinitions, ns, td.metadata.name, { uid: td.metadata.uid });
    throw clientError(accepted.message);
  }
  const revision = td.status?.revision;
  const v = revision ? await view(ctx, td, revision) : undefined;
  if (!v) throw new EcsApiError('ServerException', `the revision of ${spec.family} is not readable`);
  return {
    taskDefinition: describeTaskDefinition(ctx.config, v),
    tags: effectiveTags(td, spec.tags),
  };
}

async function locate(ctx: Ctx, value: string, needRevision: boolean) {
  const ref = parseTaskDefinitionRef(value, 'taskDefinition');
  if (needRevision && ref.revision === undefined)
    throw invalidParameter('taskDefinition: a revision is required (family:revision or an ARN)');
  const td = await findTaskDefinition(ctx, ref.family);
  if (!td) throw clientError(NOT_FOUND);
  const revision = ref.revision ?? latestActive(td);
  const v = revision ? await view(ctx, td, revision) : undefined;
  if (!v) throw clientError(NOT_FOUND);
  return { td, v };
}

export async function describeTaskDefinitionOp(ctx: Ctx, input: EcsRequest<'DescribeTaskDefinition'>) {
  const { td, v } = await locate(ctx, input.taskDefinition, false);
  return {
    taskDefinition: describeTaskDefinition(ctx.config, v),
    ...(input.include?.includes('TAGS') ? { tags: effectiveTags(td, v.spec.tags) } : {}),
  };
}

interface Row {
  family: string;
  revision: number;
  inactive: boolean;
}

async function rows(ctx: Ctx, familyPrefix: string | null | undefined): Promise<Row[]> {
  const out: Row[] = [];
  for (const td of await listTaskDefinitions(ctx)) {
    const family = familyOf(td);
    if (familyPrefix && !family.startsWith(familyPrefix)) continue;
    const inactive = inactiveRevisions(td.metadata.annotations);
    for (const r of await revisionsOf(ctx, td))
      out.push({ family, revision: r.revision, inactive: inactive.has(r.revision) });
  }
  return out;
}

/** Sort key: family, then the revision zero-padded so that 10 sorts after 9. */
const rowKey = (r: Row) => `${r.family}:${String(r.revision).padStart(10, '0')}`;

export async function listTaskDefinitionsOp(ctx: Ctx, input: EcsRequest<'ListTaskDefinitions'>) {
  const status = input.status ?? 'ACTIVE';
  if (status === 'DELETE_IN_PROGRESS') return { taskDefinitionArns: [] };
  const all = (await rows(ctx, input.familyPrefix)).filter((r) => r.inactive === (status === 'INACTIVE'));
  const desc = input.sort === 'DESC';
  // DESC pages walk the same keys in reverse: the token holds the inverted key.
  const key = desc ? (r: Row) => invert(rowKey(r)) : rowKey;
  const p = page(all, key, input, { default: 100, max: 100 });
  return {
    taskDefinitionArns: p.items.map((r) => taskDefinitionArn(ctx.config, r.family, r.revision)),
    ...(p.nextToken ? { nextToken: p.nextToken } : {}),
  };
}

function invert(s: string): string {
  return [...s].map((c) => String.fromCharCode(0xffff - c.charCodeAt(0))).join('');
}

export async function listTaskDefinitionFamilies(ctx: Ctx, input: EcsRequest<'ListTaskDefinitionFamilies'>) {
  const status = input.status ?? 'ALL';
  const byFamily = new Map<string, boolean>();
  for (const r of await rows(ctx, input.familyPrefix))
    byFamily.set(r.family, (byFamily.get(r.family) ?? false) || !r.inactive);
  const families = [...byFamily]
    .filter(([, active]) => status === 'ALL' || active === (status === 'ACTIVE'))
    .map(([f]) => f);
  const p = page(families, (f) => f, input, { default: 100, max: 100 });
  return { families: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
}

export async function deregisterTaskDefinition(ctx: Ctx, input: EcsRequest<'DeregisterTaskDefinition'>) {
  const { td, v } = await locate(ctx, input.taskDefinition, true);
  if (!v.inactive)
    await ctx.kube.mergePatch(RESOURCES.taskDefinitions, td.metadata.namespace, td.metadata.name, {
      metadata: { annotations: { [ANNOTATION_INACTIVE_REVISIONS]: withInactive(td.metadata.annotations, v.revision) } },
    });
  return {
    taskDefinition: {
      ...describeTaskDefinition(ctx.config, { ...v, inactive: true }),
      deregisteredAt: ctx.now().getTime() / 1000,
    },
  };
}

export async function deleteTaskDefinitions(ctx: Ctx, input: EcsRequest<'DeleteTaskDefinitions'>) {
  const taskDefinitions: unknown[] = [];
  const failures: Array<{ arn: string; reason: string; detail?: string }> = [];
  for (const value of input.taskDefinitions) {
    const arn = splitArn(value) ? value : undefined;
    let found;
    try {
      found = await locate(ctx, value, true);
    } catch (e) {
      if (e instanceof EcsApiError && e.type !== 'ServerException') {
        failures.push({ arn: arn ?? value, reason: 'TASK_DEFINITION_NOT_FOUND', detail: e.message });
        continue;
      }
      throw e;
    }
    const { td, v } = found;
    const fullArn = taskDefinitionArn(ctx.config, v.family, v.revision);
    if (!v.inactive) {
      failures.push({ arn: fullArn, reason: 'The specified task definition is still in ACTIVE status.' });
      continue;
    }
    if (td.status?.revision === v.revision) {
      failures.push({
        arn: fullArn,
        reason: 'ecs2eks keeps the revision a TaskDefinition currently defines',
        detail: `register a newer revision of ${v.family} first, or delete the TaskDefinition ${td.metadata.name} with kubectl`,
      });
      continue;
    }
    const stored = await revisionOf(ctx, td, v.revision);
    if (stored) await ctx.kube.delete(RESOURCES.controllerRevisions, td.metadata.namespace, stored.name);
    taskDefinitions.push({
      ...describeTaskDefinition(ctx.config, v),
      status: 'DELETE_IN_PROGRESS',
      deleteRequestedAt: ctx.now().getTime() / 1000,
    });
  }
  return { taskDefinitions, failures };
}
