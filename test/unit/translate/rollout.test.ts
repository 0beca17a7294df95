import { expect } from 'chai';
import fc from 'fast-check';
import {
  circuitBreakerThreshold,
  ecsHealthyFloor,
  resolveMaxUnavailable,
  rolloutPlan,
} from '../../../src/translate/rollout.js';
import { InputError } from '../../../src/ecs/errors.js';

describe('rolloutPlan for a REPLICA service', () => {
  // desired, minimumHealthyPercent, maximumPercent (undefined = ECS default), expected maxSurge, maxUnavailable
  const table: Array<[string, number, number | undefined, number | undefined, number, string]> = [
    ['uses the ECS defaults 100/200: surge a full set, keep every task', 4, undefined, undefined, 4, '0%'],
    ['floors the surge cap: 3 tasks at 150 % may run 4', 3, 100, 150, 1, '0%'],
    ['floors the surge cap: 5 tasks at 110 % may run 5, so one must stop first', 5, 50, 110, 0, '50%'],
    ['allows stopping everything at min 0 / max 100', 1, 0, 100, 0, '100%'],
    ['combines surge and unavailability', 10, 50, 200, 10, '50%'],
    ['keeps large counts exact', 7, 75, 125, 1, '25%'],
    ['keeps a desired count of 0 valid when some unavailability is allowed', 0, 50, 200, 0, '50%'],
  ];
  for (const [what, desired, min, max, surge, unavailable] of table) {
    it(what, () => {
      const plan = rolloutPlan('REPLICA', desired, { minimumHealthyPercent: min, maximumPercent: max });
      expect(plan.rollingUpdate).to.deep.equal({ maxSurge: surge, maxUnavailable: unavailable });
      expect(plan.findings).to.deep.equal([]);
    });
  }

  it('surges one pod with a finding when 100/100 allows no progress', () => {
    const plan = rolloutPlan('REPLICA', 3, { minimumHealthyPercent: 100, maximumPercent: 100 });
    expect(plan.rollingUpdate).to.deep.equal({ maxSurge: 1, maxUnavailable: '0%' });
    expect(plan.findings.map((f) => [f.path, f.level])).to.deep.equal([
      ['deploymentConfiguration.maximumPercent', 'Approximated'],
    ]);
  });

  it('surges one pod with a finding when a single task at 100/150 cannot surge', () => {
    const plan = rolloutPlan('REPLICA', 1, { minimumHealthyPercent: 100, maximumPercent: 150 });
    expect(plan.rollingUpdate).to.deep.equal({ maxSurge: 1, maxUnavailable: '0%' });
    expect(plan.findings).to.have.length(1);
  });

  it('keeps a desired count of 0 with the defaults valid (never both zero)', () => {
    const plan = rolloutPlan('REPLICA', 0, undefined);
    expect(plan.rollingUpdate).to.deep.equal({ maxSurge: 1, maxUnavailable: '0%' });
  });

  it('rejects a minimumHealthyPercent above 100 naming the field', () => {
    expect(() => rolloutPlan('REPLICA', 2, { minimumHealthyPercent: 120 }))
      .to.throw(InputError)
      .with.property('path', 'deploymentConfiguration.minimumHealthyPercent');
  });

  it('rejects a maximumPercent below 100 naming the field', () => {
    expect(() => rolloutPlan('REPLICA', 2, { maximumPercent: 50 }))
      .to.throw(InputError)
      .with.property('path', 'deploymentConfiguration.maximumPercent');
  });

  it('lets Kubernetes resolve maxUnavailable to exactly the tasks above the ECS healthy floor for every replica count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 100 }), (replicas, min) => {
        const plan = rolloutPlan('REPLICA', replicas, { minimumHealthyPercent: min, maximumPercent: 200 });
        return (
          resolveMaxUnavailable(plan.rollingUpdate.maxUnavailable, replicas) ===
          replicas - ecsHealthyFloor(replicas, min)
        );
      }),
    );
  });

  it('stays within the ECS floor and cap as the Deployment controller resolves them, or says why not', () => {
    // The Deployment controller's fenceposts (deploymentutil.ResolveFenceposts): an int-or-percent
    // surge rounds up, unavailability rounds down, and when both are 0 it makes unavailability 1.
    const resolve = (v: number | string, d: number, up: boolean): number =>
      typeof v === 'number' ? v : (up ? Math.ceil : Math.floor)((d * Number(v.slice(0, -1))) / 100);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 100, max: 400 }),
        (d, min, max) => {
          const plan = rolloutPlan('REPLICA', d, { minimumHealthyPercent: min, maximumPercent: max });
          const surge = resolve(plan.rollingUpdate.maxSurge, d, true);
          let unavailable = resolve(plan.rollingUpdate.maxUnavailable, d, false);
          if (surge === 0 && unavailable === 0) unavailable = 1;
          const withinFloor = d - unavailable >= Math.ceil((d * min) / 100);
          const withinCap = d + surge <= Math.floor((d * max) / 100);
          // Never below the floor; above the cap only where the ECS values leave no room, with a finding.
          return (
            withinFloor && (withinCap || plan.findings.some((f) => f.path === 'deploymentConfiguration.maximumPercent'))
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('surges one task with a finding when the percentages leave no room either way (3 tasks, 67 % / 100 %)', () => {
    const plan = rolloutPlan('REPLICA', 3, { minimumHealthyPercent: 67, maximumPercent: 100 });
    expect(plan.rollingUpdate).to.deep.equal({ maxSurge: 1, maxUnavailable: '33%' });
    expect(plan.findings.map((f) => f.level)).to.deep.equal(['Approximated']);
    expect(plan.findings[0].message).to.contain('allow no progress for 3 task(s)');
  });
});

