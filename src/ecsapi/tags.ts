/**
 * TagResource, UntagResource, ListTagsForResource. Tags set through the API are kept in an
 * annotation of the resource (ANNOTATION_RESOURCE_TAGS), not in its spec: in ECS, tagging a service
 * or a task definition changes no running task, while a spec change here would roll the tasks or
 * register a new revision. A task definition's tags are its family's (one TaskDefinition resource).
 */
import { parseTaskDefinitionRef } from '../ecs/taskdef-ref.js';
import type { LiveObject } from '../kube/api.js';
import type { ResourceRef } from '../kube/resources.js';
import { RESOURCES } from '../kube/resources.js';
import { runTaskId, splitArn, taskId } from './arns.js';
import { resolveCluster } from './clusters.js';
import { ANNOTATION_RESOURCE_TAGS, type Ctx, type EcsRequest } from './context.js';
import { EcsApiError, invalidParameter } from './errors.js';
import { effectiveTags, findService, findTaskDefinition, listTasks } from './store.js';

interface Target {
  ref: ResourceRef;
  namespace?: string;
  obj: LiveObject;
  specTags: Array<{ key?: string | null; value?: string | null }> | null | undefined;
}

const notFound = () => new EcsApiError('ResourceNotFoundException', 'The specified resource could not be found.');

function specTags(obj: LiveObject): Target['specTags'] {
  return (obj['spec'] as { tags?: Target['specTags'] } | undefined)?.tags;
}

async function target(ctx: Ctx, arn: string): Promise<Target> {
  const parts = splitArn(arn);
  if (!parts) throw invalidParameter(`resourceArn: ${JSON.stringify(arn)} is not an ARN`);
  const path = parts.path.split('/');
  const orMissing = async <T>(p: Promise<T>) => {
    try {
      return await p;
    } catch (e) {
      if (e instanceof EcsApiError && e.type === 'ClusterNotFoundException') throw notFound();
      throw e;
    }
  };
  switch (parts.type) {
    case 'cluster': {
      const c = await orMissing(resolveCluster(ctx, path[0]));
      return { ref: RESOURCES.namespaces, obj: c.ns, specTags: [] };
    }
    case 'service': {
      const c = await orMissing(resolveCluster(ctx, path.length > 1 ? path[0] : undefined));
      const svc = await findService(ctx, c.namespace, path[path.length - 1]);
      if (!svc) throw notFound();
      return { ref: RESOURCES.ecsServices, namespace: c.namespace, obj: svc, specTags: svc.spec.tags };
    }
    case 'task-definition': {
      const td = await findTaskDefinition(ctx, parseTaskDefinitionRef(parts.path, 'resourceArn').family);
      if (!td) throw notFound();
      return { ref: RESOURCES.taskDefinitions, namespace: td.metadata.namespace, obj: td, specTags: td.spec.tags };
    }
    case 'task': {
      const c = await orMissing(resolveCluster(ctx, path.length > 1 ? path[0] : undefined));
      const id = taskId(arn);
      for (const t of await listTasks(ctx, c.namespace))
        for (let i = 0; i < (t.spec.count ?? 1); i++)
          if (runTaskId(t.metadata.uid ?? '', i) === id)
            return { ref: RESOURCES.tasks, namespace: c.namespace, obj: t, specTags: specTags(t) };
      const pods = await ctx.kube.list(RESOURCES.pods, c.namespace);
      const pod = pods.items.find((p) => (p.metadata.uid ?? '').replace(/-/g, '') === id);
      if (!pod) throw notFound();
      return { ref: RESOURCES.pods, namespace: c.namespace, obj: pod, specTags: [] };
    }
    default:
      throw invalidParameter(`resourceArn: ECS resources of type ${parts.type} cannot be tagged here`);
  }
}

async function write(ctx: Ctx, t: Target, tags: Map<string, string>) {
  await ctx.kube.mergePatch(t.ref, t.namespace, t.obj.metadata.name, {
    metadata: { annotations: { [ANNOTATION_RESOURCE_TAGS]: JSON.stringify(Object.fromEntries(tags)) } },
  });
}

function current(t: Target): Map<string, string> {
  return new Map(effectiveTags(t.obj, t.specTags).map((x) => [x.key, x.value]));
}

export async function tagResource(ctx: Ctx, input: EcsRequest<'TagResource'>) {
  const t = await target(ctx, input.resourceArn);
  const tags = current(t);
  for (const tag of input.tags) {
    if (!tag.key) throw invalidParameter('tags[].key: required');
    tags.set(tag.key, tag.value ?? '');
  }
  if (tags.size > 50) throw invalidParameter('tags: a resource has at most 50 tags');
  await write(ctx, t, tags);
  return {};
}

export async function untagResource(ctx: Ctx, input: EcsRequest<'UntagResource'>) {
  const t = await target(ctx, input.resourceArn);
  const tags = current(t);
  for (const key of input.tagKeys) tags.delete(key);
  await write(ctx, t, tags);
  return {};
}

export async function listTagsForResource(ctx: Ctx, input: EcsRequest<'ListTagsForResource'>) {
  const t = await target(ctx, input.resourceArn);
  return { tags: [...current(t)].map(([key, value]) => ({ key, value })) };
}
