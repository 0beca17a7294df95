// Real node, scenario 8: the remaining volume and process settings, checked from inside real
// containers. `writer` writes into a Docker volume (dockerVolumeConfiguration, scope task) and exits 0;
// `checker` waits for it (dependsOn SUCCESS) and checks, from inside:
//   - the Docker volume is shared: it reads what writer wrote (an emptyDir shared by both);
//   - volumesFrom: it has writer's mount without naming it;
//   - tmpfs: /scratch is a tmpfs mount, writable;
//   - readonlyRootFilesystem: writing to / fails;
//   - user "1000:1000": id -u and id -g;
//   - workingDirectory: pwd.
// It prints each verdict and exits 0 only when all pass; the Task then stops with checker's exit 0.
import { expect } from 'chai';
import { apply, kubectl } from '../e2e/support/kubectl.js';
import { waitFor } from '../e2e/support/wait.js';
import { container, ecsTask, ensureCrds, getEtask, taskDefinition, useOperator } from '../e2e/operator/helpers.js';
import { ON_REAL_NODE, requireRealNode } from './support.js';

before(async function () {
  await requireRealNode();
  await ensureCrds();
});

const CHECKS = [
  'ok=1',
  'check() { if eval "$2"; then echo "PASS $1"; else echo "FAIL $1"; ok=0; fi; }',
  'check docker-volume-shared "grep -q hello-from-writer /data/greeting"',
  'check volumes-from "grep -q \' /data \' /proc/mounts"',
  'check tmpfs "grep -q \'^tmpfs /scratch \' /proc/mounts && touch /scratch/x"',
  'check readonly-root "! touch /rootfs-write-test 2>/dev/null"',
  'check user "test $(id -u) = 1000 && test $(id -g) = 1000"',
  'check working-directory "test $(pwd) = /data"',
  'if [ $ok = 1 ]; then echo ALL OK; exit 0; else exit 1; fi',
].join('\n');

interface TaskView {
  lastStatus?: string;
  stopCode?: string;
  containers?: { name: string; exitCode?: number | null }[];
}

describe('real node 8: Docker volume, volumesFrom, tmpfs, read-only root, user and working directory', function () {
  let ns = '';
  useOperator('e2e-real8', 'real8', (n) => (ns = n));

  it('every setting holds inside the running containers', async function () {
    await apply(
      ns,
      taskDefinition('vols', {
        volumes: [{ name: 'shared', dockerVolumeConfiguration: { scope: 'task', driver: 'local' } }],
        containerDefinitions: [
          container('writer', 'registry.example.com/writer:1', {
            essential: false,
            command: ['sh', '-c', 'echo hello-from-writer > /data/greeting'],
            mountPoints: [{ sourceVolume: 'shared', containerPath: '/data' }],
          }),
          container('checker', 'registry.example.com/checker:1', {
            command: ['sh', '-c', CHECKS],
            volumesFrom: [{ sourceContainer: 'writer', readOnly: false }],
            linuxParameters: { tmpfs: [{ containerPath: '/scratch', size: 16 }] },
            readonlyRootFilesystem: true,
            user: '1000:1000',
            workingDirectory: '/data',
            dependsOn: [{ containerName: 'writer', condition: 'SUCCESS' }],
          }),
        ],
      }),
      ecsTask('vols', { taskDefinition: 'vols', placementConstraints: ON_REAL_NODE }),
    );
    const status = await waitFor(
      async () => {
        const st = (await getEtask(ns, 'vols')).status as TaskView | undefined;
        return st?.lastStatus === 'STOPPED' && st;
      },
      120_000,
      'task vols STOPPED',
    );
    const logs = await kubectl(['-n', ns, 'logs', 'vols-0', '-c', 'checker']);
    console.log(`      checker: ${logs.trim().split('\n').join(' | ')}`);
    expect(logs).to.not.contain('FAIL');
    expect(logs).to.contain('ALL OK');
    expect(status.stopCode).to.equal('EssentialContainerExited');
    expect(status.containers?.find((c) => c.name === 'checker')?.exitCode).to.equal(0);
  });
});
