import { expect } from 'chai';
import { boundFindings } from '../../../src/translate/findings.js';

describe('boundFindings (what a status carries)', () => {
  const f = (level: 'Info' | 'Approximated' | 'Unsupported', i: number, message = `m${i}`) => ({
    source: 'TaskDefinition' as const,
    path: `containerDefinitions[0].environment[${i}]`,
    level,
    message,
  });

  it('keeps the first N of each level in order and counts the rest in one Info finding per level', () => {
    const input = [
      ...Array.from({ length: 5 }, (_, i) => f('Approximated', i)),
      ...Array.from({ length: 2 }, (_, i) => f('Unsupported', 10 + i)),
      ...Array.from({ length: 4 }, (_, i) => f('Info', 20 + i)),
    ];
    const out = boundFindings(input, 3);
    expect(out.map((x) => `${x.level}:${x.path || x.message}`)).to.deep.equal([
      'Approximated:containerDefinitions[0].environment[0]',
      'Approximated:containerDefinitions[0].environment[1]',
      'Approximated:containerDefinitions[0].environment[2]',
      'Unsupported:containerDefinitions[0].environment[10]',
      'Unsupported:containerDefinitions[0].environment[11]',
      'Info:containerDefinitions[0].environment[20]',
      'Info:containerDefinitions[0].environment[21]',
      'Info:containerDefinitions[0].environment[22]',
      'Info:2 more Approximated finding(s) not shown in status (ecs2eks report lists them all)',
      'Info:1 more Info finding(s) not shown in status (ecs2eks report lists them all)',
    ]);
  });

  it('cuts long messages and leaves short ones (and the input) alone', () => {
    const long = f('Info', 0, 'x'.repeat(5000));
    const out = boundFindings([long, f('Info', 1)], 50, 100);
    expect(out[0].message).to.have.length(100);
    expect(out[0].message.endsWith('…')).to.equal(true);
    expect(out[1].message).to.equal('m1');
    expect(long.message).to.have.length(5000);
  });

  it('bounds 10,000 findings to a status of a few kilobytes per level', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => f('Approximated', i, 'y'.repeat(2000)));
    const out = boundFindings(many);
    expect(out).to.have.length(51);
    expect(JSON.stringify(out).length).to.be.lessThan(60_000);
  });
});
