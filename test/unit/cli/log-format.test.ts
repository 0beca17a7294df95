import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCli } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('--log-format on the command line', () => {
  it('makes an invalid operator --log-format a usage error (exit 2) naming the flag', async () => {
    const err = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'operator', '--log-format=xml'],
      { cwd: ROOT },
    ).then(
      () => {
        throw new Error('the operator started with --log-format=xml');
      },
      (e: { code?: number; stdout: string; stderr: string }) => e,
    );
    expect(err.code).to.equal(2);
    expect(err.stdout).to.equal('');
    expect(err.stderr).to.match(
      /^ecs2eks operator: command line: --log-format \(logFormat\): .*"json"\|"text"\|"auto"\n$/,
    );
  });

  it('makes an invalid ecs-api --log-format a usage error (exit 2) naming the flag', async () => {
    const r = await runCli(['ecs-api', '--log-format=xml']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal('ecs2eks: option --log-format: expected one of json, text, auto, got "xml"\n');
  });

  it('lists --log-format in the ecs-api help with its choices', async () => {
    const r = await runCli(['ecs-api', '--help']);
    expect(r.stdout).to.match(
      /--log-format FORMAT\s+log format; auto is text .* \(default: auto\) \(json\|text\|auto\)/,
    );
  });
});
