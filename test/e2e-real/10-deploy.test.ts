// Real node, scenario 10: the operator in pods, as `make deploy` installs it. The image is the one
// `make image` assembles without Docker (hack/image/build.sh), imported into the real node's
// containerd by `make image-load` (this cluster's `kind load image-archive`); `make deploy IMG=...`
// applies manifests/ with kustomize's image override, here on top of a test overlay that adds only
// what this cluster lacks:
//  - nodeSelector ecs2eks.test/node=real. Without it the scheduler may put the replicas on the kwok
//    nodes, where nothing runs (kwok reports any pod there Running and Ready without starting it),
//    and the manifests' pod anti-affinity even prefers spreading them over different nodes;
//  - the way to the apiserver (apiserver-route.ts says why it is needed and why not hostNetwork):
//    a hostAlias for kubernetes.default.svc and KUBERNETES_SERVICE_HOST/PORT.
// Everything else is the manifests' own: 2 replicas, leader election on Lease ecs2eks-leader, the
// ServiceAccount and its RBAC, Pod Security "restricted", read-only root filesystem, probes.
import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { clusterDir, clusterEnv, repoRoot } from '../e2e/support/env.js';
import { apply, kubectl, kubectlJson, run } from '../e2e/support/kubectl.js';
import { dropNamespace, freshNamespace } from '../e2e/support/namespace.js';
import { isRunningAndReady, type List } from '../e2e/support/pods.js';
import { waitFor } from '../e2e/support/wait.js';
import {
  ecsService,
  ensureCrds,
  getEtd,
  isTrue,
  podsWithSelector,
  waitServiceSteady,
  webTaskDefinition,
} from '../e2e/operator/helpers.js';
import { routeToApiserver, type ApiserverRoute } from './apiserver-route.js';
import { ON_REAL_NODE, requireRealNode } from './support.js';

/** A name of our own, so that a pod running the registry's stand-in image instead would show. */
const IMG = 'ecs2eks.test/ecs2eks:e2e-real';
const SYSTEM_NS = 'ecs2eks-system';
const OPERATOR_PODS = 'app.kubernetes.io/name=ecs2eks,app.kubernetes.io/component=operator';
const SERVICE_ACCOUNT = 'ecs2eks-operator';
const LEASE = 'ecs2eks-leader';

let realNode = '';
before(async function () {
  realNode = await requireRealNode();
  await ensureCrds();
});

/**
 * make -C <repo> ARGS..., returning stdout; stderr is part of the error when it fails. Without the
 * MAKEFLAGS of a `make e2e-real` this runs under, so it behaves the same when run alone.
 */
async function make(args: string[], timeoutMs: number): Promise<string> {
  const { MAKEFLAGS: _flags, MFLAGS: _mflags, MAKELEVEL: _level, ...env } = process.env;
  return (await run('make', ['-s', '--no-print-directory', '-C', repoRoot, ...args], { timeoutMs, env })).stdout;
}

/** The kustomization the test deploys (JSON is YAML): manifests/ plus the two additions above. */
function testOverlay(manifests: string, route: ApiserverRoute): object {
  const patch = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ecs2eks-operator', namespace: SYSTEM_NS },
    spec: {
      template: {
        spec: {
          nodeSelector: { 'ecs2eks.test/node': 'real' },
          hostAliases: [{ ip: route.host, hostnames: ['kubernetes.default.svc'] }],
          containers: [
            {
              name: 'operator',
              env: [
                { name: 'KUBERNETES_SERVICE_HOST', value: 'kubernetes.default.svc' },
                { name: 'KUBERNETES_SERVICE_PORT', value: String(route.port) },
              ],
            },
          ],
        },
      },
    },
  };
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [manifests],
    patches: [{ target: { kind: 'Deployment', name: 'ecs2eks-operator' }, patch: JSON.stringify(patch) }],
  };
}

async function operatorPods(): Promise<V1Pod[]> {
  const pods = (await kubectlJson<List<V1Pod>>(['-n', SYSTEM_NS, 'get', 'pods', '-l', OPERATOR_PODS])).items;
  return pods.filter((p) => !p.metadata?.deletionTimestamp);
}

async function leaseHolder(): Promise<string> {
  const lease = await kubectlJson<{ spec?: { holderIdentity?: string } }>(['-n', SYSTEM_NS, 'get', 'lease', LEASE]);
  return lease.spec?.holderIdentity ?? '';
}

/** The pod whose identity holds the Lease (identity = `<hostname>_<pid>_<random>`, hostname = pod name). */
const holderPod = (holder: string, pods: V1Pod[]): string | undefined =>
  pods.map((p) => p.metadata!.name!).find((n) => holder.startsWith(`${n}_`));

