// `make run` (hack/run.sh) changes only a cluster it started itself, unless told otherwise with
// CONTEXT=<context>; then it names the context and server first, installs the CRDs but not examples/,
// and one SIGINT ends it with exit 0 (no make error). The "cluster" here is a stub HTTP server on
// 127.0.0.1 that answers GET /version like an apiserver and records every request; nothing else is
// contacted and no control plane is started (REAL_NODE=0 and binary dirs that do not exist, in case).
import { expect } from 'chai';
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** make flags: never npm ci or compile from a unit test (a stale node_modules or dist stays as it is). */
const NO_REMAKE = ['--no-print-directory', '-o', 'node_modules/.package-lock.json', '-o', 'build'];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in ROOT; `until` (on stderr) is when to send SIGINT to its whole process group. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Its own process group, so that the SIGINT below reaches make and bash as a terminal's Ctrl-C does.
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`timed out; stderr so far:\n${stderr}`));
    }, 25_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (until && !interrupted && until.test(stderr) && child.pid !== undefined) {
        interrupted = true;
        process.kill(-child.pid, 'SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('make run (hack/run.sh): only a cluster it started, unless CONTEXT= says otherwise', function () {
  this.timeout(30_000);
  let server: http.Server;
  let serverUrl: string;
  let closedUrl: string;
  const requests: { method: string; url: string }[] = [];
  let dir: string;
  let shims: string;
  let kubeconfig: string;
  let env: NodeJS.ProcessEnv;
  const makeBin = execFileSync('bash', ['-c', 'command -v make'], { encoding: 'utf8' }).trim();

  before(async () => {
    server = http.createServer((req, res) => {
      requests.push({ method: req.method ?? '', url: req.url ?? '' });
      if (req.method === 'GET' && req.url === '/version') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ major: '1', minor: '35', gitVersion: 'v1.35.8', platform: 'linux/amd64' }));
      } else if (req.method === 'GET' && (req.url === '/readyz' || req.url === '/healthz')) {
        res.end('ok');
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"kind":"Status","status":"Failure","code":404}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A port nothing listens on: a kubeconfig whose cluster does not answer.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    dir = mkdtempSync(join(tmpdir(), 'ecs2eks-run-test-'));
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- {name: stub-cluster, cluster: {server: "${serverUrl}"}}`,
        `- {name: gone-cluster, cluster: {server: "${closedUrl}"}}`,
        'users:',
        '- {name: stub-user, user: {token: not-a-secret}}',
        'contexts:',
        '- {name: stub-context, context: {cluster: stub-cluster, user: stub-user}}',
        '- {name: gone-context, context: {cluster: gone-cluster, user: stub-user}}',
        'current-context: stub-context',
        '',
      ].join('\n'),
    );
    // Stand-ins that record what they are asked: make (the build inside run.sh), kubectl, the operator.
    shims = join(dir, 'bin');
    execFileSync('mkdir', ['-p', shims]);
    const shim = (name: string, body: string): void => {
      writeFileSync(join(shims, name), `#!/usr/bin/env bash\n${body}\n`);
      chmodSync(join(shims, name), 0o755);
    };
    shim('make', `echo "make $*" >>"${dir}/calls"`);
    shim(
      'kubectl',
      [
        `echo "kubectl KUBECONFIG=$KUBECONFIG $*" >>"${dir}/calls"`,
        'case "$1 $2" in',
        // The pinned copy: the named context only (what kubectl config view --minify --flatten prints).
        `  "config view") sed -e '/gone-/d' -e 's/^current-context: .*/current-context: stub-context/' "${kubeconfig}" ;;`,
        '  "get crd") echo True ;;',
        'esac',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'operator.cjs'),
      `const fs = require('node:fs'), http = require('node:http');
const log = (line) => fs.appendFileSync(${JSON.stringify(join(dir, 'calls'))}, line + '\\n');
log('operator ' + process.argv.slice(2).join(' ') + ' KUBECONFIG=' + process.env.KUBECONFIG);
const [host, port] = process.argv.find((a) => a.startsWith('--health-probe-bind-address=')).split('=')[1].split(':');
const probes = http.createServer((_, res) => res.end('ok')).listen(Number(port), host, () => console.log('{"msg":"listening"}'));
for (const s of ['SIGINT', 'SIGTERM'])
  process.on(s, () => { log('operator got ' + s); probes.close(); setTimeout(() => process.exit(0), 50); });
`,
    );
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      TMPDIR: dir,
      KUBECONFIG: kubeconfig,
      REAL_NODE: '0',
      ECS2EKS_CLUSTER_BIN_DIR: join(dir, 'no-cluster-bins'),
      ECS2EKS_NODE_BIN_DIR: join(dir, 'no-node-bins'),
    };
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    requests.length = 0;
    rmSync(join(dir, 'calls'), { force: true });
  });

  const writes = () => requests.filter((r) => WRITES.has(r.method));
  const calls = () => (existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8') : '');
  const lines = (text: string) => text.split('\n').filter(Boolean);

  it('refuses a kubeconfig whose current context answers, names it and how to opt in, and writes nothing', async () => {
    const r = await run('bash', ['hack/run.sh'], { ...env, PATH: `${shims}:${env.PATH}` });
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.contain('refusing');
    expect(r.stderr).to.contain('"stub-context"');
    expect(r.stderr).to.contain(serverUrl);
    expect(r.stderr).to.contain('make run CONTEXT=stub-context');
    expect(r.stderr).to.contain('make run LOCAL=1');
    expect(requests, 'the stub was asked whether it answers').to.deep.include({ method: 'GET', url: '/version' });
    expect(writes()).to.deep.equal([]);
    expect(calls(), 'no build, no kubectl, no operator').to.equal('');
    expect(r.stdout).to.equal('');
  });

  it('with the opt-in, prints the context and server before anything else (--check-only changes nothing)', async () => {
    const r = await run('bash', ['hack/run.sh', '--context', 'stub-context', '--check-only'], env);
    expect(r.code, r.stderr).to.equal(0);
    expect(lines(r.stderr)[0]).to.match(/^\[run\] CONTEXT=stub-context: this changes cluster "stub-cluster" at /);
    expect(lines(r.stderr)[0]).to.contain(serverUrl);
    expect(r.stderr).to.contain(
      'examples/ are not applied to it: that is a separate step, make examples CONTEXT=stub-context',
    );
    expect(writes()).to.deep.equal([]);
  });

  it('refuses a context the kubeconfig does not have, before sending any request', async () => {
    const r = await run('bash', ['hack/run.sh', '--context', 'nope', '--check-only'], env);
    expect(r.code).to.not.equal(0);
    expect(r.stderr).to.contain('no context "nope"');
    expect(r.stderr).to.contain('"stub-context", "gone-context"');
    expect(requests).to.deep.equal([]);
  });

  it('starts a local control plane of its own when no context answers (--check-only)', async () => {
    const gone = join(dir, 'gone-kubeconfig');
    writeFileSync(
      gone,
      readFileSync(kubeconfig, 'utf8').replace('current-context: stub-context', 'current-context: gone-context'),
    );
    const r = await run('bash', ['hack/run.sh', '--check-only'], { ...env, KUBECONFIG: gone });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('no kubeconfig context answers (context "gone-context": ');
    expect(r.stderr).to.contain('starting a local control plane of its own');
    expect(r.stderr).to.contain('the CRDs and examples/ are applied there');
    expect(requests).to.deep.equal([]);
  });

  it('takes CONTEXT only from make’s command line, never from the environment', () => {
    const dryRun = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
      execFileSync(makeBin, ['-n', ...NO_REMAKE, ...args], {
        cwd: ROOT,
        env: { ...env, ...extra, MAKEFLAGS: '', MAKELEVEL: '' },
        encoding: 'utf8',
      });
    expect(dryRun(['run', 'CONTEXT=stub-context'])).to.contain("bash hack/run.sh --context 'stub-context'");
    expect(dryRun(['run'], { CONTEXT: 'stub-context' })).to.not.contain('--context');
    expect(dryRun(['run', 'LOCAL=1'])).to.match(/bash hack\/run\.sh +--local/);
    expect(dryRun(['examples', 'CONTEXT=stub-context'])).to.contain("bash hack/examples.sh --context 'stub-context'");
  });

  it('make run CONTEXT=: CRDs only, through a copy pinned to the context; the banner first; one SIGINT ends it with exit 0', async () => {
    const r = await run(
      makeBin,
      [...NO_REMAKE, 'run', 'CONTEXT=stub-context'],
      {
        ...env,
        PATH: `${shims}:${env.PATH}`,
        MAKEFLAGS: '',
        MAKELEVEL: '',
        ECS2EKS_RUN_OPERATOR: `node ${join(dir, 'operator.cjs')}`,
      },
      /ecs2eks is running/,
    );
    expect(r.signal ?? r.code, r.stderr).to.be.oneOf(['SIGINT', 0]);
    expect(r.stderr).to.not.contain('make: ***');
    expect(r.stderr).to.match(/\[run\] stopped \(SIGINT\)/);
    const err = lines(r.stderr);
    expect(err[0]).to.match(/^\[run\] CONTEXT=stub-context: this changes cluster "stub-cluster" at /);

    // Every kubectl call went through the pinned copy; the CRDs were applied, examples/ were not.
    const log = lines(calls());
    const kubectl = log.filter((l) => l.startsWith('kubectl '));
    const pinned = /^kubectl KUBECONFIG=(\S+) apply /.exec(kubectl.find((l) => l.includes(' apply '))!)![1];
    expect(pinned).to.not.equal(kubeconfig);
    expect(kubectl[0]).to.equal(
      `kubectl KUBECONFIG=${kubeconfig} config view --minify --flatten --context stub-context`,
    );
    for (const l of kubectl.slice(1)) expect(l).to.contain(`KUBECONFIG=${pinned} `);
    expect(kubectl.filter((l) => l.includes(' apply '))).to.have.length(1);
    expect(kubectl.find((l) => l.includes(' apply '))).to.contain('-f crds/');
    expect(calls()).to.not.contain('examples');
    expect(existsSync(pinned), 'the pinned copy is removed on exit').to.equal(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('tmp.'))).to.deep.equal([]);

    // The banner names the addresses the operator got, before the operator's first log line.
    const op = log.find((l) => l.startsWith('operator '))!;
    const metrics = /--metrics-bind-address=(127\.0\.0\.1:\d+)/.exec(op)![1];
    const probes = /--health-probe-bind-address=(127\.0\.0\.1:\d+)/.exec(op)![1];
    expect(op).to.not.contain('--policy=local');
    expect(op).to.contain(`KUBECONFIG=${pinned}`);
    expect(r.stderr).to.contain(`metrics     http://${metrics}/metrics`);
    expect(r.stderr).to.contain(`probes      http://${probes}/healthz and /readyz`);
    expect(r.stderr).to.contain('make examples CONTEXT=stub-context applies them');
    expect(r.stderr).to.contain('kubectl --context stub-context get ecs');
    expect(r.stdout).to.contain('{"msg":"listening"}');

    // Stopped once, by run.sh, with SIGTERM: the Ctrl-C itself did not reach the operator.
    expect(log.filter((l) => l.startsWith('operator got'))).to.deep.equal(['operator got SIGTERM']);
    expect(writes()).to.deep.equal([]);
  });
});
