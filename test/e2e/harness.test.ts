// Self-test of the local control-plane harness (test/cluster): state survives an apiserver crash,
// and a second cluster can be started and stopped without leaving anything behind. Only meaningful
// for our own cluster (ECS2EKS_CLUSTER_DIR set by with-cluster.sh), skipped against E2E_KUBECONFIG.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectl, run } from './support/kubectl.js';
import { dropNamespace, freshNamespace } from './support/namespace.js';
import { clusterDir, clusterEnv, clusterScripts } from './support/env.js';
import { waitFor } from './support/wait.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0 until its parent reaps it; it runs nothing any more.
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function recordedPids(dir: string): number[] {
  const pids = join(dir, 'pids');
  return readdirSync(pids).map((f) => Number(readFileSync(join(pids, f), 'utf8').trim()));
}

describe('cluster harness', function () {
  let dir = '';
  before(function () {
    const d = clusterDir();
    if (!d) {
      console.log('    (skipped: not our own cluster; ECS2EKS_CLUSTER_DIR is unset, e.g. E2E_KUBECONFIG is in use)');
      this.skip();
    }
    dir = d;
  });

  it('keeps its data when kube-apiserver is killed and restarted', async function () {
    const ns = await freshNamespace('e2e-harness');
    const marker = `survives-${Date.now()}`;
    await kubectl(['-n', ns, 'create', 'configmap', 'keep', `--from-literal=marker=${marker}`]);
    const before = readFileSync(join(dir, 'pids/kube-apiserver.pid'), 'utf8').trim();

    await run('bash', [join(clusterScripts, 'restart.sh'), dir, 'kube-apiserver', '--kill']);

    const after = readFileSync(join(dir, 'pids/kube-apiserver.pid'), 'utf8').trim();
    expect(after, 'a new apiserver process').to.not.equal(before);
    expect(alive(Number(before)), 'the old apiserver is gone').to.equal(false);
    const value = await waitFor(
      async () => (await kubectl(['-n', ns, 'get', 'configmap', 'keep', '-o', 'jsonpath={.data.marker}'])).trim(),
      30_000,
      'configmap keep readable after the restart',
    );
    expect(value).to.equal(marker);
    await dropNamespace(ns);
  });

  it('starts a second independent cluster and stops it without leftovers', async function () {
    const first = clusterEnv(dir);
    // REAL_NODE=0: five processes to count, whatever the first cluster was started with.
    const env = { ...process.env, NODES: '1', REAL_NODE: '0', ECS2EKS_CLUSTER_BIN_DIR: first.BIN };
    const { stdout } = await run('bash', [join(clusterScripts, 'up.sh')], { env, timeoutMs: 180_000 });
    const kubeconfig = stdout.trim().split('\n').pop()!;
    const second = kubeconfig.replace(/\/kubeconfig$/, '');
    let stopped = false;
    try {
      expect(second).to.not.equal(dir);
      const env2 = clusterEnv(second);
      expect(env2.API_PORT).to.not.equal(first.API_PORT);
      expect(env2.ETCD_PORT).to.not.equal(first.ETCD_PORT);
      const nodes = await kubectl(['--kubeconfig', kubeconfig, 'get', 'nodes', '-o', 'name']);
      expect(nodes.trim().split('\n')).to.have.length(1);

      const pids = recordedPids(second);
      expect(pids).to.have.length(5);
      expect(pids.every(alive), 'all five components running').to.equal(true);

      await run('bash', [join(clusterScripts, 'down.sh'), second]);
      stopped = true;
      expect(pids.filter(alive), 'processes left after down.sh').to.deep.equal([]);
      expect(existsSync(second), 'work dir removed').to.equal(false);
      // The first cluster is untouched.
      expect((await kubectl(['get', '--raw', '/readyz'])).trim()).to.equal('ok');
    } finally {
      if (!stopped) await run('bash', [join(clusterScripts, 'down.sh'), second]).catch(() => undefined);
    }
  });
});
