// manifests/ installs on a real apiserver (`make deploy` = kubectl apply --server-side -k manifests/),
// the operator's pods get past admission (restricted Pod Security) and are scheduled (kwok simulates
// them: they never execute here), the operator's ServiceAccount has exactly the permissions the
// ClusterRole/Role grant, and `make undeploy` (kubectl delete -k manifests/) removes everything.
// Since the in-cluster pods never execute, RBAC is proven by running the operator out of cluster
// with a kubeconfig holding the ServiceAccount's TokenRequest token, through the main scenario.
// The CRDs are part of manifests/: if they were installed before this file ran (other test files
// install them), they are deleted first, so that the install is a new user's, and put back
// afterwards, so that later test files still find them.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apply, CommandError, kubectl, kubectlJson, run } from './support/kubectl.js';
import { clusterDir, repoRoot } from './support/env.js';
import { waitFor } from './support/wait.js';
import { dropNamespace, freshNamespace } from './support/namespace.js';
import { startOperator, type OperatorProcess } from './support/operator.js';
import { ecsService, eventsFor, getEtd, waitServiceSteady, webTaskDefinition } from './operator/helpers.js';

const NS = 'ecs2eks-system';
const SA = `system:serviceaccount:${NS}:ecs2eks-operator`;
const CRDS = ['taskdefinitions.ecs2eks.dev', 'services.ecs2eks.dev', 'tasks.ecs2eks.dev'];

/**
 * Waits until every CRD is Established. Polls instead of `kubectl wait`, which fails at once
 * ("status.conditions accessor error") on a CRD created so recently that it has no status yet.
 */
