/**
 * Prometheus metrics of the operator, named as controller-runtime and client-go name theirs so
 * that existing dashboards and alerts work unchanged. {@link createMetrics} builds the full set on
 * a given registry (tests use a fresh one); {@link operatorMetrics} is the process-wide set served
 * on /metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Reconcile durations from 5 ms to 60 s (controller-runtime's buckets). */
const RECONCILE_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2,
  2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
/** Queue latencies from 10 ns to 1000 s, ×10 per bucket (client-go's buckets). */
const QUEUE_BUCKETS = Array.from({ length: 12 }, (_, i) => 1e-8 * Math.pow(10, i));

/** Every metric the operator exports. */
export interface OperatorMetrics {
  registry: Registry;
  reconcileTotal: Counter<'controller' | 'result'>;
  reconcileErrors: Counter<'controller'>;
  terminalReconcileErrors: Counter<'controller'>;
  reconcileTime: Histogram<'controller'>;
  activeWorkers: Gauge<'controller'>;
  maxConcurrentReconciles: Gauge<'controller'>;
  queueDepth: Gauge<'name' | 'controller'>;
  queueAdds: Counter<'name' | 'controller'>;
  queueRetries: Counter<'name' | 'controller'>;
  queueDuration: Histogram<'name' | 'controller'>;
  workDuration: Histogram<'name' | 'controller'>;
  apiRequests: Counter<'verb' | 'resource'>;
  apiRequestErrors: Counter<'verb' | 'resource' | 'code'>;
  apiRateLimiterWait: Histogram<'verb'>;
  informerRelists: Counter<'resource' | 'reason'>;
  informerWatchRestarts: Counter<'resource' | 'reason'>;
  informerEvents: Counter<'resource' | 'type'>;
  informerCacheMisses: Counter<'resource'>;
  leaderStatus: Gauge<'name'>;
}

/** Builds all operator metrics on `registry`. */
export function createMetrics(registry: Registry = new Registry()): OperatorMetrics {
  const registers = [registry];
  return {
    registry,
    reconcileTotal: new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Total number of reconciliations per controller',
      labelNames: ['controller', 'result'],
      registers,
    }),
    reconcileErrors: new Counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Total number of reconciliation errors per controller',
      labelNames: ['controller'],
      registers,
    }),
    terminalReconcileErrors: new Counter({
      name: 'controller_runtime_terminal_reconcile_errors_total',
      help: 'Total number of terminal (not retried) reconciliation errors per controller',
      labelNames: ['controller'],
      registers,
    }),
    reconcileTime: new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller',
      labelNames: ['controller'],
      buckets: RECONCILE_BUCKETS,
      registers,
    }),
    activeWorkers: new Gauge({
      name: 'controller_runtime_active_workers',
      help: 'Number of currently used workers per controller',
      labelNames: ['controller'],
      registers,
    }),
    maxConcurrentReconciles: new Gauge({
      name: 'controller_runtime_max_concurrent_reconciles',
      help: 'Maximum number of concurrent reconciles per controller',
      labelNames: ['controller'],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'workqueue_depth',
      help: 'Current depth of workqueue',
      labelNames: ['name', 'controller'],
      registers,
    }),
    queueAdds: new Counter({
      name: 'workqueue_adds_total',
      help: 'Total number of adds handled by workqueue',
      labelNames: ['name', 'controller'],
      registers,
    }),
    queueRetries: new Counter({
      name: 'workqueue_retries_total',
      help: 'Total number of retries handled by workqueue',
      labelNames: ['name', 'controller'],
      registers,
    }),
    queueDuration: new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested',
      labelNames: ['name', 'controller'],
      buckets: QUEUE_BUCKETS,
      registers,
    }),
    workDuration: new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes',
      labelNames: ['name', 'controller'],
      buckets: QUEUE_BUCKETS,
      registers,
    }),
    apiRequests: new Counter({
      name: 'ecs2eks_api_requests_total',
      help: 'Kubernetes API requests made by the operator, by verb and resource',
      labelNames: ['verb', 'resource'],
      registers,
    }),
    apiRequestErrors: new Counter({
      name: 'ecs2eks_api_request_errors_total',
      help: 'Kubernetes API requests that failed, by verb, resource and HTTP code (0 = no response)',
      labelNames: ['verb', 'resource', 'code'],
      registers,
    }),
    apiRateLimiterWait: new Histogram({
      name: 'ecs2eks_api_rate_limiter_wait_seconds',
      help: 'Time requests waited for the client-side rate limiter',
      labelNames: ['verb'],
      buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
      registers,
    }),
    informerRelists: new Counter({
      name: 'ecs2eks_informer_relists_total',
      help: 'Full lists done by informers, by reason (initial, expired, stale, error)',
      labelNames: ['resource', 'reason'],
      registers,
    }),
    informerWatchRestarts: new Counter({
      name: 'ecs2eks_informer_watch_restarts_total',
      help: 'Watch restarts by informers, by reason (timeout, error, stale)',
      labelNames: ['resource', 'reason'],
      registers,
    }),
    informerEvents: new Counter({
      name: 'ecs2eks_informer_events_total',
      help: 'Watch events received by informers, by type',
      labelNames: ['resource', 'type'],
      registers,
    }),
    informerCacheMisses: new Counter({
      name: 'ecs2eks_informer_cache_misses_total',
      help: 'Cache lookups that found no object',
      labelNames: ['resource'],
      registers,
    }),
    leaderStatus: new Gauge({
      name: 'leader_election_master_status',
      help: 'Whether this process is the leader (1) or not (0)',
      labelNames: ['name'],
      registers,
    }),
  };
}

/** The process-wide registry and metrics served on /metrics (also collects Node process metrics). */
export const operatorMetrics: OperatorMetrics = createMetrics();
collectDefaultMetrics({ register: operatorMetrics.registry });
