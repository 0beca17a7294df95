/**
 * Resource coordinates (group, version, plural, kind, scope) and URL paths. The operator talks to
 * the API in terms of {@link ResourceRef}s; well-known kinds are listed here so that the common
 * case needs no discovery request.
 */

/** Where a kind lives in the API. */
export interface ResourceRef {
  group: string;
  version: string;
  /** Lowercase plural, the URL segment, e.g. `deployments`. */
  plural: string;
  kind: string;
  namespaced: boolean;
}

/** The ECS custom resources' API group and version. */
export const ECS_GROUP = 'ecs2eks.dev';
export const ECS_VERSION = 'v1alpha1';
export const ECS_API_VERSION = `${ECS_GROUP}/${ECS_VERSION}`;

const ref = (group: string, version: string, plural: string, kind: string, namespaced = true): ResourceRef => ({
  group,
  version,
  plural,
  kind,
  namespaced,
});

/** Well-known resources, by name. */
export const RESOURCES = {
  taskDefinitions: ref(ECS_GROUP, ECS_VERSION, 'taskdefinitions', 'TaskDefinition'),
  ecsServices: ref(ECS_GROUP, ECS_VERSION, 'services', 'Service'),
  tasks: ref(ECS_GROUP, ECS_VERSION, 'tasks', 'Task'),
  pods: ref('', 'v1', 'pods', 'Pod'),
  services: ref('', 'v1', 'services', 'Service'),
  configMaps: ref('', 'v1', 'configmaps', 'ConfigMap'),
  secrets: ref('', 'v1', 'secrets', 'Secret'),
  serviceAccounts: ref('', 'v1', 'serviceaccounts', 'ServiceAccount'),
  persistentVolumeClaims: ref('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim'),
  persistentVolumes: ref('', 'v1', 'persistentvolumes', 'PersistentVolume', false),
  events: ref('', 'v1', 'events', 'Event'),
  namespaces: ref('', 'v1', 'namespaces', 'Namespace', false),
  nodes: ref('', 'v1', 'nodes', 'Node', false),
  deployments: ref('apps', 'v1', 'deployments', 'Deployment'),
  daemonSets: ref('apps', 'v1', 'daemonsets', 'DaemonSet'),
  replicaSets: ref('apps', 'v1', 'replicasets', 'ReplicaSet'),
  controllerRevisions: ref('apps', 'v1', 'controllerrevisions', 'ControllerRevision'),
  jobs: ref('batch', 'v1', 'jobs', 'Job'),
  horizontalPodAutoscalers: ref('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'),
  podDisruptionBudgets: ref('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget'),
  leases: ref('coordination.k8s.io', 'v1', 'leases', 'Lease'),
  eventsV1: ref('events.k8s.io', 'v1', 'events', 'Event'),
  tokenReviews: ref('authentication.k8s.io', 'v1', 'tokenreviews', 'TokenReview', false),
  subjectAccessReviews: ref('authorization.k8s.io', 'v1', 'subjectaccessreviews', 'SubjectAccessReview', false),
} as const satisfies Record<string, ResourceRef>;

/** `apps/v1` or `v1`. */
export function apiVersionOf(r: Pick<ResourceRef, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Splits `apps/v1` into group and version (`v1` → group ''). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The metric/log label of a resource, as kubectl spells it: `deployments.apps`, `pods`. */
export function resourceLabel(r: Pick<ResourceRef, 'group' | 'plural'>): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** `/api/v1` or `/apis/apps/v1`. */
export function groupVersionPath(r: Pick<ResourceRef, 'group' | 'version'>): string {
  return r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
}

/**
 * The URL path of a collection or an object: namespace '' or undefined for all namespaces (or a
 * cluster-scoped resource), name for one object, subresource such as `status`.
 */
export function resourcePath(r: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
  let p = groupVersionPath(r);
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.plural}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

/** The well-known resource for an apiVersion and kind, if listed in {@link RESOURCES}. */
export function wellKnownResource(apiVersion: string, kind: string): ResourceRef | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  return Object.values(RESOURCES).find((r) => r.group === group && r.version === version && r.kind === kind);
}