describe('real node 10: make deploy runs the operator image on the real node', function () {
  let route: ApiserverRoute | undefined;
  let overlay = '';
  let ns = '';
  let sock = '';
  let pods: V1Pod[] = [];
  let leader = '';

  before(async function () {
    this.timeout(900_000); // a cold image build runs npm ci and tsc on 2 cores
    const dir = clusterDir();
    if (!dir)
      throw new Error(
        'this scenario imports the image into the real node of the local cluster, so it needs the cluster that with-cluster.sh starts (ECS2EKS_CLUSTER_DIR); against another cluster load the image yourself (kind load image-archive, minikube image load) and run make deploy IMG=...',
      );
    const env = clusterEnv(dir);
    sock = join(dir, 'node/containerd.sock');
    let t = Date.now();
    await make(['image-load', `IMG=${IMG}`], 900_000);
    console.log(`      make image-load IMG=${IMG}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    route = await routeToApiserver(`${env.REAL_NODE_SUBNET}.1`, Number(env.API_PORT));
    overlay = mkdtempSync(join(repoRoot, '.cache', 'e2e-real-deploy-'));
    const manifests = relative(overlay, join(repoRoot, 'manifests'));
    writeFileSync(join(overlay, 'kustomization.yaml'), JSON.stringify(testOverlay(manifests, route), null, 2));
    t = Date.now();
    await make(['deploy', `IMG=${IMG}`, `DEPLOY_BASE=${overlay}`], 120_000);
    console.log(`      make deploy: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    ns = await freshNamespace('e2e-real10');
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    const show = async (args: string[]): Promise<string> =>
      kubectl(args).catch((err: Error) => `(${args.join(' ')}: ${err.message})`);
    const logs = await Promise.all(
      (await operatorPods().catch(() => [])).map(async (p) =>
        show(['-n', SYSTEM_NS, 'logs', p.metadata!.name!, '--tail=30']),
      ),
    );
    console.log(
      [
        await show(['-n', SYSTEM_NS, 'get', 'pods,lease', '-o', 'wide']),
        await show(['-n', SYSTEM_NS, 'get', 'events', '--sort-by=.lastTimestamp']),
        ...(ns ? [await show(['-n', ns, 'get', 'all,services.ecs2eks.dev', '-o', 'wide'])] : []),
        ...logs,
      ].join('\n'),
    );
  });

  after(async function () {
    this.timeout(300_000);
    try {
      if (ns) await dropNamespace(ns);
      if (overlay) {
        const t = Date.now();
        await make(['undeploy', `DEPLOY_BASE=${overlay}`], 180_000);
        console.log(`      make undeploy: ${((Date.now() - t) / 1000).toFixed(1)} s`);
        // undeploy takes the CRDs with it; scenarios after this one installed them in their root
        // hooks, before any test ran: put them back.
        await make(['install'], 120_000);
      }
    } finally {
      if (overlay) rmSync(overlay, { recursive: true, force: true });
      await route?.close();
    }
  });

  it('runs both replicas Running and Ready on the real node, from the imported image, as uid 65532 under ServiceAccount ecs2eks-operator', async function () {
    pods = await waitFor(
      async () => {
        const all = await operatorPods();
        return all.length === 2 && all.every(isRunningAndReady) && all;
      },
      180_000,
      'two operator pods Running and Ready',
      500,
    );
    // The image the pods run is the one imported: its name, and the config digest containerd has
    // for that name (the registry's stand-in image has another one).
    const images = await run('ctr', ['--address', sock, '--namespace', 'k8s.io', 'images', 'ls']);
    const rows = images.stdout
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/));
    const manifest = rows.find((r) => r[0] === IMG)?.[2];
    expect(manifest, `${IMG} in the real node's containerd`).to.match(/^sha256:/);
    const tasks = await run('ctr', ['--address', sock, '--namespace', 'k8s.io', 'tasks', 'ls']);
    for (const pod of pods) {
      const name = pod.metadata!.name!;
      const status = pod.status!.containerStatuses![0];
      expect(pod.spec?.nodeName, name).to.equal(realNode);
      expect(pod.spec?.serviceAccountName, name).to.equal(SERVICE_ACCOUNT);
      expect(status.image, name).to.equal(IMG);
      expect(rows.find((r) => r[0] === status.imageID)?.[2], `${name}'s image ${status.imageID}`).to.equal(manifest);
      // The container's main process, as the host sees it: the operator, uid and gid 65532.
      const id = status.containerID!.replace('containerd://', '');
      const pid = /^(\S+)\s+(\d+)\s/m.exec(tasks.stdout.split('\n').find((l) => l.startsWith(id)) ?? '')?.[2];
      expect(pid, `${name}: container ${id} in ctr tasks ls`).to.be.a('string');
      const proc = readFileSync(`/proc/${pid}/status`, 'utf8');
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      expect(/^Uid:\s+(.*)$/m.exec(proc)?.[1]?.split(/\s+/), `${name} uids`).to.deep.equal(Array(4).fill('65532'));
      expect(/^Gid:\s+(.*)$/m.exec(proc)?.[1]?.split(/\s+/), `${name} gids`).to.deep.equal(Array(4).fill('65532'));
      expect(argv.slice(0, 3), `${name} argv`).to.deep.equal(['node', '/usr/local/bin/ecs2eks', 'operator']);
      // Its API credentials are the ServiceAccount's projected token (no kubeconfig in the image).
      const projected = pod.spec?.volumes?.find((v) => v.projected?.sources?.some((s) => s.serviceAccountToken));
      expect(projected, `${name}: projected ServiceAccount token`).to.not.equal(undefined);
      console.log(
        `      ${name} on ${pod.spec?.nodeName}: ${status.imageID}, pid ${pid}, uid 65532, ${argv.join(' ')}`,
      );
    }
    expect(route!.connections(), 'connections relayed to the apiserver').to.be.above(0);
  });

  it('/readyz passes on both replicas once their caches have synced, the standby too', async function () {
    for (const pod of pods) {
      const res = await fetch(`http://${pod.status!.podIP}:8081/readyz?verbose`);
      const text = await res.text();
      console.log(`      ${pod.metadata!.name} /readyz: ${res.status} ${text.trim().replace(/\n/g, ' | ')}`);
      expect(res.status).to.equal(200);
      expect(text).to.include('[+]crds ok').and.include('[+]informers ok');
    }
  });

  it('one of the two pods holds the Lease ecs2eks-leader', async function () {
    const holder = await waitFor(async () => leaseHolder(), 60_000, `Lease ${LEASE} with a holder`);
    leader = holderPod(holder, pods) ?? '';
    console.log(`      Lease ${LEASE}: holderIdentity ${holder}`);
    expect(leader, `holder ${holder} is one of ${pods.map((p) => p.metadata!.name).join(', ')}`).to.not.equal('');
  });

  it('brings an ECS Service placed on the real node to Ready with two running tasks', async function () {
    await apply(
      ns,
      webTaskDefinition('web', 'registry.example.com/web:1', {
        environment: [{ name: 'TESTIMAGE_LISTEN', value: ':8080' }],
      }),
      ecsService('web', { taskDefinition: 'web', desiredCount: 2, placementConstraints: ON_REAL_NODE }),
    );
    await waitServiceSteady(ns, 'web', { taskDefinition: 'web:1', running: 2 }, 180_000);
    expect(isTrue(await getEtd(ns, 'web'), 'Ready'), 'TaskDefinition web Ready').to.equal(true);
    const tasks = await podsWithSelector(ns, 'ecs2eks.dev/service=web');
    expect(tasks.filter(isRunningAndReady).map((p) => p.spec?.nodeName)).to.deep.equal([realNode, realNode]);
  });

  it('when the leader pod is deleted, it releases the Lease and another pod leads and reconciles', async function () {
    const t0 = Date.now();
    await kubectl(['-n', SYSTEM_NS, 'delete', 'pod', leader, '--wait=false']);
    // On SIGTERM the leader releases the Lease after its last write. Then whoever asks first gets
    // it: the standby (it retries every 2 s) or the pod the ReplicaSet starts in place of the
    // deleted one (it asks as soon as it starts); both happen here (seen in separate runs).
    const holder = await waitFor(
      async () => {
        const h = await leaseHolder();
        return h !== '' && !h.startsWith(`${leader}_`) && h;
      },
      60_000,
      `Lease ${LEASE} held by a pod other than ${leader}`,
      200,
    );
    const seconds = (Date.now() - t0) / 1000;
    const standby = pods.map((p) => p.metadata!.name!).find((n) => n !== leader)!;
    const who = holder.startsWith(`${standby}_`) ? 'the standby' : 'the replacement pod';
    console.log(`      ${leader} deleted → Lease held by ${holder} (${who}) after ${seconds.toFixed(1)} s`);
    expect(holderPod(holder, await operatorPods()), `holder ${holder} is a live operator pod`).to.be.a('string');
    // Released, not expired: well within the 15 s lease duration.
    expect(seconds, 'seconds to a new leader').to.be.below(15);
    // The new leader reconciles: a scale-out of the service converges.
    await kubectl(['-n', ns, 'scale', 'services.ecs2eks.dev', 'web', '--replicas=3']);
    await waitServiceSteady(ns, 'web', { taskDefinition: 'web:1', running: 3 }, 120_000);
    // And the Deployment replaces the deleted replica with a new standby.
    await waitFor(
      async () => {
        const all = await operatorPods();
        return all.length === 2 && all.every(isRunningAndReady) && !all.some((p) => p.metadata?.name === leader);
      },
      120_000,
      'two operator pods Ready again, without the deleted one',
      500,
    );
  });
});
