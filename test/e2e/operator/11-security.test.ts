// Scenario 11: the operator is never a confused deputy through its policy. A user who may only
// create the three ECS kinds in one namespace (impersonated: `kubectl --as`) tries to get node root
// through a task definition: privileged, host network and PID, the host's `/` mounted.
// - With the operator's default policy (no --policy flag, as the manifests ship it), nothing runs
//   and the status names the field.
// - A workload created under the local policy does not keep running once the operator is restarted
//   with --policy=strict: it is removed, with RefusedByPolicy in the status and a RemovedByPolicy event.
import { expect } from 'chai';
import { kubectl, run } from '../support/kubectl.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import {
  APP_LOAD_BALANCER,
  attachDiagnostics,
  container,
  ecsService,
  ensureCrds,
  eventsFor,
  getEsvc,
  getEtd,
  getEtask,
  ecsTask,
  isTrue,
  namesOf,
  taskDefinition,
  waitForCondition,
  waitServiceSteady,
} from './helpers.js';

before(ensureCrds);

const USER = 'ecs-author';

/** A Role that allows only the three ECS kinds in `ns`, bound to USER. */
async function ecsOnlyUser(ns: string): Promise<void> {
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'ecs-author', namespace: ns },
    rules: [
      {
        apiGroups: ['ecs2eks.dev'],
        resources: ['taskdefinitions', 'services', 'tasks'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
    ],
  };
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'ecs-author', namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ecs-author' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: USER }],
  };
  await kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [role, binding] }));
}

/** `kubectl auth can-i` as USER: "yes" or "no". */
async function canI(ns: string, verb: string, resource: string): Promise<string> {
  const r = await run('kubectl', ['auth', 'can-i', verb, resource, '-n', ns, `--as=${USER}`]).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }),
  );
  return r.stdout.trim();
}