describe('rolloutPlan for a DAEMON service', () => {
  it('uses the ECS daemon default min 0 %: every node may be replaced at once, no surge', () => {
    expect(rolloutPlan('DAEMON', 0, undefined).rollingUpdate).to.deep.equal({ maxSurge: 0, maxUnavailable: '100%' });
  });

  it('turns min 50 % into maxUnavailable 50 %', () => {
    expect(rolloutPlan('DAEMON', 0, { minimumHealthyPercent: 50 }).rollingUpdate).to.deep.equal({
      maxSurge: 0,
      maxUnavailable: '50%',
    });
  });

  it('replaces one pod at a time with a finding when min is 100 %', () => {
    const plan = rolloutPlan('DAEMON', 0, { minimumHealthyPercent: 100 });
    expect(plan.rollingUpdate).to.deep.equal({ maxSurge: 0, maxUnavailable: 1 });
    expect(plan.findings[0]?.path).to.equal('deploymentConfiguration.minimumHealthyPercent');
  });

  it('reports a maximumPercent other than 100 as having no effect', () => {
    const plan = rolloutPlan('DAEMON', 0, { maximumPercent: 200 });
    expect(plan.findings.map((f) => [f.path, f.level])).to.deep.equal([
      ['deploymentConfiguration.maximumPercent', 'Info'],
    ]);
  });
});

describe('circuitBreakerThreshold', () => {
  const table: Array<[string, number, Parameters<typeof circuitBreakerThreshold>[1], number]> = [
    ['is at least 3 for one task', 1, undefined, 3],
    ['is at least 3 for six tasks', 6, undefined, 3],
    ['is half the desired count for ten tasks', 10, undefined, 5],
    ['rounds half of an odd count up', 11, undefined, 6],
    ['is at most 200', 1000, undefined, 200],
    ['is 200 at exactly 400 tasks', 400, undefined, 200],
    ['uses a COUNT value as is', 50, { type: 'COUNT', value: 7 }, 7],
    ['scales a BOUNDED_PERCENT value and clamps it', 10, { type: 'BOUNDED_PERCENT', value: 20 }, 3],
    ['scales an UNBOUNDED_PERCENT value without the bounds', 1000, { type: 'UNBOUNDED_PERCENT', value: 50 }, 500],
    ['never drops an UNBOUNDED_PERCENT threshold to 0', 0, { type: 'UNBOUNDED_PERCENT', value: 50 }, 1],
  ];
  for (const [what, desired, threshold, expected] of table) {
    it(what, () => expect(circuitBreakerThreshold(desired, threshold)).to.equal(expected));
  }
});