async function waitEstablished(): Promise<void> {
  await waitFor(
    async () => {
      for (const c of CRDS) {
        const crd = await kubectlJson<{ status?: { conditions?: { type: string; status: string }[] } }>([
          'get',
          'crd',
          c,
        ]);
        if (!crd.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True')) return false;
      }
      return true;
    },
    60_000,
    `CRDs ${CRDS.join(', ')} Established`,
  );
}

async function exists(args: string[]): Promise<boolean> {
  const out = await kubectl(['get', ...args, '--ignore-not-found', '-o', 'name']);
  return out.trim() !== '';
}

/** `kubectl auth can-i VERB RESOURCE [flags] --as=<operator SA>`: true for yes, false for no. */
async function canI(verb: string, resource: string, ...flags: string[]): Promise<boolean> {
  try {
    const { stdout } = await run('kubectl', ['auth', 'can-i', verb, resource, ...flags, `--as=${SA}`]);
    return stdout.trim() === 'yes';
  } catch (e) {
    // can-i exits 1 for "no"; anything else is a real error.
    if (e instanceof CommandError && e.code === 1 && e.stdout.trim() === 'no') return false;
    throw e;
  }
}

const make = (target: string) => run('make', ['-s', '-C', repoRoot, target], { timeoutMs: 180_000 });

interface PodList {
  items: {
    metadata: { name: string };
    spec: { serviceAccountName: string; nodeName?: string; volumes?: { name: string; projected?: unknown }[] };
    status: { phase?: string };
  }[];
}

describe('manifests/ (make deploy / make undeploy) on the local control plane', function () {
  let crdsBefore = false;
  let tmp: string | undefined;
  /** A kubeconfig that authenticates as the operator's ServiceAccount (TokenRequest token). */
  let saKubeconfig = '';

  before(async function () {
    // Never tear down a real installation in a cluster given through E2E_KUBECONFIG.
    if (await exists(['namespace', NS])) {
      console.log(`      (skipped: namespace ${NS} already exists in this cluster)`);
      this.skip();
    }
    crdsBefore = await exists(['crd', ...CRDS]);
    if (crdsBefore && !clusterDir()) {
      console.log(
        '      (skipped: the ecs2eks CRDs are installed in this external cluster; undeploy would delete them)',
      );
      this.skip();
    }
    // Start from a cluster without the CRDs, as a new user does; they are restored in after().
    if (crdsBefore) {
      await kubectl(['delete', 'crd', ...CRDS, '--ignore-not-found', '--timeout=120s']);
    }
  });

  after(async function () {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (!crdsBefore) return;
    // Put the CRDs back for the test files that run after this one.
    await kubectl(['apply', '--server-side', '-f', join(repoRoot, 'crds')]);
    await waitEstablished();
  });

  it('make deploy applies manifests/ server-side without warnings, and applying again changes nothing', async function () {
    const { stdout, stderr } = await make('deploy');
    expect(stderr, 'kubectl warnings').to.equal('');
    for (const want of [
      `namespace/${NS}`,
      'clusterrole.rbac.authorization.k8s.io/ecs2eks-operator',
      'deployment.apps/ecs2eks-operator',
      ...CRDS.map((c) => `customresourcedefinition.apiextensions.k8s.io/${c}`),
    ]) {
      expect(stdout).to.include(`${want} serverside-applied`);
    }
    const before = await kubectlJson<{ metadata: { generation: number } }>([
      '-n',
      NS,
      'get',
      'deployment',
      'ecs2eks-operator',
    ]);
    const again = await run('kubectl', ['apply', '--server-side', '-k', join(repoRoot, 'manifests')]);
    expect(again.stderr).to.equal('');
    const after = await kubectlJson<{ metadata: { generation: number } }>([
      '-n',
      NS,
      'get',
      'deployment',
      'ecs2eks-operator',
    ]);
    expect(after.metadata.generation, 'a second apply does not roll the Deployment').to.equal(
      before.metadata.generation,
    );
  });

  it('installs the CRDs (Established) with the rest', async function () {
    await waitEstablished();
    const names = await kubectl(['api-resources', '--categories=ecs', '-o', 'name']);
    expect(names.trim().split('\n').sort()).to.deep.equal([...CRDS].sort());
  });

  it("the operator Deployment's 2 pods pass restricted Pod Security and reach Running (kwok), as the ServiceAccount", async function () {
    await waitFor(
      async () => {
        const d = await kubectlJson<{ status: { readyReplicas?: number } }>([
          '-n',
          NS,
          'get',
          'deployment',
          'ecs2eks-operator',
        ]);
        return d.status.readyReplicas === 2;
      },
      120_000,
      '2 ready replicas of deployment ecs2eks-operator',
    );
    const pods = await kubectlJson<PodList>([
      '-n',
      NS,
      'get',
      'pods',
      '-l',
      'app.kubernetes.io/name=ecs2eks,app.kubernetes.io/component=operator',
    ]);
    expect(pods.items).to.have.lengthOf(2);
    for (const p of pods.items) {
      expect(p.status.phase, p.metadata.name).to.equal('Running');
      expect(p.spec.serviceAccountName).to.equal('ecs2eks-operator');
      expect(p.spec.nodeName, 'scheduled').to.be.a('string');
      // automountServiceAccountToken: the ServiceAccount admission plugin added the token volume.
      expect(
        p.spec.volumes?.some((v) => v.name.startsWith('kube-api-access-') && v.projected),
        'token volume',
      ).to.equal(true);
    }
    const ep = await kubectlJson<{ items: { endpoints?: unknown[]; ports?: { port: number }[] }[] }>([
      '-n',
      NS,
      'get',
      'endpointslices',
      '-l',
      'kubernetes.io/service-name=ecs2eks-operator-metrics',
    ]);
    expect(ep.items.flatMap((s) => s.ports ?? []).map((p) => p.port)).to.include(8443);
  });

  it('grants the operator ServiceAccount what the operator does', async function () {
    const granted: [string, string, ...string[]][] = [
      ['watch', 'taskdefinitions.ecs2eks.dev', '-A'],
      ['patch', 'services.ecs2eks.dev', '--subresource=status', '-n', 'default'],
      ['patch', 'tasks.ecs2eks.dev', '--subresource=status', '-n', 'default'],
      ['list', 'pods', '-A'],
      ['create', 'pods', '-n', 'default'],
      ['delete', 'pods', '-n', 'default'],
      ['patch', 'deployments.apps', '-n', 'default'],
      ['delete', 'daemonsets.apps', '-n', 'default'],
      ['create', 'controllerrevisions.apps', '-n', 'default'],
      ['patch', 'services', '-n', 'default'],
      ['create', 'serviceaccounts', '-n', 'default'],
      ['patch', 'poddisruptionbudgets.policy', '-n', 'default'],
      ['patch', 'horizontalpodautoscalers.autoscaling', '-n', 'default'],
      ['create', 'events', '-n', 'default'],
      ['patch', 'events', '-n', 'default'],
      ['create', 'leases.coordination.k8s.io', '-n', NS],
      ['update', 'leases.coordination.k8s.io', '-n', NS],
      ['create', 'tokenreviews.authentication.k8s.io'],
      ['create', 'subjectaccessreviews.authorization.k8s.io'],
    ];
    const denied = [];
    for (const [verb, resource, ...flags] of granted)
      if (!(await canI(verb, resource, ...flags))) denied.push(`${verb} ${resource} ${flags.join(' ')}`);
    expect(denied, 'denied but needed').to.deep.equal([]);
  });

  it('refuses the operator ServiceAccount everything else we checked', async function () {
    const refused: [string, string, ...string[]][] = [
      ['get', 'secrets', '-n', 'default'],
      ['list', 'secrets', '-A'],
      ['get', 'configmaps', '-n', 'default'],
      ['delete', 'namespaces'],
      ['create', 'namespaces'],
      ['list', 'nodes'],
      ['create', 'taskdefinitions.ecs2eks.dev', '-n', 'default'],
      ['delete', 'services.ecs2eks.dev', '-n', 'default'],
      ['update', 'pods', '-n', 'default'],
      ['create', 'pods', '--subresource=exec', '-n', 'default'],
      ['get', 'pods', '--subresource=log', '-n', 'default'],
      ['create', 'leases.coordination.k8s.io', '-n', 'default'],
      ['create', 'clusterrolebindings.rbac.authorization.k8s.io'],
      ['impersonate', 'serviceaccounts', '-n', 'default'],
      ['create', 'targetgroupbindings.elbv2.k8s.aws', '-n', 'default'],
      ['create', 'externalsecrets.external-secrets.io', '-n', 'default'],
      ['create', 'jobs.batch', '-n', 'default'],
      // Least privilege: the ECS kinds themselves are read-only (only /status is written), and the EFS
      // integration's PersistentVolumes and claims are only in the opt-in integrations role.
      ['patch', 'services.ecs2eks.dev', '-n', 'default'],
      ['update', 'taskdefinitions.ecs2eks.dev', '-n', 'default'],
      ['create', 'persistentvolumes'],
      ['create', 'persistentvolumeclaims', '-n', 'default'],
    ];
    const allowed = [];
    for (const [verb, resource, ...flags] of refused)
      if (await canI(verb, resource, ...flags)) allowed.push(`${verb} ${resource} ${flags.join(' ')}`);
    expect(allowed, 'allowed but never needed').to.deep.equal([]);
  });

  it('aggregates the editor and viewer roles into the built-in edit and view: an editor manages the ECS kinds in its namespace, a viewer only reads', async function () {
    const ns = await freshNamespace('rbac-people');
    try {
      await kubectl(['-n', ns, 'create', 'rolebinding', 'dev-edit', '--clusterrole=edit', '--user=dev@example.com']);
      await kubectl([
        '-n',
        ns,
        'create',
        'rolebinding',
        'audit-view',
        '--clusterrole=view',
        '--user=audit@example.com',
      ]);
      const can = async (user: string, verb: string, resource: string, namespace = ns) => {
        // `services.ecs2eks.dev/scale` names a subresource here (kubectl would read it as an object name).
        const [type, sub] = resource.split('/');
        const args = ['auth', 'can-i', verb, type, ...(sub ? [`--subresource=${sub}`] : []), '-n', namespace];
        try {
          const { stdout } = await run('kubectl', [...args, `--as=${user}`]);
          return stdout.trim() === 'yes';
        } catch (e) {
          if (e instanceof CommandError && e.code === 1 && e.stdout.trim() === 'no') return false;
          throw e;
        }
      };
      const checks: Array<[string, string, string, boolean]> = [
        ['dev@example.com', 'create', 'taskdefinitions.ecs2eks.dev', true],
        ['dev@example.com', 'patch', 'services.ecs2eks.dev', true],
        ['dev@example.com', 'update', 'services.ecs2eks.dev/scale', true],
        ['dev@example.com', 'delete', 'tasks.ecs2eks.dev', true],
        // The status is the operator's word: people do not write it.
        ['dev@example.com', 'patch', 'services.ecs2eks.dev/status', false],
        ['audit@example.com', 'list', 'services.ecs2eks.dev', true],
        ['audit@example.com', 'get', 'tasks.ecs2eks.dev', true],
        ['audit@example.com', 'create', 'tasks.ecs2eks.dev', false],
        ['audit@example.com', 'patch', 'services.ecs2eks.dev/scale', false],
      ];
      // Aggregation is done by kube-controller-manager, shortly after the roles appear.
      await waitFor(async () => can('dev@example.com', 'create', 'taskdefinitions.ecs2eks.dev'), 30_000, 'aggregation');
      const wrong = [];
      for (const [user, verb, resource, expected] of checks)
        if ((await can(user, verb, resource)) !== expected)
          wrong.push(`${user} ${verb} ${resource}: expected ${expected}`);
      expect(wrong).to.deep.equal([]);
      // Only in the namespace the binding is for.
      expect(await can('dev@example.com', 'create', 'services.ecs2eks.dev', 'default')).to.equal(false);
    } finally {
      await dropNamespace(ns);
    }
  });

  it('a TokenRequest token authenticates as the ServiceAccount: granted calls succeed, secrets are Forbidden', async function () {
    const token = (await kubectl(['-n', NS, 'create', 'token', 'ecs2eks-operator', '--duration=30m'])).trim();
    const cfg = await kubectlJson<{ clusters: { name: string; cluster: Record<string, unknown> }[] }>([
      'config',
      'view',
      '--raw',
      '--minify',
      '--flatten',
    ]);
    const cluster = cfg.clusters[0];
    tmp = mkdtempSync(join(tmpdir(), 'ecs2eks-sa-'));
    saKubeconfig = join(tmp, 'kubeconfig');
    writeFileSync(
      saKubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [cluster],
        users: [{ name: 'operator', user: { token } }],
        contexts: [{ name: 'operator', context: { cluster: cluster.name, user: 'operator' } }],
        'current-context': 'operator',
      }),
      { mode: 0o600 },
    );
    const as = (...args: string[]) => run('kubectl', ['--kubeconfig', saKubeconfig, ...args]);
    const who = JSON.parse((await as('auth', 'whoami', '-o', 'json')).stdout) as {
      status: { userInfo: { username: string } };
    };
    expect(who.status.userInfo.username).to.equal(SA);
    await as('get', 'taskdefinitions.ecs2eks.dev,services.ecs2eks.dev,tasks.ecs2eks.dev', '-A');
    await as('get', 'pods,deployments.apps,controllerrevisions.apps', '-A');
    const refused = await as('get', 'secrets', '-n', 'default').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused, 'get secrets must fail').to.be.instanceOf(CommandError);
    expect((refused as CommandError).stderr).to.match(/forbidden/i);
  });

  it('the operator, run out of cluster as the ServiceAccount, brings a Service to steady state with no Forbidden errors', async function () {
    expect(saKubeconfig, 'the ServiceAccount kubeconfig from the previous test').to.not.equal('');
    const ns = await freshNamespace('e2e-rbac');
    let op: OperatorProcess | undefined;
    try {
      // The last --kubeconfig wins: the operator talks to the apiserver only with the SA's token.
      op = await startOperator({
        namespace: ns,
        name: 'rbac',
        leaderElection: { namespace: NS, id: 'ecs2eks-leader' },
        extraArgs: [`--kubeconfig=${saKubeconfig}`],
      });
      await apply(
        ns,
        webTaskDefinition('web', 'registry.example.com/web:1.0'),
        ecsService('web', { taskDefinition: 'web', desiredCount: 2 }),
      );
      await waitServiceSteady(ns, 'web', { taskDefinition: 'web:1', running: 2 });
      const td = await getEtd(ns, 'web');
      expect((td.status as { revision?: number } | undefined)?.revision, 'TaskDefinition status written').to.equal(1);
      await waitFor(async () => (await eventsFor(ns, 'Service', 'web')).length > 0, 30_000, 'Events for esvc/web');
      const lease = await kubectlJson<{ spec: { holderIdentity?: string } }>([
        '-n',
        NS,
        'get',
        'lease',
        'ecs2eks-leader',
      ]);
      expect(lease.spec.holderIdentity, 'the operator holds the Lease').to.be.a('string').and.not.empty;
      const m = await op.metrics();
      const errors = m.by('ecs2eks_api_request_errors_total', 'code');
      expect(
        errors['403'] ?? 0,
        `403s by the operator: ${JSON.stringify(m.samples.filter((x) => x.name === 'ecs2eks_api_request_errors_total' && x.labels.code === '403').map((x) => x.labels))}`,
      ).to.equal(0);
      expect(
        op.logEntries((e) => /forbidden/i.test(JSON.stringify(e))),
        'Forbidden in the operator log',
      ).to.deep.equal([]);
    } finally {
      await op?.stop();
      await dropNamespace(ns);
    }
  });

  it('make undeploy removes everything it installed', async function () {
    await make('undeploy');
    expect(await exists(['namespace', NS]), `namespace ${NS}`).to.equal(false);
    expect(await exists(['clusterrole', 'ecs2eks-operator']), 'ClusterRole').to.equal(false);
    expect(await exists(['clusterrolebinding', 'ecs2eks-operator']), 'ClusterRoleBinding').to.equal(false);
    expect(await exists(['clusterrole', 'ecs2eks-editor']), 'editor ClusterRole').to.equal(false);
    expect(await exists(['clusterrole', 'ecs2eks-viewer']), 'viewer ClusterRole').to.equal(false);
    for (const c of CRDS) expect(await exists(['crd', c]), c).to.equal(false);
    expect(await canI('list', 'pods', '-A'), 'no permissions left').to.equal(false);
  });
});
