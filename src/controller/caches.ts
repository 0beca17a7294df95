/**
 * Every informer cache the operator reads from, with the indexes the reconcilers query: task
 * definitions by family, services and tasks by the family they use, owned objects by owner, the
 * families' revision high-water marks by family, and
 * Service pods by their service label. Generated kinds are watched through the managed-by label,
 * so the caches hold only what the operator made.
 */
import type { KubeApi, LiveObject } from '../kube/api.js';
import { NamespacedInformers } from '../kube/informer-set.js';
import { MANAGED_BY_SELECTOR, controllerRefOf, ownerIndex } from '../kube/ownership.js';
import { ECS_GROUP, RESOURCES, resourceLabel, type ResourceRef } from '../kube/resources.js';
import type { ObjectCache } from '../kube/apply.js';
import { parseTaskDefinitionRef } from '../ecs/taskdef-ref.js';
import { LABEL_SERVICE, selectorLabels } from '../translate/index.js';
import type { OperatorMetrics } from '../base/metrics.js';
import { isInUseRecord, readHighWater } from './revisions.js';

export type Cache = NamespacedInformers<LiveObject>;

/** Index names. */
export const BY_FAMILY = 'family';
export const BY_OWNER = 'owner';
export const BY_SERVICE_LABEL = 'service-label';
/** In-use revision records by their user, `Kind/ns/name` (see inUseRecordFor). */
export const BY_USER = 'user';

/** The generated kinds a Service owns and prunes (the ControllerRevision: its in-use revision record). */
export const SERVICE_OWNED: ResourceRef[] = [
  RESOURCES.controllerRevisions,
  RESOURCES.deployments,
  RESOURCES.daemonSets,
  RESOURCES.services,
  RESOURCES.serviceAccounts,
  RESOURCES.podDisruptionBudgets,
  RESOURCES.horizontalPodAutoscalers,
];

/** The generated kinds a Task owns: its in-use revision record, its pods and the ServiceAccount of its task role. */
export const TASK_OWNED: ResourceRef[] = [RESOURCES.controllerRevisions, RESOURCES.pods, RESOURCES.serviceAccounts];

/**
 * What the EFS integration adds to a Service's or Task's objects: a claim, and the cluster-scoped
 * PersistentVolume it binds (owned through labels, see OWNER_ANNOTATION). Only with --enable-efs,
 * whose RBAC (the integrations role) is what allows listing them.
 */
export const EFS_OWNED: ResourceRef[] = [RESOURCES.persistentVolumeClaims, RESOURCES.persistentVolumes];

export interface Caches {
  taskDefinitions: Cache;
  services: Cache;
  tasks: Cache;
  controllerRevisions: Cache;
  deployments: Cache;
  daemonSets: Cache;
  pods: Cache;
  coreServices: Cache;
  serviceAccounts: Cache;
  podDisruptionBudgets: Cache;
  horizontalPodAutoscalers: Cache;
  /** With the EFS integration only. */
  persistentVolumeClaims?: Cache;
  persistentVolumes?: Cache;
  /** All of the above, for the manager. */
  all: Cache[];
  /** Caches of generated kinds by resource label, for the applier. */
  byResource: Map<string, ObjectCache>;
}

function specOf(obj: LiveObject): Record<string, unknown> {
  return (obj['spec'] as Record<string, unknown> | undefined) ?? {};
}

/** The family a TaskDefinition defines: spec.family, defaulting to metadata.name. */
export function familyOf(td: LiveObject): string {
  const f = specOf(td).family;
  return typeof f === 'string' && f.trim() !== '' ? f.trim() : td.metadata.name;
}

/** The family a Service or Task refers to, if its taskDefinition parses. */
export function referencedFamily(obj: LiveObject): string | undefined {
  const ref = specOf(obj).taskDefinition;
  if (typeof ref !== 'string') return undefined;
  try {
    return parseTaskDefinitionRef(ref).family;
  } catch {
    return undefined;
  }
}

const nsKey = (obj: LiveObject, value: string): string => `${obj.metadata.namespace ?? ''}/${value}`;

