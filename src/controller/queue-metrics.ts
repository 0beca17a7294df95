/** The work queue's metric hooks backed by the operator's Prometheus metrics. */
import type { OperatorMetrics } from '../base/metrics.js';
import type { QueueMetrics } from './queue.js';

/** Adapts the Prometheus queue metrics to the queue's hooks for one named queue. */
export function queueMetricsFor(metrics: OperatorMetrics, name: string): QueueMetrics {
  const labels = { name, controller: name };
  return {
    add: () => metrics.queueAdds.inc(labels),
    depth: (n) => metrics.queueDepth.set(labels, n),
    retry: () => metrics.queueRetries.inc(labels),
    queueDuration: (s) => metrics.queueDuration.observe(labels, s),
    workDuration: (s) => metrics.workDuration.observe(labels, s),
  };
}
