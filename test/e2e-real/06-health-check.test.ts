// Real node, scenario 6: a container health check (CMD-SHELL, run inside the container by the
// kubelet). startPeriod gives a slow starter time: it turns healthy 12 s after start while one failed
// check would otherwise count (retries 1, interval 5), and it is not killed. Once it turns unhealthy,
// ECS stops the task ("failed container health checks") and the service starts a new one: the old pod
// is stopped and kept (Failed, logs readable), a new pod replaces it, and the service says why.
import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import { apply, kubectl, kubectlJson } from '../e2e/support/kubectl.js';
import { waitFor } from '../e2e/support/wait.js';
import {
  condition,
  container,
  describeService,
  ecsService,
  ensureCrds,
  eventsFor,
  getEsvc,
  podsWithSelector,
  taskDefinition,
  useOperator,
  waitServiceSteady,
} from '../e2e/operator/helpers.js';
import { ON_REAL_NODE, requireRealNode } from './support.js';

let realNode = '';
before(async function () {
  realNode = await requireRealNode();
  await ensureCrds();
});

const seconds = (t: Date | string | undefined): number => (t ? new Date(t).getTime() / 1000 : NaN);

describe('real node 6: health checks, startPeriod, and an unhealthy task replaced', function () {
  let ns = '';
  useOperator('e2e-real6', 'real6', (n) => (ns = n));

  it('a slow starter survives its startPeriod; an unhealthy task is stopped, kept and replaced', async function () {
    await apply(
      ns,
      taskDefinition('hc', {
        containerDefinitions: [
          container('app', 'registry.example.com/app:1', {
            // ecs2eks-test serve: creates /tmp/healthy 12 s after start; exits 0 on SIGTERM.
            environment: [{ name: 'TESTIMAGE_HEALTHY_AFTER', value: '12' }],
            healthCheck: {
              command: ['CMD-SHELL', 'test -f /tmp/healthy'],
              interval: 5,
              timeout: 2,
              retries: 1,
              startPeriod: 20,
            },
            stopTimeout: 5,
          }),
        ],
      }),
      ecsService('hc', { taskDefinition: 'hc', desiredCount: 1, placementConstraints: ON_REAL_NODE }),
    );
    await waitServiceSteady(ns, 'hc', { taskDefinition: 'hc:1', running: 1 }, 120_000);
    const [first] = await podsWithSelector(ns, 'ecs2eks.dev/service=hc');
    expect(first?.spec?.nodeName, 'ran on the real node').to.equal(realNode);
    const app = first?.status?.containerStatuses?.find((c) => c.name === 'app');
    const readyAt = seconds(first?.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime);
    const startedAt = seconds(app?.state?.running?.startedAt);
    console.log(
      `      first task ${first?.metadata?.name}: Ready ${readyAt - startedAt} s after start, restarts ${app?.restartCount}`,
    );
    expect(app?.restartCount, 'startPeriod: the failing checks before 12 s did not kill it').to.equal(0);
    expect(readyAt - startedAt, 'Ready only once the check passed (12 s)').to.be.at.least(10);

    // Make it unhealthy: the kubelet's liveness probe (the ECS health check) fails, and the task stops.
    const oldName = first.metadata!.name!;
    await kubectl(['-n', ns, 'exec', oldName, '-c', 'app', '--', 'rm', '/tmp/healthy']);
    const t0 = Date.now();
    const stopped = await waitFor(
      async () => {
        const svc = await getEsvc(ns, 'hc');
        const last = (svc.status as { lastStoppedTask?: { task: string; stoppedReason: string } }).lastStoppedTask;
        return last?.task === oldName && { svc, last };
      },
      90_000,
      `the service stopping task ${oldName}`,
    );
    console.log(`      stopped after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${stopped.last.stoppedReason}`);
    expect(stopped.last.stoppedReason).to.match(/^Task failed container health checks/);
    const notReady = condition(stopped.svc, 'Ready');
    expect(notReady?.status, 'not Ready right after a task stopped').to.equal('False');

    // The old pod is stopped, not deleted: Failed, its output still readable.
    const old = await waitFor(
      async () => {
        const p = await kubectlJson<V1Pod>(['-n', ns, 'get', 'pod', oldName]);
        return p.status?.phase === 'Failed' && p;
      },
      60_000,
      `pod ${oldName} Failed and kept`,
    );
    expect(old.status?.reason).to.equal('DeadlineExceeded');
    const logs = await kubectl(['-n', ns, 'logs', oldName, '-c', 'app']);
    expect(logs.length, 'the stopped task still has its logs').to.be.greaterThan(0);

    // A new task replaces it, runs on the real node, and the service is steady again.
    const svc = await waitServiceSteady(ns, 'hc', { taskDefinition: 'hc:1', running: 1 }, 120_000);
    const now = (await podsWithSelector(ns, 'ecs2eks.dev/service=hc')).filter((p) => p.status?.phase === 'Running');
    expect(now.map((p) => p.metadata?.name))
      .to.have.length(1)
      .and.not.include(oldName);
    expect(now[0]?.spec?.nodeName).to.equal(realNode);
    console.log(`      after replacement: ${describeService(svc)}`);
    const events = (await eventsFor(ns, 'Service', 'hc')).map((e) => e.message ?? '');
    expect(events.some((m) => m.includes(`has stopped 1 running tasks: (task ${oldName})`))).to.equal(true);
  });
});
