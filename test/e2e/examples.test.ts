// Issue 5: every example in examples/ runs on the local cluster. One operator watches a fresh
// namespace; each example file is applied into it and every ECS Service in it must become Ready
// (steady state: desired tasks running) and every Task must stop with exit code 0 in every
// container (Succeeded=True).
//
// kwok never runs a process, so a one-off task's pod would stay Running forever. The test gives the
// task's containers the dockerLabel sim.ecs2eks.test/kwok-exit-code: "0", which the operator turns into a
// pod label and kwok's exit stage reads (label or annotation, test/cluster/README.md); the example
// file itself stays as a user would apply it. The first case checks that label path on bare pods.
import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import yaml from 'js-yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support/env.js';
import { EXAMPLES_DIR, exampleFiles, isEcs, loadExample, type Manifest } from './support/examples.js';
import { apply, kubectl, kubectlJson } from './support/kubectl.js';
import { dropNamespace, freshNamespace } from './support/namespace.js';
import { startOperator, type OperatorProcess } from './support/operator.js';
import { getPod, type List } from './support/pods.js';
import { waitFor } from './support/wait.js';
import {
  attachDiagnostics,
  condition,
  describeService,
  ensureCrds,
  getEsvc,
  getEtask,
  isTrue,
  type EcsObject,
  type EcsService,
} from './operator/helpers.js';

const EXIT_CODE_KEY = 'sim.ecs2eks.test/kwok-exit-code';

interface TaskContainerStatus {
  name: string;
  lastStatus?: string;
  exitCode?: number | null;
  reason?: string | null;
}

interface TaskEntry {
  pod?: string;
  lastStatus?: string;
  stopCode?: string;
  containers?: TaskContainerStatus[];
}

/**
 * The objects of a file that contains a Task, with `sim.ecs2eks.test/kwok-exit-code: "0"` added to the
 * dockerLabels of every container definition of its TaskDefinitions (so kwok stops the pod with 0).
 */
function withExitZero(docs: Manifest[]): Manifest[] {
  const copy = structuredClone(docs);
  for (const d of copy) {
    if (!isEcs(d) || d.kind !== 'TaskDefinition') continue;
    const defs = (d.spec?.containerDefinitions ?? []) as Array<{ dockerLabels?: Record<string, string> }>;
    for (const c of defs) c.dockerLabels = { ...(c.dockerLabels ?? {}), [EXIT_CODE_KEY]: '0' };
  }
  return copy;
}

/** `kubectl get ecs -o wide` in `ns` (every ECS resource, through the CRDs' `ecs` category). */
async function getEcsWide(ns: string): Promise<string> {
  try {
    return (await kubectl(['-n', ns, 'get', 'ecs', '-o', 'wide'])).trimEnd();
  } catch (err) {
    return `(kubectl get ecs failed: ${(err as Error).message})`;
  }
}

function taskSummary(t: EcsObject | undefined): string {
  if (!t) return '(none)';
  const st = t.status ?? {};
  return JSON.stringify({
    lastStatus: st.lastStatus,
    desiredStatus: st.desiredStatus,
    stopCode: st.stopCode,
    stoppedReason: st.stoppedReason,
    containers: st.containers,
    tasks: st.tasks,
    conditions: st.conditions,
  });
}

