/**
 * Rollout arithmetic: ECS `deploymentConfiguration` percentages → Kubernetes rolling-update
 * parameters, and the ECS deployment circuit-breaker threshold the operator enforces.
 *
 * ECS semantics (DESIGN.md §4, ecs-mapping.md DeploymentConfiguration):
 * - at least ceil(desired × minimumHealthyPercent / 100) tasks stay healthy (the floor rounds UP);
 * - at most floor(desired × maximumPercent / 100) tasks run (the cap rounds DOWN).
 *
 * maxUnavailable is written as the percentage `(100 − minimumHealthyPercent)%`. Kubernetes resolves a
 * maxUnavailable percentage by rounding DOWN, so it allows floor(r × (100 − min) / 100) =
 * r − ceil(r × min / 100) unavailable pods: exactly the ECS floor, for every replica count r. An
 * absolute number would be exact only for the desiredCount it was computed from and go stale as soon
 * as an HPA or `kubectl scale` changes the replicas, so the percentage is the better exact form.
 *
 * maxSurge is written as the absolute number floor(desired × maximumPercent / 100) − desired, because
 * Kubernetes resolves a surge percentage by rounding UP (one pod more than ECS allows).
 */
import type { DeploymentConfiguration, ThresholdConfiguration } from '../ecs/schema.gen.js';
import { InputError } from '../ecs/errors.js';
import type { Finding } from './types.js';

export type SchedulingStrategy = 'REPLICA' | 'DAEMON';

/** ECS defaults when deploymentConfiguration leaves the percentages out. */
export const ECS_ROLLOUT_DEFAULTS: Readonly<
  Record<SchedulingStrategy, { minimumHealthyPercent: number; maximumPercent: number }>
> = {
  REPLICA: { minimumHealthyPercent: 100, maximumPercent: 200 },
  DAEMON: { minimumHealthyPercent: 0, maximumPercent: 100 },
};

/** A rolling-update parameter as Kubernetes accepts it: an integer or a percentage string. */
export type IntOrPercent = number | string;

export interface RollingUpdate {
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
}

export interface RolloutPlan {
  rollingUpdate: RollingUpdate;
  minimumHealthyPercent: number;
  maximumPercent: number;
  findings: Finding[];
}

const PATH = 'deploymentConfiguration';

/** ecsHealthyFloor returns the number of tasks ECS keeps healthy during a deployment: ceil(desired × min / 100). */
export function ecsHealthyFloor(desired: number, minimumHealthyPercent: number): number {
  return Math.ceil((desired * minimumHealthyPercent) / 100);
}

/** ecsRunningCap returns the number of tasks ECS may run during a deployment: floor(desired × max / 100). */
export function ecsRunningCap(desired: number, maximumPercent: number): number {
  return Math.floor((desired * maximumPercent) / 100);
}

/**
 * resolveMaxUnavailable returns the number of pods Kubernetes allows to be unavailable for a
 * maxUnavailable value at `replicas` (percentages round down), as the deployment controller does.
 */
export function resolveMaxUnavailable(value: IntOrPercent, replicas: number): number {
  if (typeof value === 'number') return value;
  return Math.floor((replicas * Number(value.slice(0, -1))) / 100);
}

/**
 * rolloutPlan computes the rolling-update parameters of a REPLICA (Deployment) or DAEMON (DaemonSet)
 * service. Throws InputError for percentages ECS rejects. When the ECS values allow no progress at
 * all (nothing may stop and nothing may start, e.g. min 100 % / max 100 %), Kubernetes rejects
 * maxSurge = maxUnavailable = 0; ECS would leave such a deployment stuck, so the plan surges one pod
 * (a Deployment) or lets one pod be replaced at a time (a DaemonSet) and says so in a finding.
 */