/** createCaches builds (does not start) every cache over `namespaces` (empty = all). */
export function createCaches(
  api: KubeApi,
  namespaces: readonly string[],
  opts: { metrics?: OperatorMetrics; resyncPeriodMs?: number; efs?: boolean } = {},
): Caches {
  const base = { metrics: opts.metrics, resyncPeriodMs: opts.resyncPeriodMs };
  const ecs = (ref: ResourceRef) => NamespacedInformers.forResource<LiveObject>(api, ref, namespaces, base);
  // Owned kinds need no periodic resync of their own: the ECS resources' resync reconciles everything.
  const owned = (ref: ResourceRef) =>
    // A cluster-scoped kind has one informer whatever namespaces are watched.
    NamespacedInformers.forResource<LiveObject>(api, ref, ref.namespaced ? namespaces : [], {
      metrics: opts.metrics,
      labelSelector: MANAGED_BY_SELECTOR,
    });

  const taskDefinitions = ecs(RESOURCES.taskDefinitions);
  const services = ecs(RESOURCES.ecsServices);
  const tasks = ecs(RESOURCES.tasks);
  taskDefinitions.addIndex(BY_FAMILY, (o) => [nsKey(o, familyOf(o))]);
  services.addIndex(BY_FAMILY, (o) => {
    const f = referencedFamily(o);
    return f ? [nsKey(o, f)] : [];
  });
  // The label value a Service's pods carry (its name, hashed when longer than a label allows).
  services.addIndex(BY_SERVICE_LABEL, (o) => [nsKey(o, selectorLabels('Service', o.metadata.name)[LABEL_SERVICE])]);
  tasks.addIndex(BY_FAMILY, (o) => {
    const f = referencedFamily(o);
    return f ? [nsKey(o, f)] : [];
  });

  const controllerRevisions = owned(RESOURCES.controllerRevisions);
  controllerRevisions.addIndex(BY_OWNER, ownerIndex(ECS_GROUP, 'TaskDefinition'));
  // Families' high-water marks (ownerless records of the highest revision number ever issued).
  controllerRevisions.addIndex(BY_FAMILY, (o) => {
    const mark = readHighWater(o);
    return mark ? [nsKey(o, mark.family)] : [];
  });
  controllerRevisions.addIndex(BY_USER, (o) => {
    const ref = controllerRefOf(o);
    return isInUseRecord(o) && ref ? [`${ref.kind}/${o.metadata.namespace}/${ref.name}`] : [];
  });
  const pods = owned(RESOURCES.pods);
  pods.addIndex(BY_OWNER, ownerIndex(ECS_GROUP, 'Task'));
  pods.addIndex(BY_SERVICE_LABEL, (o) => {
    const v = o.metadata.labels?.[LABEL_SERVICE];
    return v ? [nsKey(o, v)] : [];
  });
  const deployments = owned(RESOURCES.deployments);
  const daemonSets = owned(RESOURCES.daemonSets);
  const coreServices = owned(RESOURCES.services);
  const serviceAccounts = owned(RESOURCES.serviceAccounts);
  const podDisruptionBudgets = owned(RESOURCES.podDisruptionBudgets);
  const horizontalPodAutoscalers = owned(RESOURCES.horizontalPodAutoscalers);
  for (const c of [deployments, daemonSets, coreServices, podDisruptionBudgets, horizontalPodAutoscalers])
    c.addIndex(BY_OWNER, ownerIndex(ECS_GROUP, 'Service'));

  const persistentVolumeClaims = opts.efs ? owned(RESOURCES.persistentVolumeClaims) : undefined;
  const persistentVolumes = opts.efs ? owned(RESOURCES.persistentVolumes) : undefined;

  const generated: Array<[ResourceRef, Cache]> = [
    [RESOURCES.controllerRevisions, controllerRevisions],
    [RESOURCES.pods, pods],
    [RESOURCES.deployments, deployments],
    [RESOURCES.daemonSets, daemonSets],
    [RESOURCES.services, coreServices],
    [RESOURCES.serviceAccounts, serviceAccounts],
    [RESOURCES.podDisruptionBudgets, podDisruptionBudgets],
    [RESOURCES.horizontalPodAutoscalers, horizontalPodAutoscalers],
    ...(persistentVolumeClaims
      ? [[RESOURCES.persistentVolumeClaims, persistentVolumeClaims] as [ResourceRef, Cache]]
      : []),
    ...(persistentVolumes ? [[RESOURCES.persistentVolumes, persistentVolumes] as [ResourceRef, Cache]] : []),
  ];
  return {
    taskDefinitions,
    services,
    tasks,
    controllerRevisions,
    deployments,
    daemonSets,
    pods,
    coreServices,
    serviceAccounts,
    podDisruptionBudgets,
    horizontalPodAutoscalers,
    ...(persistentVolumeClaims ? { persistentVolumeClaims } : {}),
    ...(persistentVolumes ? { persistentVolumes } : {}),
    all: [taskDefinitions, services, tasks, ...generated.map(([, c]) => c)],
    byResource: new Map(generated.map(([ref, c]) => [resourceLabel(ref), c])),
  };
}
