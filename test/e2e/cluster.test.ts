// What the e2e tests of the operator rely on from the cluster: real scheduling (zone spread,
// DaemonSets), pods that run through kwok, failures on demand (ecs2eks kwok stages) and garbage
// collection. Runs against $KUBECONFIG; see test/cluster/README.md for the kwok rules.
import { expect } from 'chai';
import type { V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { apply, kubectl, kubectlJson } from './support/kubectl.js';
import { dropNamespace, freshNamespace } from './support/namespace.js';
import {
  getPod,
  isRunningAndReady,
  type List,
  nodeZones,
  podManifest,
  podTemplate,
  podsWithLabel,
} from './support/pods.js';
import { waitFor } from './support/wait.js';

describe('local cluster', function () {
  let ns = '';
  before(async function () {
    ns = await freshNamespace('e2e-cluster');
  });
  after(async function () {
    if (ns) await dropNamespace(ns);
  });

  function deployment(name: string, replicas: number, image: string, spec: object = {}, podSpec: object = {}) {
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: podTemplate({ app: name }, image, podSpec),
        ...spec,
      },
    };
  }

  async function readyPods(selector: string, count: number): Promise<V1Pod[]> {
    return waitFor(
      async () => {
        const pods = (await podsWithLabel(ns, selector)).filter(isRunningAndReady);
        return pods.length === count ? pods : undefined;
      },
      90_000,
      `${count} Running+Ready pods with ${selector} in ${ns}`,
    );
  }

  it('runs pods through kwok: Running, Ready, containers running, loopback hostIP', async function () {
    await apply(ns, podManifest('plain', 'nginx:1.27'));
    const [pod] = await readyPods('app=plain', 1);
    expect(pod.spec?.nodeName, 'scheduled').to.match(/^kwok-node-/);
    expect(pod.status?.hostIP).to.equal('127.0.0.1');
    expect(pod.status?.containerStatuses?.[0]?.state?.running, 'container running').to.not.equal(undefined);
  });

  it('spreads a 6-replica Deployment with a zone topologySpreadConstraint 2 per zone', async function () {
    const spread = {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'spread' } },
        },
      ],
    };
    await apply(ns, deployment('spread', 6, 'nginx:1.27', {}, spread));
    const pods = await readyPods('app=spread', 6);
    const zones = await nodeZones();
    const perZone: Record<string, number> = {};
    for (const p of pods) {
      const zone = zones.get(p.spec!.nodeName!) ?? 'unscheduled';
      perZone[zone] = (perZone[zone] ?? 0) + 1;
    }
    expect(perZone).to.deep.equal({ 'zone-a': 2, 'zone-b': 2, 'zone-c': 2 });
  });

  it('gives a DaemonSet exactly one pod per node', async function () {
    const nodes = [...(await nodeZones()).keys()];
    await apply(ns, {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: podTemplate({ app: 'agent' }, 'agent:1.0') },
    });
    const pods = await readyPods('app=agent', nodes.length);
    expect(pods.map((p) => p.spec!.nodeName).sort()).to.deep.equal([...nodes].sort());
  });

  it('crash-loops a Deployment pod whose image tag is marked `fail`', async function () {
    await apply(ns, deployment('crash', 1, 'web:1.2-fail'));
    const pod = await waitFor(
      async () => {
        const [p] = await podsWithLabel(ns, 'app=crash');
        const cs = p?.status?.containerStatuses?.[0];
        return cs && (cs.restartCount ?? 0) >= 2 ? p : undefined;
      },
      60_000,
      'a crash-looping pod with restartCount >= 2',
    );
    const cs = pod.status!.containerStatuses![0];
    expect(pod.status?.phase).to.equal('Running');
    expect(isRunningAndReady(pod), 'never Ready').to.equal(false);
    expect(cs.ready).to.equal(false);
    expect(cs.state?.waiting?.reason).to.equal('CrashLoopBackOff');
    expect(cs.state?.running, 'not running at the same time').to.equal(undefined);
    expect(cs.lastState?.terminated?.exitCode).to.equal(1);
  });

  it('fails a Deployment rollout to a `-fail` image (ProgressDeadlineExceeded)', async function () {
    await apply(ns, deployment('rollout', 2, 'web:1.0'));
    await readyPods('app=rollout', 2);
    // The short deadline comes with the new image, so no condition left from the first rollout
    // can be mistaken for this one (observedGeneration must catch up first).
    const patch = {
      spec: {
        progressDeadlineSeconds: 5,
        template: { spec: { containers: [{ name: 'app', image: 'web:1.1-fail' }] } },
      },
    };
    await kubectl(['-n', ns, 'patch', 'deployment', 'rollout', '--type=strategic', '-p', JSON.stringify(patch)]);
    const dep = await waitFor(
      async () => {
        const d = await kubectlJson<V1Deployment>(['-n', ns, 'get', 'deployment', 'rollout']);
        const c = d.status?.conditions?.find((x) => x.type === 'Progressing');
        const current = (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1);
        return current && c?.status === 'False' && c.reason === 'ProgressDeadlineExceeded' ? d : undefined;
      },
      90_000,
      'Progressing=False/ProgressDeadlineExceeded on deployment/rollout',
    );
    expect(dep.status?.availableReplicas, 'old pods keep serving').to.equal(2);
  });

  it('fails a restartPolicy=Never pod with a marked image: phase Failed, exitCode 1', async function () {
    await apply(ns, podManifest('once-fail', 'nginx:fail', { restartPolicy: 'Never' }));
    const pod = await waitFor(
      async () => {
        const p = await getPod(ns, 'once-fail');
        return p.status?.phase === 'Failed' ? p : undefined;
      },
      60_000,
      'pod once-fail Failed',
    );
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).to.equal(1);
  });

  it('stops a pod annotated sim.ecs2eks.test/kwok-exit-code with that exit code', async function () {
    const task = (name: string, code: string, extra: Record<string, string> = {}) =>
      podManifest(name, 'task:1.0', { restartPolicy: 'Never' }, { 'sim.ecs2eks.test/kwok-exit-code': code, ...extra });
    const sidecar = task('exit-one', '0', { 'sim.ecs2eks.test/kwok-exit-container': 'app' });
    sidecar.spec.containers.push({ ...sidecar.spec.containers[0], name: 'sidecar' });
    await apply(ns, task('exit-3', '3'), task('exit-0', '0'), sidecar);

    const final = (name: string, phase: string) =>
      waitFor(
        async () => {
          const p = await getPod(ns, name);
          return p.status?.phase === phase ? p : undefined;
        },
        60_000,
        `pod ${name} ${phase}`,
      );
    const failed = await final('exit-3', 'Failed');
    expect(failed.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).to.equal(3);
    const succeeded = await final('exit-0', 'Succeeded');
    expect(succeeded.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).to.equal(0);

    const one = await waitFor(
      async () => {
        const p = await getPod(ns, 'exit-one');
        return p.status?.containerStatuses?.find((c) => c.name === 'app')?.state?.terminated ? p : undefined;
      },
      60_000,
      'container app of pod exit-one terminated',
    );
    const byName = new Map(one.status!.containerStatuses!.map((c) => [c.name, c]));
    expect(byName.get('app')?.state?.terminated?.exitCode).to.equal(0);
    expect(byName.get('sidecar')?.state?.running, 'sidecar keeps running').to.not.equal(undefined);
    expect(one.status?.phase).to.equal('Running');
  });

  it('garbage-collects the ReplicaSets and Pods of a deleted Deployment', async function () {
    await apply(ns, deployment('gc', 2, 'nginx:1.27'));
    await readyPods('app=gc', 2);
    const rs = await kubectlJson<List<V1ReplicaSet>>(['-n', ns, 'get', 'replicasets', '-l', 'app=gc']);
    expect(rs.items).to.have.length(1);
    await kubectl(['-n', ns, 'delete', 'deployment', 'gc', '--wait=false']);
    await waitFor(
      async () => {
        const left = await kubectl(['-n', ns, 'get', 'replicasets,pods', '-l', 'app=gc', '-o', 'name']);
        return left.trim() === '';
      },
      60_000,
      'ReplicaSets and Pods of deployment/gc to be garbage-collected',
    );
  });
});
