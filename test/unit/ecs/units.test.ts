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
      ['0.3 vCPU', 307], // 307.2 rounded
      ['192 vCPU', 196608],
    ];
    for (const [input, units] of cases) {
      it(`reads ${JSON.stringify(input)} as ${units} units`, () => expect(parseTaskCpu(input, 'cpu')).to.equal(units));
    }
    for (const bad of [
      '',
      'abc',
      '1 core',
      '-1',
      '0',
      1.5,
      0,
      '1.5',
      '0 vCPU',
      'about 1 vCPU',
      '1 vCPUs',
      '2 vCPU 512',
    ]) {
      it(`rejects ${JSON.stringify(bad)} with an InputError at the path`, () => {
        expect(() => parseTaskCpu(bad, 'cpu'))
          .to.throw(InputError)
          .with.property('path', 'cpu');
      });
    }
    // [input, error message]: a value that reads as a number but is not a positive whole number of units
    // is named as such; anything else is "cannot parse".
    const messages: Array<[number | string, string]> = [
      [0, 'cpu: cpu must be a positive whole number, got 0'],
      [1.5, 'cpu: cpu must be a positive whole number, got 1.5'],
      ['0', 'cpu: cpu must be a positive whole number, got 0'],
      ['0.0001 vCPU', 'cpu: cpu must be a positive whole number, got 0'],
      ['1 core', 'cpu: cannot parse cpu "1 core": expected CPU units ("256") or vCPU ("0.25 vCPU")'],
    ];
    for (const [input, message] of messages) {
      it(`explains why ${JSON.stringify(input)} is refused`, () => {
        expect(() => parseTaskCpu(input, 'cpu')).to.throw(InputError, message);
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
      ['0.7GB', 717], // 716.8 rounded
      ['0.25GB', 256],
      ['.5 GB', 512],
      [' 2048 ', 2048],
    ];
    for (const [input, mib] of cases) {
      it(`reads ${JSON.stringify(input)} as ${mib} MiB`, () => expect(parseTaskMemory(input, 'memory')).to.equal(mib));
    }
    for (const bad of ['1 TB', '512MiB', 'lots', -5, '', 0, '0', 0.5, '0 GB', 'about 1 GB', '1 GBs', '1 GB 512']) {
      it(`rejects ${JSON.stringify(bad)} with an InputError at the path`, () => {
        expect(() => parseTaskMemory(bad, 'memory'))
          .to.throw(InputError)
          .with.property('path', 'memory');
      });
    }
    const messages: Array<[number | string, string]> = [
      [0, 'memory: memory must be a positive whole number, got 0'],
      [0.5, 'memory: memory must be a positive whole number, got 0.5'],
      ['0', 'memory: memory must be a positive whole number, got 0'],
      ['0.0001 GB', 'memory: memory must be a positive whole number, got 0'],
      ['1 TB', 'memory: cannot parse memory "1 TB": expected MiB ("512") or GB ("1 GB")'],
    ];
    for (const [input, message] of messages) {
      it(`explains why ${JSON.stringify(input)} is refused`, () => {
        expect(() => parseTaskMemory(input, 'memory')).to.throw(InputError, message);
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
      [0, '0Mi'],
      [1023, '1023Mi'],
      [1025, '1025Mi'],
    ];
    for (const [mib, q] of cases) {
      it(`converts ${mib} MiB to ${q}`, () => expect(mibToQuantity(mib)).to.equal(q));
    }
    it('writes GiB as Gi', () => expect(gibToQuantity(21)).to.equal('21Gi'));
  });
});
