import { expect } from 'chai';
import { parseArgs, type OptionSpecs } from '../../../src/cli/args.js';
import { UsageError } from '../../../src/cli/errors.js';

const SPECS: OptionSpecs = {
  output: { type: 'string', short: 'o', choices: ['yaml', 'json'], help: '' },
  enable: { type: 'string', multiple: true, help: '' },
  quiet: { type: 'boolean', short: 'q', help: '' },
};

describe('cli argument parser', () => {
  it('reads long, long=value, short and repeatable options, and - as a positional', () => {
    const a = parseArgs(['-', '--output=json', '--enable', 'a', '-q', '--enable', 'b'], SPECS, 'x');
    expect(a).to.deep.equal({ values: { output: 'json', enable: ['a', 'b'], quiet: true }, positionals: ['-'] });
    expect(parseArgs(['-ojson', 'f'], SPECS, 'x').values.output).to.equal('json');
  });

  it('treats everything after -- as positionals', () => {
    expect(parseArgs(['--', '--quiet', '-o'], SPECS, 'x').positionals).to.deep.equal(['--quiet', '-o']);
  });

  it('rejects unknown options, missing values, bad choices, values on booleans and repeats', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--nope'], /unknown option --nope/],
      [['-z'], /unknown option -z/],
      [['--output'], /option --output needs a value/],
      [['-o', 'xml'], /option -o: expected one of yaml, json, got "xml"/],
      [['--quiet=yes'], /option --quiet takes no value/],
      [['-o', 'json', '-o', 'yaml'], /given more than once/],
    ];
    for (const [argv, re] of cases) {
      expect(() => parseArgs(argv, SPECS, 'x'), argv.join(' ')).to.throw(UsageError, re);
    }
  });
});
