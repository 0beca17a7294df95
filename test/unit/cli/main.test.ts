import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { run } from '../../../src/cli/run.js';
import { runCli } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('ecs2eks (global)', () => {
  it('prints help with --help and exit 0, listing every command', async () => {
    const r = await runCli(['--help']);
    expect(r.code).to.equal(0);
    for (const c of ['convert', 'import', 'report', 'crds', 'operator'])
      expect(r.stdout).to.match(new RegExp(`^  ${c}\\s`, 'm'));
  });

  it('prints help for every command with --help (exit 0), even next to other arguments', async () => {
    for (const c of ['convert', 'import', 'report', 'crds']) {
      const r = await runCli([c, 'whatever', '--help']);
      expect(r.code, c).to.equal(0);
      expect(r.stdout, c).to.match(new RegExp(`^Usage: ecs2eks ${c} `));
      expect(r.stdout, c).to.include('--help');
      const viaHelp = await runCli(['help', c]);
      expect(viaHelp.stdout).to.equal(r.stdout);
    }
    expect((await runCli(['report', '--help'])).stdout).to.include(
      '0 when the report was produced (even if some files failed)',
    );
  });

  it('prints the package version with --version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal(`ecs2eks ${pkg.version}\n`);
  });

  it('exits 2 with usage on stderr without a command, and for an unknown command', async () => {
    const none = await runCli([]);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.include('Usage: ecs2eks <command>');
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.equal(`ecs2eks: unknown command "frobnicate" (see 'ecs2eks --help')\n`);
  });

  it('prints three CRDs with crds, and writes them into --out DIR', async () => {
    const r = await runCli(['crds']);
    expect(r.code).to.equal(0);
    const crds = (yaml.loadAll(r.stdout) as Array<{ kind: string; metadata: { name: string } }>).filter(Boolean);
    expect(crds.map((c) => c.kind)).to.deep.equal([
      'CustomResourceDefinition',
      'CustomResourceDefinition',
      'CustomResourceDefinition',
    ]);
    expect(crds.map((c) => c.metadata.name).sort()).to.deep.equal([
      'services.ecs2eks.dev',
      'taskdefinitions.ecs2eks.dev',
      'tasks.ecs2eks.dev',
    ]);
    const out = mkdtempSync(join(tmpdir(), 'ecs2eks-crds-'));
    try {
      const w = await runCli(['crds', '--out', join(out, 'crds')]);
      expect(w.code, w.stderr).to.equal(0);
      expect(readdirSync(join(out, 'crds')).sort()).to.deep.equal([
        'ecs2eks.dev_services.yaml',
        'ecs2eks.dev_taskdefinitions.yaml',
        'ecs2eks.dev_tasks.yaml',
      ]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('reports an unexpected error in one line saying it is a bug, with the stack only under ECS2EKS_DEBUG=1', async () => {
    const failing = {
      // eslint-disable-next-line require-yield -- the stream must fail before yielding anything
      async *[Symbol.asyncIterator](): AsyncGenerator<string> {
        throw new Error('stream exploded');
      },
    };
    for (const debug of [undefined, '1']) {
      let stderr = '';
      const code = await run(
        ['convert', '-'],
        { stdin: failing, stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) } },
        { env: { ECS2EKS_DEBUG: debug } },
      );
      expect(code).to.equal(1);
      expect(stderr.split('\n')[0]).to.equal(
        'ecs2eks: internal error: stream exploded (this is a bug; ECS2EKS_DEBUG=1 shows the stack trace)',
      );
      expect(stderr.includes('    at '), `debug=${debug}`).to.equal(debug === '1');
    }
  });

  it('runs as a real process: node --import tsx src/cli/main.ts --help', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--help'], {
      cwd: ROOT,
    });
    expect(stdout).to.match(/^ecs2eks: run Amazon ECS task definitions and services on Kubernetes\./);
  });
});
