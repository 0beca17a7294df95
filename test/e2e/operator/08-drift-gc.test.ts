// Scenario 8: drift and garbage collection. A deleted Deployment comes back, a hand-scaled one is
// put back to desiredCount, and deleting the ECS Service removes everything generated from it
// (ownerReferences + the real kube-controller-manager garbage collector).
import { expect } from 'chai';
import type { V1Deployment } from '@kubernetes/client-node';
import { apply, kubectl, kubectlJson } from '../support/kubectl.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import {
  APP_LOAD_BALANCER,
  attachDiagnostics,
  ecsService,
  ensureCrds,
  expectOwnedBy,
  getEsvc,
  namesOf,
  waitServiceSteady,
  webTaskDefinition,
  type EcsService,
} from './helpers.js';

before(ensureCrds);

const GENERATED = 'deployments,replicasets,services,poddisruptionbudgets,horizontalpodautoscalers,serviceaccounts,pods';

describe('operator scenario 8: drift is put back; deleting the ECS Service removes what it generated', function () {
  let ns = '';
  let op: OperatorProcess | undefined;
  let svc: EcsService;

  before(async function () {
    ns = await freshNamespace('e2e-op8');
    op = await startOperator({ namespace: ns, name: 'op8' });
    await apply(
      ns,
      webTaskDefinition('drift', 'registry.example.com/drift:1.0'),
      ecsService('drift', {
        taskDefinition: 'drift',
        desiredCount: 2,
        loadBalancers: [APP_LOAD_BALANCER],
        deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 50 },
      }),
    );
    svc = await waitServiceSteady(ns, 'drift', { taskDefinition: 'drift:1', running: 2 });
  });
  afterEach(async function () {
    await attachDiagnostics(this, ns, () => [op]);
  });
  after(async function () {
    await op?.stop();
    if (ns) await dropNamespace(ns);
  });

  it('generates a Deployment, a core Service and a PodDisruptionBudget, all owned by the ECS Service', async function () {
    for (const kind of ['deployment', 'service', 'poddisruptionbudget']) {
      const obj = await kubectlJson<object>(['-n', ns, 'get', kind, 'drift']);
      expectOwnedBy(obj, svc, `${kind} drift`);
    }
  });

  it('recreates a deleted Deployment', async function () {
    const before = await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'drift']);
    await kubectl(['-n', ns, 'delete', 'deployment', 'drift', '--wait=true']);
    const after = await waitFor(
      async () => {
        const d = await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'drift']);
        return d.metadata?.uid !== before.metadata?.uid && !d.metadata?.deletionTimestamp && d;
      },
      60_000,
      'a new deployment/drift',
    );
    expect(after.spec?.replicas).to.equal(2);
    expectOwnedBy(after, svc, 'recreated Deployment');
    await waitServiceSteady(ns, 'drift', { taskDefinition: 'drift:1', running: 2 });
  });

  it('puts back replicas scaled by hand (kubectl scale deployment --replicas=7 → 2)', async function () {
    await kubectl(['-n', ns, 'scale', 'deployment', 'drift', '--replicas=7']);
    const seen: number[] = [];
    await waitFor(
      async () => {
        const r = (await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'drift'])).spec?.replicas ?? -1;
        seen.push(r);
        return r === 2;
      },
      60_000,
      'deployment/drift replicas back to 2',
      200,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; replicas seen: ${seen.join(',')}`);
    });
    expect((await getEsvc(ns, 'drift')).spec.desiredCount, "the ECS Service's desiredCount is unchanged").to.equal(2);
    await waitFor(
      async () => (await namesOf(ns, 'pods', 'ecs2eks.dev/service=drift')).length === 2,
      60_000,
      'back to 2 pods',
    );
    await waitServiceSteady(ns, 'drift', { taskDefinition: 'drift:1', running: 2 });
  });

  it('removes a container someone added with a strategic-merge patch, then writes nothing more', async function () {
    await kubectl([
      '-n',
      ns,
      'patch',
      'deployment',
      'drift',
      '--type=strategic',
      '-p',
      JSON.stringify({
        spec: { template: { spec: { containers: [{ name: 'miner', image: 'registry.example.com/miner:1' }] } } },
      }),
    ]);
    const containers = async () =>
      (
        (await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'drift'])).spec?.template.spec?.containers ??
        []
      ).map((c) => c.name);
    await waitFor(async () => !(await containers()).includes('miner'), 60_000, 'the added container removed');
    // At rest: another reconcile (the ECS Service's annotations changed) writes nothing to the Deployment.
    await waitServiceSteady(ns, 'drift', { taskDefinition: 'drift:1', running: 2 });
    const deploymentWrites = async () => (await op!.metrics()).writes({ resource: 'deployments.apps' });
    const before = await deploymentWrites();
    await kubectl(['-n', ns, 'annotate', '--overwrite', 'services.ecs2eks.dev', 'drift', 'e2e/poke=1']);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await deploymentWrites(), 'Deployment writes after a reconcile at rest').to.equal(before);
    expect(await containers()).to.not.include('miner');
  });

  it('deleting the ECS Service deletes its Deployment, ReplicaSets, pods, core Service and PDB; the TaskDefinition stays', async function () {
    const owned = await namesOf(ns, GENERATED, 'ecs2eks.dev/service=drift');
    expect(owned.length, `generated objects before the delete: ${owned.join(' ')}`).to.be.at.least(5);
    await kubectl(['-n', ns, 'delete', 'services.ecs2eks.dev', 'drift', '--wait=true']);
    let left: string[] = [];
    await waitFor(
      async () => {
        left = await namesOf(ns, GENERATED, 'ecs2eks.dev/service=drift');
        return left.length === 0;
      },
      90_000,
      'every object generated for drift to be gone',
    ).catch((err: Error) => {
      throw new Error(`${err.message}; still there: ${left.join(' ')}`);
    });
    expect(await namesOf(ns, 'deployments,services,poddisruptionbudgets')).to.deep.equal([]);
    expect(await namesOf(ns, 'taskdefinitions.ecs2eks.dev')).to.deep.equal(['taskdefinition.ecs2eks.dev/drift']);
    expect(
      await namesOf(ns, 'controllerrevisions'),
      "the TaskDefinition's revisions and its family's high-water mark stay",
    ).to.deep.equal(['controllerrevision.apps/drift-1', 'controllerrevision.apps/drift.revisions']);
  });
});
