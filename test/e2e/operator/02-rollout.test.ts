// Scenario 2: a new image in the TaskDefinition is revision 2; the Service following the family
// rolls to it within maximumPercent / minimumHealthyPercent (watched pod by pod during the rollout)
// and ends COMPLETED, while a Service pinned to family:1 stays where it is.
import { expect } from 'chai';
import type { V1ControllerRevision, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { apply, kubectlJson } from '../support/kubectl.js';
import { isReady } from '../support/pods.js';
import { waitFor } from '../support/wait.js';
import {
  describeService,
  ecsService,
  ensureCrds,
  getEsvc,
  getEtd,
  podsWithSelector,
  waitServiceSteady,
  watchKubectl,
  webTaskDefinition,
  type EcsService,
  type Watch,
  useOperator,
} from './helpers.js';

before(ensureCrds);

const DESIRED = 4;
const MAX_PERCENT = 150;
const MIN_HEALTHY = 50;
// ECS: at most floor(desired × max / 100) tasks, at least ceil(desired × min / 100) healthy.
const MAX_SURGE = Math.floor((DESIRED * MAX_PERCENT) / 100) - DESIRED; // 2
const HEALTHY_FLOOR = Math.ceil((DESIRED * MIN_HEALTHY) / 100); // 2

describe('operator scenario 2: a new revision rolls the service within maximumPercent/minimumHealthyPercent; a pinned service stays', function () {
  let ns = '';
  let watch: Watch | undefined;

  useOperator('e2e-op2', 'op2', (n) => {
    ns = n;
  });
  afterEach(async function () {
    await watch?.stop();
  });

  it('rolls api to api:2 honouring surge and the healthy floor, ends COMPLETED; api-pinned stays on api:1', async function () {
    await apply(
      ns,
      webTaskDefinition('api', 'registry.example.com/api:1.0'),
      ecsService('api', {
        taskDefinition: 'api',
        desiredCount: DESIRED,
        deploymentConfiguration: { maximumPercent: MAX_PERCENT, minimumHealthyPercent: MIN_HEALTHY },
      }),
      ecsService('api-pinned', { taskDefinition: 'api:1', desiredCount: 2 }),
    );
    await waitServiceSteady(ns, 'api', { taskDefinition: 'api:1', running: DESIRED });
    await waitServiceSteady(ns, 'api-pinned', { taskDefinition: 'api:1', running: 2 });

    // The rollout parameters ECS semantics ask for.
    const dep1 = await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'api']);
    expect(dep1.spec?.strategy?.rollingUpdate, 'Deployment rollingUpdate').to.deep.equal({
      maxSurge: MAX_SURGE,
      maxUnavailable: `${100 - MIN_HEALTHY}%`,
    });
    const pinnedPodsBefore = (await podsWithSelector(ns, 'ecs2eks.dev/service=api-pinned'))
      .map((p) => p.metadata!.uid!)
      .sort();
    expect(pinnedPodsBefore).to.have.length(2);

    // Watch every pod change of `api` from now on: the apiserver's order of events, so no
    // transient state is missed between two polls.
    const pods = new Map<string, V1Pod>();
    let maxPods = 0;
    let minReady = Number.POSITIVE_INFINITY;
    let samples = 0;
    let worst = '';
    const observe = () => {
      const live = [...pods.values()].filter((p) => !p.metadata?.deletionTimestamp);
      const ready = live.filter(isReady).length;
      samples++;
      if (live.length > maxPods) maxPods = live.length;
      if (ready < minReady) {
        minReady = ready;
        worst = live
          .map(
            (p) =>
              `${p.metadata!.name}(rev ${p.metadata!.labels?.['ecs2eks.dev/revision']}, ${isReady(p) ? 'ready' : 'not ready'})`,
          )
          .join(' ');
      }
    };
    let synced = false;
    watch = watchKubectl<V1Pod>(ns, ['pods', '-l', 'ecs2eks.dev/service=api'], (e) => {
      if (e.type === 'ADDED' || e.type === 'MODIFIED') pods.set(e.object.metadata!.uid!, e.object);
      else if (e.type === 'DELETED') pods.delete(e.object.metadata!.uid!);
      if (synced) observe();
    });
    await waitFor(async () => pods.size >= DESIRED, 30_000, 'the pod watch to list the current pods');
    synced = true;
    observe();

    // Observe the service's own rollout state as well (polled).
    const rolloutStates = new Set<string>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          const s = await getEsvc(ns, 'api');
          if (s.status?.rolloutState) rolloutStates.add(`${s.status.taskDefinition}:${s.status.rolloutState}`);
        } catch {
          /* transient */
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    // Revision 2.
    await apply(ns, webTaskDefinition('api', 'registry.example.com/api:2.0'));
    const td = await waitFor(
      async () => {
        const t = await getEtd(ns, 'api');
        return t.status?.revision === 2 && t;
      },
      60_000,
      'etd/api status.revision 2',
    );
    expect(td.status?.taskDefinitionArn).to.equal('api:2');
    const revisions = (td.status?.revisions as Array<{ revision: number }> | undefined)?.map((r) => r.revision);
    expect(revisions, 'status.revisions[]').to.include.members([1, 2]);
    const cr2 = await kubectlJson<V1ControllerRevision>(['-n', ns, 'get', 'controllerrevision', 'api-2']);
    expect(cr2.revision).to.equal(2);
    expect(cr2.metadata?.labels?.['ecs2eks.dev/taskdefinition']).to.equal('api');

    let done: EcsService;
    try {
      done = await waitServiceSteady(ns, 'api', { taskDefinition: 'api:2', running: DESIRED }, 120_000);
      // Every pod of the service runs revision 2.
      await waitFor(
        async () => {
          const now = [...pods.values()].filter((p) => !p.metadata?.deletionTimestamp);
          return (
            now.length === DESIRED &&
            now.every((p) => p.metadata?.labels?.['ecs2eks.dev/revision'] === '2' && isReady(p))
          );
        },
        60_000,
        `${DESIRED} ready pods of revision 2`,
      );
    } finally {
      polling = false;
      await poller;
      await watch.stop();
    }
    const seen = `watched ${watch.count()} pod events (${samples} states): max ${maxPods} pods (bound ${DESIRED + MAX_SURGE}), min ${minReady} ready (floor ${HEALTHY_FLOOR}); service rollout states seen: ${[...rolloutStates].join(', ')}`;
    console.log(`      rollout: ${seen}`);
    expect(watch.error(), 'the pod watch ended early').to.equal(undefined);
    expect(maxPods, `pods never exceed desired + maxSurge; ${seen}`).to.be.at.most(DESIRED + MAX_SURGE);
    expect(minReady, `ready pods never below the healthy floor; ${seen}; worst state: ${worst}`).to.be.at.least(
      HEALTHY_FLOOR,
    );

    const st = done.status!;
    const primary = st.deployments?.find((d) => d.status === 'PRIMARY');
    expect(primary, describeService(done)).to.include({ taskDefinition: 'api:2', rolloutState: 'COMPLETED' });
    const dep2 = await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'api']);
    expect(dep2.spec?.template.metadata?.labels?.['ecs2eks.dev/revision']).to.equal('2');
    expect(dep2.spec?.template.spec?.containers[0]?.image).to.equal('registry.example.com/api:2.0');

    // The pinned service did not move: same pods, revision 1, old image.
    const pinned = await getEsvc(ns, 'api-pinned');
    expect(pinned.status?.taskDefinition, describeService(pinned)).to.equal('api:1');
    const pinnedDep = await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'api-pinned']);
    expect(pinnedDep.spec?.template.metadata?.labels?.['ecs2eks.dev/revision']).to.equal('1');
    expect(pinnedDep.spec?.template.spec?.containers[0]?.image).to.equal('registry.example.com/api:1.0');
    const pinnedPods = await podsWithSelector(ns, 'ecs2eks.dev/service=api-pinned');
    expect(
      pinnedPods.map((p) => p.metadata!.labels?.['ecs2eks.dev/revision']),
      "pinned pods' revision labels",
    ).to.deep.equal(['1', '1']);
    expect(pinnedPods.map((p) => p.metadata!.uid!).sort(), 'pinned pods were not replaced').to.deep.equal(
      pinnedPodsBefore,
    );
  });
});
