/**
 * Reads of our own resources as the ECS API needs them (by family, by serviceName), through the
 * caller's Kubernetes identity. The custom resources are the only store: nothing is cached here.
 */
import { RESOURCES, type ResourceRef } from '../kube/resources.js';
import { readableNames, stableHash } from '../translate/names.js';
import type { LiveObject } from '../kube/api.js';
import { LABEL_TASK_DEFINITION, readRevision, revisionName, type StoredRevision } from '../controller/revisions.js';
import type { Ctx, ServiceObject, TaskDefinitionObject, TaskObject } from './context.js';
import { ANNOTATION_RESOURCE_TAGS, jsonAnnotation } from './context.js';

/** The family a TaskDefinition registers. */
export function familyOf(td: TaskDefinitionObject): string {
  return td.spec.family ?? td.metadata.name;
}

/** The ECS serviceName of a Service. */
export function serviceNameOf(s: ServiceObject): string {
  return s.spec.serviceName ?? s.metadata.name;
}

/** TaskDefinitions of a namespace; by default the one that holds the API's task definitions. */
export async function listTaskDefinitions(
  ctx: Ctx,
  namespace = ctx.config.defaultNamespace,
): Promise<TaskDefinitionObject[]> {
  return (await ctx.kube.list<TaskDefinitionObject>(RESOURCES.taskDefinitions, namespace)).items;
}

export async function findTaskDefinition(
  ctx: Ctx,
  family: string,
  namespace = ctx.config.defaultNamespace,
): Promise<TaskDefinitionObject | undefined> {
  return (await listTaskDefinitions(ctx, namespace)).find((td) => familyOf(td) === family);
}

/** The stored revisions of one TaskDefinition (its ControllerRevisions), oldest first. */
export async function revisionsOf(ctx: Ctx, td: TaskDefinitionObject): Promise<StoredRevision[]> {
  const list = await ctx.kube.list<LiveObject & { revision?: number; data?: unknown }>(
    RESOURCES.controllerRevisions,
    td.metadata.namespace,
    { labelSelector: `${LABEL_TASK_DEFINITION}=${td.metadata.name}` },
  );
  return list.items
    .map((o) => readRevision(o))
    .filter((r): r is StoredRevision => r !== undefined)
    .sort((a, b) => a.revision - b.revision);
}

/** One stored revision, or undefined when it was never registered or is deleted. */
export async function revisionOf(
  ctx: Ctx,
  td: TaskDefinitionObject,
  revision: number,
): Promise<StoredRevision | undefined> {
  try {
    const o = await ctx.kube.get<LiveObject & { revision?: number; data?: unknown }>(
      RESOURCES.controllerRevisions,
      td.metadata.namespace,
      revisionName(td.metadata.name, revision),
    );
    const r = readRevision(o);
    return r?.revision === revision ? r : undefined;
  } catch (e) {
    if ((e as { code?: unknown }).code === 404) return undefined;
    throw e;
  }
}

export async function listServices(ctx: Ctx, namespace: string): Promise<ServiceObject[]> {
  return (await ctx.kube.list<ServiceObject>(RESOURCES.ecsServices, namespace)).items;
}

export async function findService(ctx: Ctx, namespace: string, name: string): Promise<ServiceObject | undefined> {
  return (await listServices(ctx, namespace)).find((s) => serviceNameOf(s) === name);
}

export async function listTasks(ctx: Ctx, namespace: string): Promise<TaskObject[]> {
  return (await ctx.kube.list<TaskObject>(RESOURCES.tasks, namespace)).items;
}

/**
 * The body of a PUT of `obj` with a new spec: its resourceVersion stays (a concurrent change is a
 * conflict, not lost), its managedFields and status do not (the apiserver keeps both; a PUT that
 * carries managedFields would replace them).
 */
export function forReplace<T extends { metadata: object; status?: unknown }>(obj: T, changes: Partial<T>): T {
  const { managedFields: _m, ...metadata } = obj.metadata as { managedFields?: unknown };
  const { status: _s, ...rest } = obj;
  return { ...rest, metadata, ...changes } as T;
}

/**
 * The name of a new resource for an ECS name (family, serviceName): its readable form
 * (`Order_Pipeline` → `order-pipeline`) unless an object of that kind already has that name in the
 * namespace (another family or service), then that form with a hash of the ECS name.
 */
export async function nameFor(ctx: Ctx, ref: ResourceRef, namespace: string, ecsName: string): Promise<string> {
  const readable = readableNames([ecsName]).get(ecsName)!;
  const taken = await ctx.kube.getOrUndefined(ref, namespace, readable);
  return taken ? `${readable.slice(0, 54).replace(/-+$/, '')}-${stableHash(ecsName)}` : readable;
}

/** Tags as the API shows them: the ones set through TagResource, else the spec's. */
export function effectiveTags(
  obj: { metadata: { annotations?: Record<string, string> } },
  specTags: Array<{ key?: string | null; value?: string | null }> | null | undefined,
): Array<{ key: string; value: string }> {
  // Set through TagResource: those; an annotation edited by hand into something else: the spec's.
  const set = jsonAnnotation<unknown>(obj.metadata.annotations, ANNOTATION_RESOURCE_TAGS, undefined);
  if (set && typeof set === 'object' && !Array.isArray(set))
    return Object.entries(set as Record<string, unknown>).map(([key, value]) => ({ key, value: String(value) }));
  return (specTags ?? []).filter((t) => typeof t.key === 'string').map((t) => ({ key: t.key!, value: t.value ?? '' }));
}
