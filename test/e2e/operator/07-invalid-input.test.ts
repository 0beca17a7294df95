// Scenario 7: invalid input never crashes the operator nor blocks other resources. A dependsOn
// cycle, a Service naming a family that does not exist, and a privileged container under
// --policy=strict each give the resource a False condition with a reason and a message naming the
// field path, plus a Warning Event; a valid service in the same namespace still becomes Ready.
import { expect } from 'chai';
import { apply, kubectl } from '../support/kubectl.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { waitFor } from '../support/wait.js';
import {
  attachDiagnostics,
  container,
  ecsService,
  ensureCrds,
  eventsFor,
  getEsvc,
  getEtd,
  kubectlWaitReady,
  namesOf,
  taskDefinition,
  waitServiceSteady,
  webTaskDefinition,
  type Condition,
  type EcsObject,
  type KubeEvent,
} from './helpers.js';

before(ensureCrds);

interface Verdict {
  kind: string;
  name: string;
  condition: Condition;
  warnings: KubeEvent[];
}

describe('operator scenario 7: invalid input → False condition with reason and path + Warning Event; others keep reconciling', function () {
  let ns = '';
  let op: OperatorProcess | undefined;

  /** The first of `objects` that carries a False Ready/Accepted condition with `reason`, and its Warning Events. */
  async function refusal(
    objects: Array<{ kind: 'TaskDefinition' | 'Service'; name: string }>,
    reason: string,
  ): Promise<Verdict> {
    let seen = '';
    return waitFor(
      async () => {
        seen = '';
        for (const o of objects) {
          const obj: EcsObject = o.kind === 'Service' ? await getEsvc(ns, o.name) : await getEtd(ns, o.name);
          const conds = obj.status?.conditions ?? [];
          seen += ` ${o.kind}/${o.name}: ${JSON.stringify(conds.map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })))}`;
          const c = conds.find(
            (x) => (x.type === 'Ready' || x.type === 'Accepted') && x.status === 'False' && x.reason === reason,
          );
          if (!c) continue;
          const warnings = (await eventsFor(ns, o.kind, o.name, 'Warning')).filter((e) => e.reason === reason);
          if (warnings.length === 0) continue;
          return { kind: o.kind, name: o.name, condition: c, warnings };
        }
        return undefined;
      },
      60_000,
      `a Ready/Accepted=False condition with reason ${reason} and a Warning Event ${reason} on one of ${objects.map((o) => `${o.kind}/${o.name}`).join(', ')}`,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; conditions seen:${seen}`);
    });
  }

  before(async function () {
    ns = await freshNamespace('e2e-op7');
    op = await startOperator({ namespace: ns, name: 'op7', policy: 'strict' });
    await apply(
      ns,
      // a <-> b through dependsOn
      taskDefinition('cyc', {
        containerDefinitions: [
          container('a', 'registry.example.com/a:1.0', { dependsOn: [{ containerName: 'b', condition: 'START' }] }),
          container('b', 'registry.example.com/b:1.0', { dependsOn: [{ containerName: 'a', condition: 'START' }] }),
        ],
      }),
      ecsService('cyc', { taskDefinition: 'cyc', desiredCount: 1 }),
      // a family nobody registered
      ecsService('orphan', { taskDefinition: 'nosuch', desiredCount: 1 }),
      // privileged, refused by --policy=strict
      taskDefinition('priv', {
        containerDefinitions: [container('app', 'registry.example.com/priv:1.0', { privileged: true })],
      }),
      ecsService('priv', { taskDefinition: 'priv', desiredCount: 1 }),
      // and a valid one beside them
      webTaskDefinition('ok', 'registry.example.com/ok:1.0'),
      ecsService('ok', { taskDefinition: 'ok', desiredCount: 2 }),
    );
  });
  afterEach(async function () {
    await attachDiagnostics(this, ns, () => [op]);
  });
  after(async function () {
    await op?.stop();
    if (ns) await dropNamespace(ns);
  });

  it('dependsOn cycle → DependencyCycle naming containerDefinitions[i].dependsOn and both containers', async function () {
    const v = await refusal(
      [
        { kind: 'TaskDefinition', name: 'cyc' },
        { kind: 'Service', name: 'cyc' },
      ],
      'DependencyCycle',
    );
    expect(v.condition.message, `${v.kind}/${v.name} condition message`).to.match(
      /containerDefinitions\[[01]\]\.dependsOn/,
    );
    expect(v.condition.message).to.match(/\ba\b/).and.match(/\bb\b/);
    expect(
      await namesOf(ns, 'pods', 'ecs2eks.dev/service=cyc'),
      'no pods for a task definition with a cycle',
    ).to.deep.equal([]);
  });

  it('a Service whose family does not exist → TaskDefinitionNotFound naming taskDefinition', async function () {
    const v = await refusal([{ kind: 'Service', name: 'orphan' }], 'TaskDefinitionNotFound');
    const svc = await getEsvc(ns, 'orphan');
    expect(
      svc.status?.conditions?.find((c) => c.type === 'Ready')?.status,
      `Ready of a service that cannot run: ${JSON.stringify(svc.status?.conditions)}`,
    ).to.not.equal('True');
    expect(v.condition.message, 'condition message')
      .to.match(/taskDefinition/)
      .and.match(/nosuch/);
    expect(await namesOf(ns, 'deployments', 'ecs2eks.dev/service=orphan')).to.deep.equal([]);
  });

  it('privileged under --policy=strict → RefusedByPolicy naming containerDefinitions[0].privileged; nothing privileged runs', async function () {
    const v = await refusal(
      [
        { kind: 'TaskDefinition', name: 'priv' },
        { kind: 'Service', name: 'priv' },
      ],
      'RefusedByPolicy',
    );
    expect(v.condition.message, `${v.kind}/${v.name} condition message`).to.match(
      /containerDefinitions\[0\]\.privileged/,
    );
    expect(
      await namesOf(ns, 'deployments', 'ecs2eks.dev/service=priv'),
      'no Deployment for a refused service',
    ).to.deep.equal([]);
    const privileged = (
      await kubectl([
        '-n',
        ns,
        'get',
        'pods',
        '-o',
        'jsonpath={range .items[*]}{.metadata.name} {.spec.containers[*].securityContext.privileged}{"\\n"}{end}',
      ])
    )
      .split('\n')
      .filter((l) => /\btrue\b/.test(l));
    expect(privileged, 'privileged pods').to.deep.equal([]);
  });

  it('the valid service beside them becomes Ready, and the operator is still up', async function () {
    await waitServiceSteady(ns, 'ok', { taskDefinition: 'ok:1', running: 2 });
    await kubectlWaitReady(ns, 'ok', '60s');
    expect(op!.isAlive(), 'operator process alive').to.equal(true);
    expect(await op!.ready(), 'operator /readyz').to.equal(true);
  });

  it('a Service using a refused task definition (cyc, priv) reports Ready=False with a reason instead of an empty status', async function () {
    let seen = '';
    await waitFor(
      async () => {
        const out: string[] = [];
        let ok = true;
        for (const name of ['cyc', 'priv']) {
          const s = await getEsvc(ns, name);
          const ready = s.status?.conditions?.find((c) => c.type === 'Ready');
          out.push(`${name}: ${JSON.stringify(s.status?.conditions ?? null)}`);
          ok &&= ready?.status === 'False' && !!ready.reason && !!ready.message;
        }
        seen = out.join('; ');
        return ok;
      },
      30_000,
      'Ready=False with a reason on esvc/cyc and esvc/priv',
    ).catch((err: Error) => {
      throw new Error(`${err.message}; conditions: ${seen}`);
    });
  });

  it('user errors are not retried in a loop: idle for 5 s, the refused resources are not reconciled again and again', async function () {
    await waitServiceSteady(ns, 'ok', { taskDefinition: 'ok:1', running: 2 });
    await waitFor(async () => (await op!.metrics()).sum('workqueue_depth') === 0, 30_000, 'empty work queues');
    const m1 = await op!.metrics();
    const windowStart = Date.now();
    // A measurement window, not a wait for a condition: count what happens while nothing changes.
    await new Promise((r) => setTimeout(r, 5_000));
    const m2 = await op!.metrics();
    const delta = m2.reconciles() - m1.reconciles();
    const byController = (m: typeof m1) => JSON.stringify(m.by('controller_runtime_reconcile_total', 'controller'));
    expect(
      delta,
      `reconciles in ${Date.now() - windowStart} ms with nothing changing: ${byController(m1)} → ${byController(m2)}; retries ${m1.sum('workqueue_retries_total')} → ${m2.sum('workqueue_retries_total')}`,
    ).to.be.at.most(2);
  });
});
