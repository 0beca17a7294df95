// Real node, scenario 2: host bind mounts as ECS (Docker) makes them. A task definition's
// `host.sourcePath` may name a directory, a file, a socket, or nothing yet (Docker creates a
// directory). The pod's hostPath has no type check, so the kubelet lets the runtime bind what is
// there; a `DirectoryOrCreate` hostPath (what the translation once used) fails the pod on the file
// and the socket. The container checks each mount from the inside and exits 0 only if all hold.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apply, kubectl } from '../e2e/support/kubectl.js';
import { waitFor } from '../e2e/support/wait.js';
import { container, ecsTask, ensureCrds, getEtask, taskDefinition, useOperator } from '../e2e/operator/helpers.js';
import { ON_REAL_NODE, requireRealNode } from './support.js';

before(async function () {
  await requireRealNode();
  await ensureCrds();
});

describe('real node 2: host bind mounts of a directory, a file, a socket and a missing path', function () {
  let ns = '';
  useOperator('e2e-real2', 'real2', (n) => (ns = n));
  let host = '';
  before(function () {
    // The real node is this machine: the test prepares the host side itself.
    host = mkdtempSync(join(tmpdir(), 'ecs2eks-real2-'));
    mkdirSync(join(host, 'dir'));
    writeFileSync(join(host, 'dir', 'hello'), 'from the host\n');
    writeFileSync(join(host, 'file'), 'machine-id-like\n');
    // A unix socket stays on disk after the process that bound it exits.
    execFileSync('python3', [
      '-c',
      `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(join(host, 'sock'))})`,
    ]);
    expect(statSync(join(host, 'sock')).isSocket(), 'host socket').to.equal(true);
  });
  after(() => host && rmSync(host, { recursive: true, force: true }));

  it('binds each as it is on the host and creates the missing one as a directory; the task exits 0', async function () {
    const check = [
      'test -f /m/dir/hello && cat /m/dir/hello',
      'test -f /m/file && cat /m/file',
      'test -S /m/sock && echo socket-ok',
      'test -d /m/missing && echo missing-is-dir',
    ].join(' && ');
    await apply(
      ns,
      taskDefinition('mounts', {
        volumes: ['dir', 'file', 'sock', 'missing'].map((v) => ({ name: v, host: { sourcePath: join(host, v) } })),
        containerDefinitions: [
          container('check', 'registry.example.com/check:1', {
            command: ['sh', '-c', `${check} && echo ALL-OK`],
            mountPoints: ['dir', 'file', 'sock', 'missing'].map((v) => ({ sourceVolume: v, containerPath: `/m/${v}` })),
          }),
        ],
      }),
      ecsTask('mounts', { taskDefinition: 'mounts', placementConstraints: ON_REAL_NODE }),
    );
    const st = await waitFor(
      async () => {
        const s = (await getEtask(ns, 'mounts')).status as
          | { lastStatus?: string; stopCode?: string; containers?: { name: string; exitCode?: number | null }[] }
          | undefined;
        return s?.lastStatus === 'STOPPED' && s;
      },
      120_000,
      'task mounts STOPPED',
    );
    const logs = await kubectl(['-n', ns, 'logs', 'mounts-0', '-c', 'check']).catch((e: Error) => e.message);
    console.log(`      task mounts: ${JSON.stringify(st)}; logs: ${JSON.stringify(logs)}`);
    expect(st.containers?.find((c) => c.name === 'check')?.exitCode, 'check exit code').to.equal(0);
    expect(logs).to.contain('from the host').and.contain('machine-id-like').and.contain('socket-ok');
    expect(logs).to.contain('missing-is-dir').and.contain('ALL-OK');
    expect(
      statSync(join(host, 'missing')).isDirectory(),
      'the runtime created the missing path as a directory',
    ).to.equal(true);
  });
});
