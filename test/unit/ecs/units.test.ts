import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import {
  cpuUnitsToQuantity,
  gibToQuantity,
  mibToQuantity,
  parseTaskCpu,
  parseTaskMemory,
} from '../../../src/ecs/units.js';

describe('units', () => {
  describe('parseTaskCpu', () => {
    const cases: Array<[number | string, number]> = [
      [256, 256],
      ['256', 256],
      [' 1024 ', 1024],
      ['0.25 vCPU', 256],
      ['.5 vcpu', 512],
      ['1 vCPU', 1024],
      ['2vcpu', 2048],
      ['0.125 VCPU', 128],
    ];
    for (const [input, units] of cases) {
      it(`reads ${JSON.stringify(input)} as ${units} units`, () => expect(parseTaskCpu(input, 'cpu')).to.equal(units));
    }
    for (const bad of ['', 'abc', '1 core', '-1', '0', 1.5, 0, '1.5', '0 vCPU']) {
      it(`rejects ${JSON.stringify(bad)} with an InputError at the path`, () => {
        expect(() => parseTaskCpu(bad, 'cpu'))
          .to.throw(InputError)
          .with.property('path', 'cpu');
      });
    }
  });

  describe('parseTaskMemory', () => {
    const cases: Array<[number | string, number]> = [
      [512, 512],
      ['512', 512],
      ['1GB', 1024],
      ['0.5 gb', 512],
      ['1 GB', 1024],
      ['30 GB', 30720],
    ];
    for (const [input, mib] of cases) {
      it(`reads ${JSON.stringify(input)} as ${mib} MiB`, () => expect(parseTaskMemory(input, 'memory')).to.equal(mib));
    }
    for (const bad of ['1 TB', '512MiB', 'lots', -5, '']) {
      it(`rejects ${JSON.stringify(bad)} with an InputError at the path`, () => {
        expect(() => parseTaskMemory(bad, 'memory'))
          .to.throw(InputError)
          .with.property('path', 'memory');
      });
    }
  });

  describe('cpuUnitsToQuantity', () => {
    const cases: Array<[number, string]> = [
      [128, '125m'],
      [256, '250m'],
      [512, '500m'],
      [1024, '1'],
      [2048, '2'],
      [16384, '16'],
      [10, '10m'], // 9.77 rounded up
      [1, '1m'],
      [1536, '1500m'],
      [100, '98m'],
    ];
    for (const [units, q] of cases) {
      it(`converts ${units} units to ${q}`, () => expect(cpuUnitsToQuantity(units)).to.equal(q));
    }
  });

  describe('mibToQuantity', () => {
    const cases: Array<[number, string]> = [
      [512, '512Mi'],
      [1024, '1Gi'],
      [1536, '1536Mi'],
      [3072, '3Gi'],
      [6, '6Mi'],
    ];
    for (const [mib, q] of cases) {
      it(`converts ${mib} MiB to ${q}`, () => expect(mibToQuantity(mib)).to.equal(q));
    }
    it('writes GiB as Gi', () => expect(gibToQuantity(21)).to.equal('21Gi'));
  });
});
