/**
 * minimumHealthyPercent → a policy/v1 PodDisruptionBudget (DESIGN.md §3): ECS keeps the healthy floor
 * while it drains container instances, and a PDB keeps it while nodes are drained.
 *
 * Decisions:
 * - 0 < min < 100: `minAvailable: "<min>%"`. The disruption controller rounds a minAvailable
 *   percentage UP, like the ECS floor ceil(desired × min / 100): exact for every replica count.
 * - a floor that keeps every task (min = 100, the REPLICA default, or any min where
 *   ceil(replicas × min / 100) = replicas, e.g. 2 tasks at 75 %, at the smallest replica count the
 *   service runs) would block every node drain for good, because Kubernetes evicts first and replaces
 *   afterwards, while ECS starts the replacement (within maximumPercent) before it stops the draining
 *   task. `maxUnavailable: 1` is the closest budget that still lets drains proceed; an Approximated
 *   finding says so.
 * - min = 0, or at most one replica: no PDB (no floor to keep, or a budget that either blocks drains
 *   forever or allows everything).
 */
import type { KubeObject, Finding } from './types.js';

export interface PdbInput {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  minimumHealthyPercent: number;
  /** The largest replica count the service runs (desiredCount, or maxCapacity under autoscaling). */
  maxReplicas: number;
  /** The smallest replica count it runs (desiredCount, or minCapacity under autoscaling); default maxReplicas. */
  minReplicas?: number;
}

/** podDisruptionBudgetFor returns the PDB of a REPLICA service, or none when there is no useful budget. */
export function podDisruptionBudgetFor(input: PdbInput): { object?: KubeObject; findings: Finding[] } {
  const min = input.minimumHealthyPercent;
  if (min <= 0 || input.maxReplicas <= 1) return { findings: [] };
  const findings: Finding[] = [];
  const budget: Record<string, unknown> = {};
  // The disruption controller allows replicas − ceil(replicas × min / 100) evictions: none at all
  // when the floor rounds up to every replica, at the smallest size the service runs.
  const smallest = Math.max(1, input.minReplicas ?? input.maxReplicas);
  const keepsAll = min >= 100 || Math.ceil((smallest * min) / 100) >= smallest;
  if (keepsAll) {
    budget.maxUnavailable = 1;
    findings.push({
      source: 'Service',
      path: 'deploymentConfiguration.minimumHealthyPercent',
      level: 'Approximated',
      message: `ECS replaces a draining task before stopping it; Kubernetes evicts first, and a ${min} % floor of ${smallest} task(s) would allow no eviction at all, so the PodDisruptionBudget allows one pod down at a time instead of blocking every drain`,
    });
  } else {
    budget.minAvailable = `${min}%`;
  }
  return {
    object: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: input.name, namespace: input.namespace, labels: { ...input.labels } },
      spec: {
        ...budget,
        selector: { matchLabels: { ...input.selector } },
        // ECS replaces unhealthy tasks regardless of the floor: let drains evict pods that are not Ready.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    },
    findings,
  };
}