/** Waits until every CRD in crds/ reports Established=True (read from its status, polled). */
async function waitCrdsEstablished(): Promise<void> {
  const names = readdirSync(join(repoRoot, 'crds'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => yaml.loadAll(readFileSync(join(repoRoot, 'crds', f), 'utf8')) as Manifest[])
    .filter((d) => d?.kind === 'CustomResourceDefinition')
    .map((d) => d.metadata.name);
  expect(names, 'CRDs in crds/').to.include.members([
    'taskdefinitions.ecs2eks.dev',
    'services.ecs2eks.dev',
    'tasks.ecs2eks.dev',
  ]);
  await waitFor(
    async () => {
      const crds = await kubectlJson<
        List<{ metadata: { name: string }; status?: { conditions?: Array<{ type: string; status: string }> } }>
      >(['get', 'crd', ...names]);
      return (
        crds.items.length === names.length &&
        crds.items.every((c) => c.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True'))
      );
    },
    60_000,
    `CRDs ${names.join(', ')} Established`,
    500,
  );
}

describe('examples/: every example reaches Ready (services) or STOPPED with exit 0 (tasks)', function () {
  let ns = '';
  let op: OperatorProcess | undefined;

  before(async function () {
    await ensureCrds();
    await waitCrdsEstablished();
    ns = await freshNamespace('e2e-examples');
    op = await startOperator({ namespace: ns, name: 'examples' });
  });
  afterEach(async function () {
    await attachDiagnostics(this, ns, () => [op]);
  });
  after(async function () {
    await op?.stop();
    if (ns) await dropNamespace(ns);
  });

  /** Failure context: `kubectl get ecs -o wide` and the operator's log tail. */
  async function context(): Promise<string> {
    return `--- kubectl get ecs -o wide ---\n${await getEcsWide(ns)}\n${op ? op.logSection(30) : '(no operator)'}`;
  }

  it('kwok reads sim.ecs2eks.test/kwok-exit-* from pod labels when there is no annotation (annotation still wins)', async function () {
    const pod = (
      name: string,
      image: string,
      labels: Record<string, string>,
      annotations: Record<string, string> = {},
      sidecar = false,
    ) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { app: name, ...labels }, annotations },
      spec: {
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 0,
        containers: [
          { name: 'app', image, resources: { requests: { cpu: '10m', memory: '16Mi' } } },
          ...(sidecar
            ? [{ name: 'sidecar', image: 'proxy:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }]
            : []),
        ],
      },
    });
    await apply(
      ns,
      // Only labels: exit code 3 from container app after 4s; the sidecar keeps running.
      pod(
        'lbl-three',
        'task:1.0',
        {
          [EXIT_CODE_KEY]: '3',
          'sim.ecs2eks.test/kwok-exit-container': 'app',
          'sim.ecs2eks.test/kwok-exit-after': '4s',
        },
        {},
        true,
      ),
      // A label exit code beats the failing-image marker, as the annotation does.
      pod('lbl-zero-marked', 'task:fail', { [EXIT_CODE_KEY]: '0' }),
      // Annotation and label disagree: the annotation decides.
      pod('ann-wins', 'task:1.0', { [EXIT_CODE_KEY]: '7' }, { [EXIT_CODE_KEY]: '0' }),
    );
    const settled = (name: string, pred: (p: V1Pod) => boolean, what: string) =>
      waitFor(
        async () => {
          const p = await getPod(ns, name);
          return pred(p) && p;
        },
        60_000,
        `pod ${name}: ${what}`,
      );
    const terminated = (p: V1Pod, c: string) =>
      p.status?.containerStatuses?.find((s) => s.name === c)?.state?.terminated;

    const three = await settled('lbl-three', (p) => terminated(p, 'app') !== undefined, 'container app terminated');
    expect(terminated(three, 'app')?.exitCode, 'exit code from the label').to.equal(3);
    expect(terminated(three, 'app')?.reason).to.equal('Error');
    expect(
      three.status?.containerStatuses?.find((s) => s.name === 'sidecar')?.state?.running,
      'sidecar still running (exit-container from the label)',
    ).to.not.equal(undefined);
    expect(three.status?.phase).to.equal('Running');
    const t = terminated(three, 'app')!;
    const ranSeconds =
      (new Date(t.finishedAt as unknown as string).getTime() - new Date(t.startedAt as unknown as string).getTime()) /
      1000;
    expect(
      ranSeconds,
      `exit-after 4s from the label (started ${String(t.startedAt)}, finished ${String(t.finishedAt)})`,
    ).to.be.at.least(3);

    const zero = await settled(
      'lbl-zero-marked',
      (p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed',
      'terminal phase',
    );
    expect(zero.status?.phase, 'label exit code 0 wins over the :fail marker').to.equal('Succeeded');
    expect(terminated(zero, 'app')?.exitCode).to.equal(0);

    const ann = await settled(
      'ann-wins',
      (p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed',
      'terminal phase',
    );
    expect(ann.status?.phase, 'annotation 0 beats label 7').to.equal('Succeeded');
    expect(terminated(ann, 'app')?.exitCode).to.equal(0);
  });

  const files = exampleFiles();

  it('finds the examples of issue 5, each with a Service or a Task to check', function () {
    expect(files).to.include.members([
      'web-alb.yaml',
      'worker-sidecar.yaml',
      'daemon-log-agent.yaml',
      'one-off-task.yaml',
      'fargate-autoscaled.yaml',
    ]);
    for (const f of files) {
      const kinds = loadExample(f)
        .filter(isEcs)
        .map((d) => d.kind);
      expect(
        kinds.some((k) => k === 'Service' || k === 'Task'),
        `${f} has a Service or a Task (kinds: ${kinds.join(', ')})`,
      ).to.equal(true);
    }
  });

  for (const file of files) {
    it(`${file}: applies and reaches its goal`, async function () {
      const docs = loadExample(file);
      const services = docs.filter((d) => isEcs(d) && d.kind === 'Service').map((d) => d.metadata.name);
      const tasks = docs.filter((d) => isEcs(d) && d.kind === 'Task').map((d) => d.metadata.name);
      if (tasks.length > 0) {
        // The example as written, plus the dockerLabel that makes kwok stop its pods with exit 0.
        const objects = withExitZero(docs);
        const defs = objects.filter((d) => isEcs(d) && d.kind === 'TaskDefinition');
        expect(defs.length, `${file} defines the task's TaskDefinition`).to.be.greaterThan(0);
        await apply(ns, ...objects);
      } else {
        await kubectl(['apply', '-n', ns, '-f', join(EXAMPLES_DIR, file)]);
      }

      for (const name of services) {
        let last: EcsService | undefined;
        await waitFor(
          async () => {
            last = await getEsvc(ns, name);
            const st = last.status;
            const current = (st?.observedGeneration ?? 0) >= (last.metadata.generation ?? 1);
            return (
              current && isTrue(last, 'Ready') && (st?.desiredCount ?? 0) > 0 && st?.runningCount === st?.desiredCount
            );
          },
          120_000,
          `esvc/${name} (${file}) Ready with every desired task running`,
        ).catch(async (err: Error) => {
          throw new Error(`${err.message}\n  last status: ${describeService(last)}\n${await context()}`);
        });
        // What a user runs: kubectl agrees at once.
        await kubectl(['-n', ns, 'wait', '--for=condition=Ready', `esvc/${name}`, '--timeout=10s']);
      }

      for (const name of tasks) {
        let last: EcsObject | undefined;
        const stopped = await waitFor(
          async () => {
            last = await getEtask(ns, name);
            return last.status?.lastStatus === 'STOPPED' && last;
          },
          120_000,
          `etask/${name} (${file}) lastStatus STOPPED`,
        ).catch(async (err: Error) => {
          throw new Error(`${err.message}\n  last status: ${taskSummary(last)}\n${await context()}`);
        });
        const st = stopped.status!;
        const summary = `${taskSummary(stopped)}\n${await context()}`;
        const entries = (st.tasks ?? []) as TaskEntry[];
        const count = Number(
          (docs.find((d) => d.kind === 'Task' && d.metadata.name === name)?.spec?.count as number | undefined) ?? 1,
        );
        expect(entries, `etask/${name}: one entry per started task\n${summary}`).to.have.length(count);
        const containers = entries.flatMap((e) => e.containers ?? []);
        expect(containers.length, `etask/${name}: containers reported\n${summary}`).to.be.greaterThan(0);
        for (const c of containers) {
          expect(c, `etask/${name} container ${c.name}\n${summary}`).to.include({ lastStatus: 'STOPPED', exitCode: 0 });
        }
        expect(condition(stopped, 'Succeeded')?.status, `etask/${name} Succeeded\n${summary}`).to.equal('True');
        expect(condition(stopped, 'Stopped')?.status, `etask/${name} Stopped\n${summary}`).to.equal('True');
      }
    });
  }
});
