// Real node, scenario 15: an ECS deploy script (examples/ecs-api/deploy.sh) run unchanged against the
// cluster through `ecs2eks ecs-api`, with the real AWS CLI v2, on real containers: it registers the
// task definition, runs the migration as a one-off task and waits for it to stop (reading its exit
// code), creates the service and waits until it is stable; run again with a new image, it updates
// the service to the new revision. The only thing set up around the script is where `aws` sends its
// calls: an `aws` on PATH that adds --endpoint-url (what AWS_ENDPOINT_URL_ECS does in AWS CLI ≥ 2.13).
import { expect } from 'chai';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../e2e/support/env.js';
import { kubectl, kubectlJson, run } from '../e2e/support/kubectl.js';
import { ensureCrds, useOperator } from '../e2e/operator/helpers.js';
import { AWS_CLI, awsEnv, requireAwsCli, startEcsApi, type EcsApiProcess } from '../e2e/ecsapi/support.js';
import { requireRealNode } from './support.js';

before(async function () {
  await requireRealNode();
  await ensureCrds();
  requireAwsCli();
});

const SCRIPT = join(repoRoot, 'examples/ecs-api/deploy.sh');

describe('real node 15: an ECS deploy script, unchanged, through the ECS API', function () {
  let ns = '';
  let api: EcsApiProcess | undefined;
  let bin = '';
  useOperator('e2e-real15', 'real15', (n) => (ns = n));
  before(async function () {
    api = await startEcsApi([`--namespace=${ns}`]);
    bin = mkdtempSync(join(tmpdir(), 'ecs2eks-awsbin-'));
    writeFileSync(join(bin, 'aws'), `#!/bin/sh\nexec ${AWS_CLI} --endpoint-url ${api.url} "$@"\n`);
    chmodSync(join(bin, 'aws'), 0o755);
  });
  after(async () => api?.stop());
  afterEach(function () {
    if (this.currentTest?.state === 'failed' && api && this.currentTest.err)
      this.currentTest.err.message += `\n--- ecs-api output (tail) ---\n${api.output().slice(-4000)}`;
  });

  const deploy = async (image: string) => {
    const started = Date.now();
    const { stdout } = await run('bash', [SCRIPT], {
      env: awsEnv({ PATH: `${bin}:${process.env.PATH ?? ''}`, IMAGE: image, DESIRED: '2' }),
      timeoutMs: 600_000,
    });
    console.log(
      `      deploy.sh (${image}) took ${((Date.now() - started) / 1000).toFixed(1)} s:\n${stdout.replace(/^/gm, '        ')}`,
    );
    return stdout;
  };

  it('first run: registers orders:1, runs the migration to exit 0, creates the service and waits until it is stable', async function () {
    const out = await deploy('registry.example/orders:1.0');
    expect(out).to.contain('registered arn:aws:ecs:us-east-1:000000000000:task-definition/orders:1');
    expect(out).to.contain('created orders with arn:aws:ecs:us-east-1:000000000000:task-definition/orders:1');
    expect(out).to.match(/orders\s+arn:aws:ecs:us-east-1:000000000000:task-definition\/orders:1\s+2\s+2/);
    // The migration really ran in a container: its pod is kept, stopped, with its logs.
    const tasks = await kubectlJson<{
      items: Array<{
        metadata: { name: string };
        status: { lastStatus: string; stopCode: string; containers: Array<{ exitCode: number }> };
      }>;
    }>(['-n', ns, 'get', 'etask', '-o', 'json']);
    expect(tasks.items).to.have.length(1);
    const migration = tasks.items[0];
    expect(migration.status.lastStatus).to.equal('STOPPED');
    expect(migration.status.stopCode).to.equal('EssentialContainerExited');
    expect(migration.status.containers[0].exitCode).to.equal(0);
    const logs = await kubectl(['-n', ns, 'logs', `${migration.metadata.name}-0`]);
    expect(logs).to.contain('migrating').and.contain('migrated');
    const pods = await kubectlJson<{ items: Array<{ spec: { nodeName: string }; status: { phase: string } }> }>([
      '-n',
      ns,
      'get',
      'pods',
      '-l',
      'ecs2eks.dev/service=orders',
      '-o',
      'json',
    ]);
    expect(pods.items.map((p) => [p.spec.nodeName, p.status.phase])).to.deep.equal([
      ['real-node', 'Running'],
      ['real-node', 'Running'],
    ]);
    expect(await kubectl(['-n', ns, 'logs', 'deploy/orders'])).to.contain('serving orders');
  });

  it('second run with a new image: registers orders:2 and rolls the service to it', async function () {
    const out = await deploy('registry.example/orders:2.0');
    expect(out).to.contain('updated orders to arn:aws:ecs:us-east-1:000000000000:task-definition/orders:2');
    expect(out).to.match(/orders\s+arn:aws:ecs:us-east-1:000000000000:task-definition\/orders:2\s+2\s+2/);
    // Tasks of the old revision may still be stopping (stopTimeout 5): the ones that run are the new ones.
    const pods = await kubectlJson<{
      items: Array<{ metadata: { deletionTimestamp?: string }; spec: { containers: Array<{ image: string }> } }>;
    }>([
      '-n',
      ns,
      'get',
      'pods',
      '-l',
      'ecs2eks.dev/service=orders',
      '--field-selector=status.phase=Running',
      '-o',
      'json',
    ]);
    const images = pods.items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec.containers[0].image);
    expect(images).to.deep.equal(['registry.example/orders:2.0', 'registry.example/orders:2.0']);
  });
});
