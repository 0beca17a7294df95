/**
 * A Service whose task count its auto scaling owns (spec.autoScaling → an HPA): a desiredCount set
 * by hand (`kubectl scale esvc`, UpdateService) is not applied, as Application Auto Scaling would
 * override it in ECS. The status says so in a condition, and one Warning Event marks the moment it
 * starts. Pure.
 */
import type { AutoScaling } from '../ecs/model.js';
import { setCondition, type Condition } from './conditions.js';

export const CONDITION_DESIRED_COUNT_OVERRIDDEN = 'DesiredCountOverridden';

export interface OverrideInput {
  /** spec.desiredCount as written. */
  asked: number | null | undefined;
  /** The count that applies: the HPA's (the Deployment's replicas). */
  applied: number;
  autoScaling: AutoScaling | null | undefined;
  /** True when the HPA owns the workload's replicas. */
  hpaOwned: boolean;
  conditions: readonly Condition[] | undefined;
  generation: number;
  now: string;
}

export interface OverrideResult {
  conditions: Condition[];
  /** A Warning Event to record, when the override starts or its message changes. */
  event?: { reason: string; message: string };
}

export function desiredCountOverride(i: OverrideInput): OverrideResult {
  if (!i.hpaOwned)
    return { conditions: (i.conditions ?? []).filter((c) => c.type !== CONDITION_DESIRED_COUNT_OVERRIDDEN) };
  const before = i.conditions?.find((c) => c.type === CONDITION_DESIRED_COUNT_OVERRIDDEN);
  const range = i.autoScaling ? `${i.autoScaling.minCapacity}-${i.autoScaling.maxCapacity}` : 'its range';
  if (typeof i.asked === 'number' && i.asked !== i.applied) {
    const message =
      `desiredCount ${i.asked} is not applied: auto scaling owns the task count (autoScaling ${range}, now ${i.applied}), ` +
      'as Application Auto Scaling would override it; change autoScaling.minCapacity or maxCapacity instead';
    const conditions = setCondition(
      i.conditions,
      {
        type: CONDITION_DESIRED_COUNT_OVERRIDDEN,
        status: 'True',
        reason: 'AutoScaling',
        message,
        observedGeneration: i.generation,
      },
      i.now,
    );
    const news = before?.status !== 'True' || before.message !== message;
    return news ? { conditions, event: { reason: 'DesiredCountOverridden', message } } : { conditions };
  }
  return {
    conditions: setCondition(
      i.conditions,
      {
        type: CONDITION_DESIRED_COUNT_OVERRIDDEN,
        status: 'False',
        reason: 'AutoScaling',
        message: `auto scaling owns the task count (autoScaling ${range}, now ${i.applied})`,
        observedGeneration: i.generation,
      },
      i.now,
    ),
  };
}
