/**
 * Wires one operator process: client → caches → event handlers → queues → the three reconcilers →
 * manager (health/metrics server, leader election, graceful stop). Everything the operator does
 * to the cluster goes through src/kube/.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { KubeApi, type LiveObject } from '../kube/api.js';
import { Applier } from '../kube/apply.js';
import { HttpTransport, loadKubeConfig } from '../kube/client.js';
import { Discovery } from '../kube/discovery.js';
import { EventRecorder } from '../kube/events.js';
import { HealthServer } from '../kube/health.js';
import { crdsServed } from '../kube/crds-served.js';
import { RESOURCES } from '../kube/resources.js';
import { apiLeaseStore, defaultIdentity } from '../kube/leader.js';
import { KubeRequestAuthorizer } from '../kube/metrics-auth.js';
import { servingCertificate } from '../kube/serving-cert.js';
import { ECS_GROUP } from '../kube/resources.js';
import { clusterScopedOwnerKey } from '../kube/ownership.js';
import { Expectations } from './expectations.js';
import { StatusWriter } from '../kube/status.js';
import {
  BY_FAMILY,
  BY_SERVICE_LABEL,
  EFS_OWNED,
  createCaches,
  familyOf,
  referencedFamily,
  type Caches,
} from './caches.js';
import { systemClock } from '../base/clock.js';
import { translateOptionsFor, type OperatorConfig } from './config.js';
import { isInUseRecord } from './revisions.js';
import { enqueueMapped, enqueueObject, enqueueOwner } from './handlers.js';
import { Manager } from './manager.js';
import { operatorMetrics, type OperatorMetrics } from '../base/metrics.js';
import { queueMetricsFor } from './queue-metrics.js';
import { WorkQueue } from './queue.js';
import { defaultControllerRateLimiter } from '../base/ratelimit.js';
import { Runner } from './runner.js';
import type { EventHandler } from '../kube/informer.js';
import type { ReconcileEnv } from './reconcilers/env.js';
import { serviceReconciler } from './reconcilers/service.js';
import { taskReconciler } from './reconcilers/task.js';
import { taskDefinitionReconciler } from './reconcilers/taskdefinition.js';
import { LABEL_SERVICE } from '../translate/index.js';

/** How many task definition revisions are kept besides those in use. */
const REVISION_HISTORY_LIMIT = 10;

export interface Operator {
  manager: Manager;
  metrics: OperatorMetrics;
  transport: HttpTransport;
}

/** The apiserver serves pod-level resources (PodLevelResources, beta and on by default) from 1.34. */
async function podLevelResourcesSupported(transport: HttpTransport, log: Logger): Promise<boolean> {
  try {
    const v = await transport.request<{ major?: string; minor?: string }>({
      method: 'GET',
      verb: 'get',
      resource: 'version',
      path: '/version',
    });
    const minor = Number.parseInt(v.minor ?? '0', 10);
    return Number(v.major) > 1 || minor >= 34;
  } catch (err) {
    log.warn({ err }, 'could not read the server version; dividing task cpu/memory over containers');
    return false;
  }
}

/**
 * Like enqueueMapped, but a periodic resync (onUpdate with the same object) maps nothing: every
 * resource's own informer resyncs it already, and mapping resyncs too would reconcile it twice.
 */
function mappedOnChange<T>(queue: WorkQueue, map: (obj: T) => string[]): EventHandler<T> {
  const inner = enqueueMapped(queue, map);
  return { ...inner, onUpdate: (a, b) => (a === b ? undefined : inner.onUpdate?.(a, b)) };
}

function keysBy(cache: Caches['services'], index: string, value: string): string[] {
  return cache.byIndex(index, value).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
}

