/**
 * ECS clusters are namespaces labelled `ecs2eks.dev/cluster=true`; the cluster named `default`
 * is the configured namespace (labelled or not), so that calls without `--cluster` work at once.
 * CreateCluster, DescribeClusters, ListClusters, DeleteCluster, and how every other call finds its
 * cluster's namespace.
 */
import type { LiveObject } from '../kube/api.js';
import { RESOURCES } from '../kube/resources.js';
import { isDnsLabel } from '../translate/names.js';
import { LABEL_MANAGED_BY, MANAGED_BY_VALUE, LABEL_SERVICE, LABEL_TASK } from '../translate/labels.js';
import { clusterArn, clusterName } from './arns.js';
import { ANNOTATION_RESOURCE_TAGS, jsonAnnotation, present, type Ctx, type EcsRequest } from './context.js';
import { EcsApiError, clusterNotFound, invalidParameter, isNotFound } from './errors.js';
import { page } from './paging.js';
import { effectiveTags, listServices, listTasks } from './store.js';

export const LABEL_CLUSTER = 'ecs2eks.dev/cluster';
/** Set on namespaces CreateCluster made, so that DeleteCluster deletes only those (others are unlabelled). */
export const ANNOTATION_CREATED_BY = 'ecs2eks.dev/created-by';
/** The cluster-level request members with no Kubernetes effect, kept so DescribeClusters shows them. */
export const ANNOTATION_CLUSTER_SETTINGS = 'ecs2eks.dev/cluster-settings';

export interface Cluster {
  name: string;
  namespace: string;
  ns: LiveObject;
}

function namespaceFor(ctx: Ctx, name: string): string | undefined {
  if (name === 'default') return ctx.config.defaultNamespace;
  return isDnsLabel(name) ? name : undefined;
}

function isCluster(ctx: Ctx, ns: LiveObject): boolean {
  return ns.metadata.name === ctx.config.defaultNamespace || ns.metadata.labels?.[LABEL_CLUSTER] === 'true';
}

async function lookup(ctx: Ctx, name: string): Promise<Cluster | undefined> {
  const namespace = namespaceFor(ctx, name);
  if (!namespace) return undefined;
  const ns = await ctx.kube.getOrUndefined(RESOURCES.namespaces, undefined, namespace);
  if (!ns || !isCluster(ctx, ns) || ns.metadata.deletionTimestamp) return undefined;
  return { name, namespace, ns };
}

/** resolveCluster: the cluster a `cluster` parameter names (name or ARN; absent is `default`). */
export async function resolveCluster(ctx: Ctx, value: string | null | undefined): Promise<Cluster> {
  const c = await lookup(ctx, clusterName(value));
  if (!c) throw clusterNotFound();
  return c;
}

async function describe(ctx: Ctx, c: Cluster, include: readonly string[]): Promise<Record<string, unknown>> {
  const pods = await ctx.kube.list(RESOURCES.pods, c.namespace, {
    labelSelector: `${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE}`,
  });
  let running = 0;
  let pending = 0;
  for (const p of pods.items) {
    const labels = p.metadata.labels ?? {};
    if (!(LABEL_SERVICE in labels) && !(LABEL_TASK in labels)) continue;
    const phase = (p['status'] as { phase?: string } | undefined)?.phase;
    if (phase === 'Running' && !p.metadata.deletionTimestamp) running++;
    else if (phase === 'Pending') pending++;
  }
  const services = await listServices(ctx, c.namespace);
  const settings = jsonAnnotation<Record<string, unknown>>(c.ns.metadata.annotations, ANNOTATION_CLUSTER_SETTINGS, {});
  return {
    clusterArn: clusterArn(ctx.config, c.name),
    clusterName: c.name,
    status: 'ACTIVE',
    // Nodes are not counted: listing them needs rights over the whole cluster, not its namespace.
    registeredContainerInstancesCount: 0,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: services.filter((s) => !s.metadata.deletionTimestamp).length,
    statistics: [],
    ...settings,
    ...(include.includes('TAGS') ? { tags: effectiveTags(c.ns, []) } : {}),
  };
}