export function rolloutPlan(
  strategy: SchedulingStrategy,
  desired: number,
  dc: DeploymentConfiguration | null | undefined,
): RolloutPlan {
  const defaults = ECS_ROLLOUT_DEFAULTS[strategy];
  const min = dc?.minimumHealthyPercent ?? defaults.minimumHealthyPercent;
  const max = dc?.maximumPercent ?? defaults.maximumPercent;
  const findings: Finding[] = [];
  if (min < 0 || min > 100) {
    throw new InputError(`${PATH}.minimumHealthyPercent`, `must be between 0 and 100, got ${min}`);
  }
  if (strategy === 'REPLICA' && max < 100) {
    throw new InputError(`${PATH}.maximumPercent`, `must be at least 100 for a REPLICA service, got ${max}`);
  }
  const maxUnavailable = `${100 - min}%`;

  if (strategy === 'DAEMON') {
    // A DaemonSet surge would run two copies on one node; ECS never starts a second daemon task on an
    // instance before stopping the first, whatever maximumPercent says.
    if (dc?.maximumPercent != null && dc.maximumPercent !== 100) {
      findings.push({
        source: 'Service',
        path: `${PATH}.maximumPercent`,
        level: 'Info',
        message: `a DAEMON service replaces its task on each node in place (maxSurge 0); maximumPercent ${max} has no effect`,
      });
    }
    if (min === 100) {
      findings.push({
        source: 'Service',
        path: `${PATH}.minimumHealthyPercent`,
        level: 'Approximated',
        message:
          'minimumHealthyPercent 100 with no surge allows no progress; the DaemonSet replaces one node’s pod at a time (maxUnavailable 1)',
      });
      return {
        rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
        minimumHealthyPercent: min,
        maximumPercent: max,
        findings,
      };
    }
    return {
      rollingUpdate: { maxSurge: 0, maxUnavailable },
      minimumHealthyPercent: min,
      maximumPercent: max,
      findings,
    };
  }

  let maxSurge = ecsRunningCap(desired, max) - desired;
  // No room either way (e.g. 3 tasks at 67 % / 100 %: none may stop, none may start): Kubernetes would
  // force one pod unavailable (the Deployment controller's fencepost rule), below ECS's floor; ECS would
  // not start the deployment. Surging one task keeps the floor.
  if (maxSurge === 0 && (min === 100 || (desired > 0 && resolveMaxUnavailable(maxUnavailable, desired) === 0))) {
    maxSurge = 1;
    findings.push({
      source: 'Service',
      path: `${PATH}.maximumPercent`,
      level: 'Approximated',
      message:
        desired === 0
          ? 'with desiredCount 0 the ECS limits give no room to roll out; maxSurge is set to 1 so the Deployment stays valid when scaled up'
          : `minimumHealthyPercent ${min} and maximumPercent ${max} allow no progress for ${desired} task(s) (ECS would not start the deployment); maxSurge is set to 1`,
    });
  }
  return { rollingUpdate: { maxSurge, maxUnavailable }, minimumHealthyPercent: min, maximumPercent: max, findings };
}

/** The ECS default threshold when thresholdConfiguration is absent: BOUNDED_PERCENT 50. */
const DEFAULT_THRESHOLD: ThresholdConfiguration = { type: 'BOUNDED_PERCENT', value: 50 };

/**
 * circuitBreakerThreshold returns how many failed tasks of a new deployment trip the ECS deployment
 * circuit breaker: by default half the desired count rounded up, at least 3 and at most 200
 * (BOUNDED_PERCENT 50). COUNT uses the value as is; UNBOUNDED_PERCENT scales without the 3..200
 * bounds (but never below 1, so that a failure can trip it at all).
 */
export function circuitBreakerThreshold(
  desired: number,
  threshold: ThresholdConfiguration | null | undefined = DEFAULT_THRESHOLD,
): number {
  const t = threshold ?? DEFAULT_THRESHOLD;
  const scaled = Math.ceil((Math.max(desired, 0) * t.value) / 100);
  switch (t.type) {
    case 'COUNT':
      return Math.max(t.value, 1);
    case 'UNBOUNDED_PERCENT':
      return Math.max(scaled, 1);
    case 'BOUNDED_PERCENT':
      return Math.min(Math.max(scaled, 3), 200);
  }
}
