import { expect } from 'chai';
import {
  CONDITION_DESIRED_COUNT_OVERRIDDEN,
  desiredCountOverride,
  type OverrideInput,
} from '../../../src/controller/autoscaling-status.js';

const T0 = '2026-11-30T06:00:00Z';
const base: OverrideInput = {
  asked: 9,
  applied: 2,
  autoScaling: { minCapacity: 2, maxCapacity: 5 },
  hpaOwned: true,
  conditions: [],
  generation: 3,
  now: T0,
};
const find = (r: { conditions: Array<{ type: string }> }) =>
  r.conditions.find((c) => c.type === CONDITION_DESIRED_COUNT_OVERRIDDEN) as
    { status: string; message: string } | undefined;

describe('desiredCountOverride: a desiredCount that auto scaling overrides', () => {
  it('says in a condition and one Warning event that the asked count is not applied', () => {
    const r = desiredCountOverride(base);
    expect(find(r)).to.include({ status: 'True' });
    expect(find(r)!.message).to.contain('desiredCount 9 is not applied').and.contain('autoScaling 2-5, now 2');
    expect(r.event?.reason).to.equal('DesiredCountOverridden');
    // The next pass with the same situation repeats no event.
    expect(desiredCountOverride({ ...base, conditions: r.conditions }).event).to.equal(undefined);
  });

  it('is False once the asked count is the applied one, and absent when nothing autoscales', () => {
    const first = desiredCountOverride(base);
    const settled = desiredCountOverride({ ...base, asked: 2, conditions: first.conditions });
    expect(find(settled)).to.include({ status: 'False' });
    expect(settled.event).to.equal(undefined);
    expect(find(desiredCountOverride({ ...base, hpaOwned: false, conditions: first.conditions }))).to.equal(undefined);
  });
});