export async function createCluster(ctx: Ctx, input: EcsRequest<'CreateCluster'>) {
  const name = input.clusterName ?? 'default';
  const namespace = namespaceFor(ctx, name);
  if (!namespace)
    throw invalidParameter(
      `clusterName: ${JSON.stringify(name)} must be a valid Kubernetes namespace name (lowercase letters, digits and '-', at most 63)`,
    );
  const { clusterName: _n, tags, ...rest } = input;
  const settings = present(rest);
  const annotations: Record<string, string> = {};
  if (Object.keys(settings).length) annotations[ANNOTATION_CLUSTER_SETTINGS] = JSON.stringify(settings);
  if (tags?.length)
    annotations[ANNOTATION_RESOURCE_TAGS] = JSON.stringify(Object.fromEntries(tags.map((t) => [t.key, t.value ?? ''])));
  const existing = await ctx.kube.getOrUndefined(RESOURCES.namespaces, undefined, namespace);
  if (existing) {
    // ECS's CreateCluster of an existing cluster answers it; here it also marks an existing namespace as one.
    await ctx.kube.mergePatch(RESOURCES.namespaces, undefined, namespace, {
      metadata: { labels: { [LABEL_CLUSTER]: 'true' }, ...(Object.keys(annotations).length ? { annotations } : {}) },
    });
  } else {
    await ctx.kube.create(RESOURCES.namespaces, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: { [LABEL_CLUSTER]: 'true' },
        annotations: { ...annotations, [ANNOTATION_CREATED_BY]: 'ecs-api' },
      },
    });
  }
  return { cluster: await describe(ctx, await resolveCluster(ctx, name), ['TAGS']) };
}

export async function describeClusters(ctx: Ctx, input: EcsRequest<'DescribeClusters'>) {
  const clusters: unknown[] = [];
  const failures: unknown[] = [];
  for (const value of input.clusters?.length ? input.clusters : ['default']) {
    const name = clusterName(value);
    const c = await lookup(ctx, name);
    if (c) clusters.push(await describe(ctx, c, input.include ?? []));
    else failures.push({ arn: clusterArn(ctx.config, name), reason: 'MISSING' });
  }
  return { clusters, failures };
}

export async function listClusters(ctx: Ctx, input: EcsRequest<'ListClusters'>) {
  const labelled = await ctx.kube.list(RESOURCES.namespaces, undefined, { labelSelector: `${LABEL_CLUSTER}=true` });
  const names = new Set(labelled.items.filter((n) => !n.metadata.deletionTimestamp).map((n) => n.metadata.name));
  names.delete(ctx.config.defaultNamespace);
  if (await lookup(ctx, 'default')) names.add('default');
  const p = page([...names], (n) => n, input, { default: 100, max: 100 });
  return {
    clusterArns: p.items.map((n) => clusterArn(ctx.config, n)),
    ...(p.nextToken ? { nextToken: p.nextToken } : {}),
  };
}

export async function deleteCluster(ctx: Ctx, input: EcsRequest<'DeleteCluster'>) {
  const c = await resolveCluster(ctx, input.cluster);
  if ((await listServices(ctx, c.namespace)).length > 0)
    throw new EcsApiError(
      'ClusterContainsServicesException',
      'The Cluster cannot be deleted while Services are active.',
    );
  const active = (await listTasks(ctx, c.namespace)).filter((t) => t.status?.lastStatus !== 'STOPPED');
  if (active.length > 0)
    throw new EcsApiError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');
  const described = await describe(ctx, c, ['TAGS']);
  const made = c.ns.metadata.annotations?.[ANNOTATION_CREATED_BY] === 'ecs-api';
  try {
    if (made && c.namespace !== ctx.config.defaultNamespace)
      await ctx.kube.delete(RESOURCES.namespaces, undefined, c.namespace);
    // A namespace the API did not make stays; it is only no longer a cluster.
    else
      await ctx.kube.mergePatch(RESOURCES.namespaces, undefined, c.namespace, {
        metadata: { labels: { [LABEL_CLUSTER]: null } },
      });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  return { cluster: { ...described, status: 'INACTIVE' } };
}
