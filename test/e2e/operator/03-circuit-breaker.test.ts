// Scenario 3: a revision whose image crash-loops (kwok's failing stage) trips the deployment
// circuit breaker: the deployment is FAILED with a Warning Event, and with rollback the service
// returns to the last revision that completed and is Ready again.
import { expect } from 'chai';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { apply, kubectlJson } from '../support/kubectl.js';
import { isRunningAndReady } from '../support/pods.js';
import { waitFor } from '../support/wait.js';
import {
  condition,
  describeService,
  ecsService,
  ensureCrds,
  eventsFor,
  getEtd,
  kubectlWaitReady,
  podsWithSelector,
  waitServiceSteady,
  watchKubectl,
  webTaskDefinition,
  type EcsService,
  type ServiceDeployment,
  type Watch,
  useOperator,
} from './helpers.js';

before(ensureCrds);

const DESIRED = 2;
// ECS circuitBreakerThreshold: ceil(desired / 2) clamped to [3, 200].
const THRESHOLD = Math.min(200, Math.max(3, Math.ceil(DESIRED / 2)));

describe('operator scenario 3: circuit breaker with rollback on a crash-looping revision', function () {
  let ns = '';
  let watch: Watch | undefined;

  useOperator('e2e-op3', 'op3', (n) => {
    ns = n;
  });
  afterEach(async function () {
    await watch?.stop();
  });

  it('marks revision 2 FAILED (Warning DeploymentFailed), rolls back to cb:1 and is Ready again', async function () {
    await apply(
      ns,
      webTaskDefinition('cb', 'registry.example.com/cb:1.0'),
      ecsService('cb', {
        taskDefinition: 'cb',
        desiredCount: DESIRED,
        deploymentConfiguration: {
          maximumPercent: 200,
          minimumHealthyPercent: 100,
          deploymentCircuitBreaker: { enable: true, rollback: true },
        },
      }),
    );
    await waitServiceSteady(ns, 'cb', { taskDefinition: 'cb:1', running: DESIRED });

    // Every status the service goes through from here on.
    const history: EcsService[] = [];
    watch = watchKubectl<EcsService>(ns, ['services.ecs2eks.dev', 'cb'], (e) => {
      if (e.type !== 'DELETED') history.push(e.object);
    });
    const failedDeployment = (s: EcsService): ServiceDeployment | undefined =>
      s.status?.deployments?.find((d) => d.taskDefinition === 'cb:2' && d.rolloutState === 'FAILED');

    const startedAt = Date.now();
    await apply(ns, webTaskDefinition('cb', 'registry.example.com/cb:2.0-fail'));
    await waitFor(async () => (await getEtd(ns, 'cb')).status?.revision === 2, 60_000, 'etd/cb revision 2');

    // The new revision's pods crash-loop (kwok) and never become ready.
    await waitFor(
      async () =>
        (await podsWithSelector(ns, 'ecs2eks.dev/service=cb,ecs2eks.dev/revision=2')).some(
          (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) > 0,
        ),
      60_000,
      'a crash-looping pod of revision 2',
    );

    // The breaker trips: revision 2's deployment FAILED, with at least THRESHOLD failed tasks.
    const tripped = await waitFor(
      async () => history.find((s) => failedDeployment(s)),
      120_000,
      'a status with deployment cb:2 rolloutState FAILED',
    );
    const trippedAfter = (Date.now() - startedAt) / 1000;
    const failed = failedDeployment(tripped)!;
    expect(
      failed.failedTasks ?? 0,
      `failedTasks of the FAILED deployment (threshold ${THRESHOLD}): ${describeService(tripped)}`,
    ).to.be.at.least(THRESHOLD);
    expect(failed.rolloutStateReason ?? '', 'rolloutStateReason').to.not.equal('');
    const warnings = await waitFor(
      async () => {
        const ev = await eventsFor(ns, 'Service', 'cb', 'Warning');
        return ev.some((e) => e.reason === 'DeploymentFailed') && ev;
      },
      30_000,
      'a Warning Event DeploymentFailed on esvc/cb',
    );
    expect(warnings.map((e) => e.reason)).to.include('DeploymentFailed');
    expect(
      history.some((s) => condition(s, 'Degraded')?.status === 'True'),
      'Degraded=True at some point after the breaker tripped',
    ).to.equal(true);

    // Rollback: back on revision 1, Ready, Degraded=True reason RolledBack.
    const back = await waitServiceSteady(ns, 'cb', { taskDefinition: 'cb:1', running: DESIRED }, 120_000);
    const rolledBackAfter = (Date.now() - startedAt) / 1000;
    expect(condition(back, 'Degraded'), describeService(back)).to.include({ status: 'True', reason: 'RolledBack' });
    const primary = back.status?.deployments?.find((d) => d.status === 'PRIMARY');
    expect(primary, describeService(back)).to.include({ taskDefinition: 'cb:1' });
    const dep = await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'cb']);
    expect(dep.spec?.template.metadata?.labels?.['ecs2eks.dev/revision'], 'Deployment pod template revision').to.equal(
      '1',
    );
    expect(dep.spec?.template.spec?.containers[0]?.image).to.equal('registry.example.com/cb:1.0');
    await waitFor(
      async () => {
        const pods: V1Pod[] = await podsWithSelector(ns, 'ecs2eks.dev/service=cb');
        // Stopped tasks stay (Failed) for their logs, as ECS shows stopped tasks: they are not running.
        const live = pods.filter(
          (p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded',
        );
        return (
          live.length === DESIRED &&
          live.every((p) => p.metadata?.labels?.['ecs2eks.dev/revision'] === '1' && isRunningAndReady(p))
        );
      },
      60_000,
      `only ${DESIRED} ready pods of revision 1 left running`,
    );
    // Every task of revision 2 that ran was stopped by the operator (an essential container exited).
    const stopped = (await podsWithSelector(ns, 'ecs2eks.dev/service=cb,ecs2eks.dev/revision=2')).filter(
      (p) => !p.metadata?.deletionTimestamp,
    );
    expect(
      stopped.every((p) => p.spec?.activeDeadlineSeconds === 1),
      'the kept pods of revision 2 are stopped tasks',
    ).to.equal(true);
    const stops = (await eventsFor(ns, 'Service', 'cb', 'Warning')).filter((e) => e.reason === 'TaskStopped');
    expect(stops.length, 'a TaskStopped event per stopped task').to.be.at.least(THRESHOLD);
    await kubectlWaitReady(ns, 'cb', '60s');
    console.log(
      `      circuit breaker: FAILED after ${trippedAfter.toFixed(1)}s with ${failed.failedTasks} failed tasks (threshold ${THRESHOLD}); back on cb:1 and Ready after ${rolledBackAfter.toFixed(1)}s`,
    );
  });
});