/** Applies `objects` as USER. */
async function applyAsUser(ns: string, ...objects: object[]): Promise<void> {
  await kubectl(
    ['apply', '-n', ns, `--as=${USER}`, '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
  );
}

/** Everything that gives node root, in one task definition. */
const nodeRoot = (name: string) =>
  taskDefinition(name, {
    networkMode: 'host',
    pidMode: 'host',
    volumes: [{ name: 'root', host: { sourcePath: '/' } }],
    containerDefinitions: [
      container('app', 'registry.example.com/tools:1', {
        privileged: true,
        mountPoints: [{ sourceVolume: 'root', containerPath: '/host' }],
      }),
    ],
  });

describe('operator scenario 11: the policy is enforced for a user who may only create ECS resources', function () {
  let ns = '';
  let op: OperatorProcess | undefined;

  before(async function () {
    ns = await freshNamespace('e2e-op11');
    await ecsOnlyUser(ns);
  });
  afterEach(async function () {
    await attachDiagnostics(this, ns, () => [op]);
    // Each test runs its own operator: never leave one running into the next.
    await op?.stop();
    op = undefined;
  });
  after(async function () {
    await op?.stop();
    if (ns) await dropNamespace(ns);
  });

  it('the user may create ECS resources but not pods', async function () {
    expect(await canI(ns, 'create', 'services.ecs2eks.dev')).to.equal('yes');
    expect(await canI(ns, 'create', 'pods')).to.equal('no');
    expect(await canI(ns, 'create', 'deployments.apps')).to.equal('no');
  });

  it('default policy (no --policy flag): a node-root task definition runs nothing and the status names the field', async function () {
    op = await startOperator({ namespace: ns, name: 'op11-default', policy: null });
    await applyAsUser(ns, nodeRoot('root'), ecsService('root', { taskDefinition: 'root', desiredCount: 1 }));
    // The TaskDefinition is refused with the field; its Service says it cannot run it, and why.
    const td = await waitForCondition(
      () => getEtd(ns, 'root'),
      'Accepted',
      'False',
      'RefusedByPolicy',
      'TaskDefinition root',
    );
    expect(td.message).to.match(/^(networkMode|pidMode|containerDefinitions\[0\]\.privileged|volumes\[0\]\.host)/);
    const ready = await waitForCondition(
      () => getEsvc(ns, 'root'),
      'Ready',
      'False',
      'TaskDefinitionNotAccepted',
      'Service root',
    );
    expect(ready.message).to.include('RefusedByPolicy').and.include(td.message);
    expect(await namesOf(ns, 'deployments')).to.deep.equal([]);
    expect(await namesOf(ns, 'pods')).to.deep.equal([]);
  });

  it('a workload created under --policy=local is removed once the operator runs with --policy=strict', async function () {
    op = await startOperator({ namespace: ns, name: 'op11-local', policy: 'local' });
    const priv = taskDefinition('priv', {
      containerDefinitions: [container('app', 'registry.example.com/tools:1', { privileged: true })],
    });
    await applyAsUser(ns, priv, ecsService('priv', { taskDefinition: 'priv', desiredCount: 1 }));
    await waitFor(
      async () => (await namesOf(ns, 'deployments', 'ecs2eks.dev/service=priv')).length === 1,
      60_000,
      'the privileged Deployment under the local policy',
    );
    const privileged = JSON.parse(
      await kubectl([
        'get',
        'deployment',
        '-n',
        ns,
        '-l',
        'ecs2eks.dev/service=priv',
        '-o',
        'jsonpath={.items[0].spec.template.spec.containers[0].securityContext.privileged}',
      ]),
    ) as boolean;
    expect(privileged, 'the local policy let the privileged container through').to.equal(true);
    await op.stop();

    op = await startOperator({ namespace: ns, name: 'op11-strict', policy: 'strict' });
    await waitFor(
      async () => (await namesOf(ns, 'deployments', 'ecs2eks.dev/service=priv')).length === 0,
      60_000,
      'the privileged Deployment removed under the strict policy',
    );
    const ready = await waitForCondition(
      () => getEsvc(ns, 'priv'),
      'Ready',
      'False',
      'RefusedByPolicy',
      'Service priv',
    );
    expect(ready.message).to.include('containerDefinitions[0].privileged');
    const removed = await waitFor(
      async () => {
        const evs = (await eventsFor(ns, 'Service', 'priv', 'Warning')).filter((e) => e.reason === 'RemovedByPolicy');
        return evs.length > 0 ? evs : undefined;
      },
      30_000,
      'a RemovedByPolicy Warning Event on Service priv',
    );
    expect(removed[0]?.message).to.match(/containerDefinitions\[0\]\.privileged.*Deployment/);
  });

  it('a Task cannot join a Service through a dockerLabel carrying the reserved ecs2eks.dev/service key', async function () {
    op = await startOperator({ namespace: ns, name: 'op11-labels', policy: null });
    const web = taskDefinition('web', {
      containerDefinitions: [
        container('app', 'registry.example.com/web:1', { portMappings: [{ containerPort: 8080 }] }),
      ],
    });
    const intruder = taskDefinition('intruder', {
      containerDefinitions: [
        container('app', 'registry.example.com/other:1', {
          dockerLabels: { 'ecs2eks.dev/service': 'web', 'app.kubernetes.io/managed-by': 'someone' },
        }),
      ],
    });
    // A load balancer gives web a core Service, whose endpoints the intruder's pods must not join.
    await applyAsUser(
      ns,
      web,
      intruder,
      ecsService('web', { taskDefinition: 'web', desiredCount: 1, loadBalancers: [APP_LOAD_BALANCER] }),
    );
    await applyAsUser(ns, ecsTask('intruder', { taskDefinition: 'intruder', count: 2 }));
    await waitFor(
      async () => (await namesOf(ns, 'pods', 'ecs2eks.dev/task=intruder')).length === 2,
      60_000,
      'the two pods of Task intruder',
    );
    const steady = await waitFor(
      async () => {
        const s = await getEsvc(ns, 'web');
        return s.status?.runningCount === 1 && isTrue(s, 'Ready') ? s : undefined;
      },
      90_000,
      'Service web Ready with runningCount 1',
    );
    expect(steady.status?.runningCount).to.equal(1);
    // Every endpoint of web is web's own pod: wait for the endpoint controller, then compare the names.
    const webPods = (await namesOf(ns, 'pods', 'ecs2eks.dev/service=web')).map((n) => n.replace(/^pod\//, ''));
    expect(webPods, "only the service's own pod carries its label").to.have.length(1);
    const endpointPods = async (): Promise<string[]> =>
      (
        await kubectl([
          'get',
          'endpointslices',
          '-n',
          ns,
          '-l',
          'kubernetes.io/service-name=web',
          '-o',
          'jsonpath={range .items[*].endpoints[*]}{.targetRef.name}{"\\n"}{end}',
        ])
      )
        .split('\n')
        .filter(Boolean)
        .sort();
    const endpoints = await waitFor(
      async () => {
        const e = await endpointPods();
        return e.length > 0 ? e : undefined;
      },
      60_000,
      'endpoints of Service web',
    );
    expect(endpoints, 'endpoints of Service web').to.deep.equal(webPods.sort());
    const warned = (await getEtask(ns, 'intruder')).status as { findings?: Array<{ path: string; message: string }> };
    expect(
      (warned.findings ?? []).some(
        (f) => f.path === 'containerDefinitions[0].dockerLabels' && f.message.includes('ecs2eks.dev/service'),
      ),
      'a finding on the Task names the reserved key',
    ).to.equal(true);
  });

  it('a task role never puts pods on a ServiceAccount someone else created: nothing runs, ResourceExists', async function () {
    op = await startOperator({ namespace: ns, name: 'op11-sa', policy: null });
    // Another team's ServiceAccount, with its IRSA role, created by an administrator.
    await kubectl(
      ['apply', '-n', ns, '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'billing',
          annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/other-team' },
        },
      }),
    );
    const td = taskDefinition('billing', {
      taskRoleArn: 'arn:aws:iam::123456789012:role/billing-task',
      containerDefinitions: [container('app', 'registry.example.com/billing:1')],
    });
    await applyAsUser(ns, td, ecsService('billing', { taskDefinition: 'billing', desiredCount: 1 }));
    const ready = await waitForCondition(
      () => getEsvc(ns, 'billing'),
      'Ready',
      'False',
      'ResourceExists',
      'Service billing',
    );
    expect(ready.message).to.include('ServiceAccount').and.include('billing');
    expect(await namesOf(ns, 'deployments', 'ecs2eks.dev/service=billing'), 'no Deployment').to.deep.equal([]);
    const pods = await kubectl(['get', 'pods', '-n', ns, '-o', 'jsonpath={.items[*].spec.serviceAccountName}']);
    expect(pods.split(/\s+/), 'no pod runs as the foreign ServiceAccount').to.not.include('billing');

    // Once the object in the way is gone, the service recovers by itself, long before the 10-minute resync.
    const t0 = Date.now();
    await kubectl(['delete', 'serviceaccount', 'billing', '-n', ns]);
    await waitFor(
      async () => isTrue(await getEsvc(ns, 'billing'), 'Ready'),
      60_000,
      'Service billing Ready after the foreign ServiceAccount was deleted',
    );
    expect(Date.now() - t0, 'recovery time (ms)').to.be.lessThan(60_000);
    const sa = JSON.parse(await kubectl(['get', 'serviceaccount', 'billing', '-n', ns, '-o', 'json'])) as {
      metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
    };
    expect(sa.metadata.labels?.['app.kubernetes.io/managed-by']).to.equal('ecs2eks');
    expect(sa.metadata.annotations?.['eks.amazonaws.com/role-arn']).to.equal(
      'arn:aws:iam::123456789012:role/billing-task',
    );
  });

  it('deleting and re-creating a TaskDefinition never hands its revision number to another spec', async function () {
    op = await startOperator({ namespace: ns, name: 'op11-rev', policy: null });
    const image = (tag: string) =>
      taskDefinition('shop', { containerDefinitions: [container('app', `registry.example.com/shop:${tag}`)] });
    await applyAsUser(ns, image('good'), ecsService('shop', { taskDefinition: 'shop:1', desiredCount: 1 }));
    await waitServiceSteady(ns, 'shop', { taskDefinition: 'shop:1', running: 1 });
    // The attack: the same name and family again, with another image, hoping to become shop:1.
    await kubectl(['delete', 'taskdefinition.ecs2eks.dev', 'shop', '-n', ns, `--as=${USER}`, '--wait=true']);
    await applyAsUser(ns, image('evil'));
    await waitFor(
      async () => ((await getEtd(ns, 'shop')).status as { revision?: number } | undefined)?.revision === 2,
      60_000,
      'the re-created TaskDefinition at revision 2',
    );
    // The Service keeps running shop:1 as it was, and a new Service pinned to shop:1 runs nothing.
    await applyAsUser(ns, ecsService('shop', { taskDefinition: 'shop:1', desiredCount: 2 }));
    await waitServiceSteady(ns, 'shop', { taskDefinition: 'shop:1', running: 2 });
    await applyAsUser(ns, ecsService('shop-late', { taskDefinition: 'shop:1', desiredCount: 1 }));
    await waitForCondition(
      () => getEsvc(ns, 'shop-late'),
      'Ready',
      'False',
      'TaskDefinitionRevisionNotFound',
      'Service shop-late',
    );
    const images = await kubectl([
      'get',
      'pods',
      '-n',
      ns,
      '-l',
      'ecs2eks.dev/service in (shop,shop-late)',
      '-o',
      'jsonpath={.items[*].spec.containers[*].image}',
    ]);
    expect(images.split(/\s+/).sort(), 'pods of shop and shop-late').to.deep.equal([
      'registry.example.com/shop:good',
      'registry.example.com/shop:good',
    ]);
  });

  it('a task definition with 12,000 findings gets a bounded status instead of none', async function () {
    op = await startOperator({ namespace: ns, name: 'op11-size', policy: null });
    // Each placeholder value is a finding: unbounded, the status alone would be about 2 MB, over etcd's limit.
    const environment = Array.from({ length: 12_000 }, (_, i) => ({ name: `V${i}`, value: `\${SECRET_${i}}` }));
    const big = taskDefinition('big', {
      containerDefinitions: [container('app', 'registry.example.com/big:1', { environment })],
    });
    // create, not apply: a client-side apply would double the object with its last-applied annotation.
    await kubectl(['create', '-n', ns, `--as=${USER}`, '-f', '-'], JSON.stringify(big));
    const status = await waitFor(
      async () => {
        const td = await getEtd(ns, 'big');
        const ready = td.status?.conditions?.find((c) => c.type === 'Ready');
        return ready?.status === 'True'
          ? (td.status as { findings?: Array<{ level: string; message: string }> })
          : undefined;
      },
      120_000,
      'TaskDefinition big Ready=True with a status',
    );
    const findings = status.findings ?? [];
    expect(findings.length, 'findings in status').to.be.at.most(51);
    const more = findings.map((f) => /^(\d+) more Info finding\(s\) not shown in status/.exec(f.message)).find(Boolean);
    expect(Number(more?.[1]), 'the count of findings left out').to.be.at.least(11_950);
  });
});