/** buildOperator creates (does not start) the operator for `config`. */
export async function buildOperator(config: OperatorConfig, log: Logger): Promise<Operator> {
  // The process-wide registry: it also carries Node's process metrics (CPU, RSS, heap, event loop lag).
  const metrics = operatorMetrics;
  // First, so that an unreadable certificate stops the start before any connection is opened.
  const metricsTls =
    config.metricsSecure && config.metricsAddress ? servingCertificate(config.metricsCertDir) : undefined;
  const kc = loadKubeConfig(config.kubeconfig ? { kubeconfig: config.kubeconfig } : {});
  const transport = new HttpTransport(kc, { qps: config.client.qps, burst: config.client.burst, metrics });
  const api = new KubeApi(transport);
  const podLevel = await podLevelResourcesSupported(transport, log);
  const caches = createCaches(api, config.namespaces, {
    metrics,
    resyncPeriodMs: config.resyncPeriodMs,
    efs: config.integrations.efs,
  });
  const identity = `${hostname()}-${process.pid}`;

  const queue = (name: string) =>
    new WorkQueue({
      rateLimiter: defaultControllerRateLimiter(systemClock, {
        qps: config.queue.qps,
        burst: config.queue.burst,
        baseDelayMs: config.queue.baseDelayMs,
        maxDelayMs: config.queue.maxDelayMs,
      }),
      metrics: queueMetricsFor(metrics, name),
    });
  const tdQueue = queue('taskdefinition');
  const svcQueue = queue('service');
  const taskQueue = queue('task');

  // Each kind's own changes; a TaskDefinition change (or a new revision) also wakes its users.
  caches.taskDefinitions.addEventHandler(enqueueObject(tdQueue));
  // The TaskDefinitions sharing a family: deleting the one that defines it hands the family to the next.
  caches.taskDefinitions.addEventHandler(
    mappedOnChange(tdQueue, (td: LiveObject) =>
      keysBy(caches.taskDefinitions, BY_FAMILY, `${td.metadata.namespace}/${familyOf(td)}`),
    ),
  );
  const usersOfFamily = (ns: string | undefined, family: string): string[] => [
    ...keysBy(caches.services, BY_FAMILY, `${ns}/${family}`),
  ];
  caches.taskDefinitions.addEventHandler(
    mappedOnChange(svcQueue, (td: LiveObject) => usersOfFamily(td.metadata.namespace, familyOf(td))),
  );
  caches.taskDefinitions.addEventHandler(
    mappedOnChange(taskQueue, (td: LiveObject) =>
      keysBy(caches.tasks, BY_FAMILY, `${td.metadata.namespace}/${familyOf(td)}`),
    ),
  );
  caches.controllerRevisions.addEventHandler(enqueueOwner(tdQueue, ECS_GROUP, 'TaskDefinition'));
  caches.controllerRevisions.addEventHandler(enqueueOwner(svcQueue, ECS_GROUP, 'Service'));
  caches.controllerRevisions.addEventHandler(enqueueOwner(taskQueue, ECS_GROUP, 'Task'));
  caches.controllerRevisions.addEventHandler(
    mappedOnChange(svcQueue, (cr: LiveObject) => {
      // A user's own in-use record concerns only that user (its owner, below), not the family's users.
      const family = isInUseRecord(cr) ? undefined : cr.metadata.annotations?.['ecs2eks.dev/family'];
      return family ? usersOfFamily(cr.metadata.namespace, family) : [];
    }),
  );
  caches.controllerRevisions.addEventHandler(
    mappedOnChange(taskQueue, (cr: LiveObject) => {
      const family = isInUseRecord(cr) ? undefined : cr.metadata.annotations?.['ecs2eks.dev/family'];
      return family ? keysBy(caches.tasks, BY_FAMILY, `${cr.metadata.namespace}/${family}`) : [];
    }),
  );
  caches.services.addEventHandler(enqueueObject(svcQueue));
  caches.tasks.addEventHandler(enqueueObject(taskQueue));
  // A Service or Task that names a family may be what makes a duplicate family matter to its TaskDefinition.
  caches.services.addEventHandler(
    mappedOnChange(tdQueue, (s: LiveObject) => {
      const f = referencedFamily(s);
      return f ? keysBy(caches.taskDefinitions, BY_FAMILY, `${s.metadata.namespace}/${f}`) : [];
    }),
  );
  for (const c of [
    caches.deployments,
    caches.daemonSets,
    caches.coreServices,
    caches.serviceAccounts,
    caches.podDisruptionBudgets,
    caches.horizontalPodAutoscalers,
  ]) {
    c.addEventHandler(enqueueOwner(svcQueue, ECS_GROUP, 'Service'));
  }
  caches.serviceAccounts.addEventHandler(enqueueOwner(taskQueue, ECS_GROUP, 'Task'));
  caches.persistentVolumeClaims?.addEventHandler(enqueueOwner(svcQueue, ECS_GROUP, 'Service'));
  caches.persistentVolumeClaims?.addEventHandler(enqueueOwner(taskQueue, ECS_GROUP, 'Task'));
  // PersistentVolumes name their owner in an annotation; the initial list also brings the owners of
  // volumes left behind while the operator was down to their reconcile, which removes them. Only
  // watched namespaces: another operator's volumes are not ours to judge.
  const watched = (key: string): boolean =>
    config.namespaces.length === 0 || config.namespaces.includes(key.slice(0, key.indexOf('/')));
  for (const [q, kind] of [
    [svcQueue, 'Service'],
    [taskQueue, 'Task'],
  ] as const) {
    caches.persistentVolumes?.addEventHandler(
      enqueueMapped(q, (pv: LiveObject) =>
        [clusterScopedOwnerKey(pv, kind)].filter((k) => k !== undefined).filter(watched),
      ),
    );
  }
  caches.pods.addEventHandler(enqueueOwner(taskQueue, ECS_GROUP, 'Task'));
  // Service pods belong to ReplicaSets/DaemonSets, not to the Service: map them by their service label.
  caches.pods.addEventHandler(
    mappedOnChange(svcQueue, (p: LiveObject) => {
      const label = p.metadata.labels?.[LABEL_SERVICE];
      return label ? keysBy(caches.services, BY_SERVICE_LABEL, `${p.metadata.namespace}/${label}`) : [];
    }),
  );

  const env: ReconcileEnv = {
    api,
    caches,
    applier: new Applier({ api, discovery: new Discovery(transport), caches: caches.byResource, logger: log }),
    status: new StatusWriter(api),
    events: new EventRecorder({ api, instance: identity, logger: log }),
    translateOptions: (namespace) => translateOptionsFor(config, namespace, podLevel),
    volumeKinds: config.integrations.efs ? EFS_OWNED : [],
    clock: systemClock,
    revisionHistoryLimit: REVISION_HISTORY_LIMIT,
    stoppedTasks: { retentionMs: config.stoppedTaskRetentionMs, kept: config.stoppedTasksKept },
    expectations: new Expectations(() => systemClock.now()),
    log,
  };
  const runner = (name: string, q: WorkQueue, reconciler: ReturnType<typeof serviceReconciler>) =>
    new Runner({ name, queue: q, reconciler, workers: config.workers, logger: log, metrics });
  const runners = [
    runner('taskdefinition', tdQueue, taskDefinitionReconciler(env)),
    runner('service', svcQueue, serviceReconciler(env)),
    runner('task', taskQueue, taskReconciler(env)),
  ];
  const health = new HealthServer({
    metricsAddress: config.metricsAddress,
    probeAddress: config.probeAddress,
    registry: metrics.registry,
    ...(metricsTls ? { metricsSecurity: { tls: metricsTls, authorizer: new KubeRequestAuthorizer(api) } } : {}),
    logger: log,
  });
  // Before the informers' own check: with the CRDs absent, say so (a standby replica has no informers).
  health.addReadyzCheck(
    crdsServed(transport, [RESOURCES.taskDefinitions, RESOURCES.ecsServices, RESOURCES.tasks], { logger: log }),
  );
  const le = config.leaderElection;
  const manager = new Manager({
    caches: caches.all,
    runners,
    health,
    metrics,
    logger: log,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    ...(le.enabled
      ? {
          leaderElection: {
            store: apiLeaseStore(api, le.namespace, le.name),
            name: le.name,
            identity: defaultIdentity(),
            leaseDurationMs: le.leaseDurationMs,
            renewDeadlineMs: le.renewDeadlineMs,
            retryPeriodMs: le.retryPeriodMs,
          },
        }
      : {}),
  });
  return { manager, metrics, transport };
}
