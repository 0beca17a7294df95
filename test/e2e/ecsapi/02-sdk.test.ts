// The ECS API server driven by the real AWS SDK for JavaScript v3 (@aws-sdk/client-ecs), as a
// deploy pipeline would: register task definitions, create and update a service and wait for it
// with the SDK's own waiters, run and stop one-off tasks, get the SDK's typed exceptions, and sign
// requests with keys that map to Kubernetes users (impersonation, so that RBAC decides).
//
// The scenarios run in order in one namespace (the `default` cluster of the server) watched by an
// operator: the service of scenario 2 runs the task definition of scenario 1, and so on.
//
// Run alone (needs the local control plane, ~1-2 min):
//   bash test/cluster/with-cluster.sh npx mocha --no-config --import=tsx --extension ts --timeout 240000 test/e2e/ecsapi/02-sdk.test.ts
import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import {
  AccessDeniedException,
  ClientException,
  ClusterNotFoundException,
  CreateServiceCommand,
  DescribeServicesCommand,
  type DescribeServicesCommandOutput,
  DescribeTasksCommand,
  ECSClient,
  ECSServiceException,
  InvalidParameterException,
  ListTaskDefinitionFamiliesCommand,
  ListTasksCommand,
  PutAccountSettingCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  ServiceNotFoundException,
  StopTaskCommand,
  UnsupportedFeatureException,
  UpdateServiceCommand,
  waitUntilServicesStable,
  waitUntilTasksRunning,
  waitUntilTasksStopped,
  type ContainerDefinition,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/env.js';
import { kubectl, kubectlJson } from '../support/kubectl.js';
import { isRunningAndReady, type List } from '../support/pods.js';
import { waitFor } from '../support/wait.js';
import { ensureCrds, getEsvc, getEtd, podsWithSelector, useOperator } from '../operator/helpers.js';
import { startEcsApi, type EcsApiProcess } from './support.js';

before(ensureCrds);

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const FAMILY = 'sdk-web';
const SERVICE = 'sdk-svc';
const IMAGE_1 = 'registry.example.com/sdk/web:1.0';
const IMAGE_2 = 'registry.example.com/sdk/web:2.0';
const SIDECAR_IMAGE = 'registry.example.com/sdk/sidecar:1.0';
/** Waiter pacing for a local control plane (the SDK's defaults are minutes apart). */
const PACE = { minDelay: 1, maxDelay: 3 };

const tdArn = (family: string, revision: number) =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`;

function containers(appImage: string): ContainerDefinition[] {
  return [
    {
      name: 'app',
      image: appImage,
      essential: true,
      memory: 128,
      portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
      environment: [{ name: 'GREETING', value: 'hello from the sdk' }],
    },
    { name: 'sidecar', image: SIDECAR_IMAGE, essential: false, memory: 64 },
  ];
}

/** The SDK error a call failed with (the test fails if it succeeded or failed otherwise). */
async function rejection(p: Promise<unknown>): Promise<ECSServiceException> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ECSServiceException) return e;
    throw e;
  }
  throw new Error('the call succeeded; it was expected to fail');
}

function summary(s: Service | undefined): string {
  if (!s) return '(none)';
  return JSON.stringify({
    taskDefinition: s.taskDefinition,
    desired: s.desiredCount,
    running: s.runningCount,
    pending: s.pendingCount,
    deployments: s.deployments?.map((d) => `${d.status}:${d.taskDefinition}:${d.rolloutState}:r${d.runningCount}`),
  });
}

function taskSummary(t: Task | undefined): string {
  if (!t) return '(none)';
  return JSON.stringify({
    arn: t.taskArn,
    lastStatus: t.lastStatus,
    desiredStatus: t.desiredStatus,
    stopCode: t.stopCode,
    stoppedReason: t.stoppedReason,
  });
}

describe('ECS API with the AWS SDK for JavaScript v3: task definitions, a service with waiters, one-off tasks, errors, signed requests', function () {
  let ns = '';
  let api: EcsApiProcess | undefined;
  let client: ECSClient;

  useOperator('ecsapi-sdk', 'operator', (n) => {
    ns = n;
  });

  before(async function () {
    api = await startEcsApi(['--namespace', ns]);
    client = new ECSClient({
      endpoint: api.url,
      region: REGION,
      credentials: { accessKeyId: 'AKIDSDKTEST', secretAccessKey: 'x' },
    });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && api)
      console.error(`==== ecs2eks ecs-api output (last 4000 characters) ====\n${api.output().slice(-4000)}`);
  });

  after(async function () {
    client?.destroy();
    await api?.stop();
  });

  async function describeOne(name: string): Promise<Service> {
    const out = await client.send(new DescribeServicesCommand({ cluster: 'default', services: [name] }));
    expect(out.failures, `DescribeServices failures ${JSON.stringify(out.failures)}`).to.deep.equal([]);
    expect(out.services).to.have.length(1);
    return out.services![0];
  }

  async function describeTasks(arns: string[]): Promise<Task[]> {
    const out = await client.send(new DescribeTasksCommand({ cluster: 'default', tasks: arns }));
    expect(out.failures, `DescribeTasks failures ${JSON.stringify(out.failures)}`).to.deep.equal([]);
    // In the order asked for.
    return arns.map((arn) => out.tasks!.find((t) => t.taskArn === arn)!);
  }

  async function servicePods(): Promise<V1Pod[]> {
    return podsWithSelector(ns, `ecs2eks.dev/service=${SERVICE}`);
  }

  /** The revision labels of the service's pods that are running and ready (not being deleted), sorted. */
  async function runningPodRevisions(): Promise<string[]> {
    return (await servicePods())
      .filter(isRunningAndReady)
      .map((p) => p.metadata?.labels?.['ecs2eks.dev/revision'] ?? '?')
      .sort();
  }

  it('RegisterTaskDefinition of a two-container family returns revision 1 and its ARN, and kubectl shows the same TaskDefinition at revision 1', async function () {
    const out = await client.send(
      new RegisterTaskDefinitionCommand({
        family: FAMILY,
        cpu: '256',
        memory: '512',
        containerDefinitions: containers(IMAGE_1),
      }),
    );
    const td = out.taskDefinition!;
    expect(td.revision).to.equal(1);
    expect(td.taskDefinitionArn).to.equal(tdArn(FAMILY, 1));
    expect(td.family).to.equal(FAMILY);
    expect(td.status).to.equal('ACTIVE');
    expect(td.cpu).to.equal('256');
    expect(td.memory).to.equal('512');
    expect(td.containerDefinitions?.map((c) => [c.name, c.image])).to.deep.equal([
      ['app', IMAGE_1],
      ['sidecar', SIDECAR_IMAGE],
    ]);
    expect(td.containerDefinitions?.[0].portMappings?.[0].containerPort).to.equal(8080);
    expect(td.registeredAt, 'registeredAt (a Date, from epoch seconds)').to.be.instanceOf(Date);

    // One store: the resource the API wrote is what kubectl shows, with the revision the operator recorded.
    const etd = await getEtd(ns, FAMILY);
    expect(etd.status?.revision, 'etd status.revision').to.equal(1);
    const spec = etd.spec as { family?: string; cpu?: string; containerDefinitions?: Array<{ name: string }> };
    expect(spec.family).to.equal(FAMILY);
    expect(spec.cpu).to.equal('256');
    expect(spec.containerDefinitions?.map((c) => c.name)).to.deep.equal(['app', 'sidecar']);
    const names = await kubectlJson<List<{ metadata: { name: string } }>>(['-n', ns, 'get', 'etd']);
    expect(names.items.map((i) => i.metadata.name)).to.deep.equal([FAMILY]);

    const families = await client.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: 'sdk-' }));
    expect(families.families).to.deep.equal([FAMILY]);
  });

  it('CreateService with desiredCount 2 and a circuit breaker becomes stable by the SDK waiter, with 2 running in one PRIMARY deployment, as kubectl shows too', async function () {
    const created = await client.send(
      new CreateServiceCommand({
        cluster: 'default',
        serviceName: SERVICE,
        taskDefinition: FAMILY,
        desiredCount: 2,
        deploymentConfiguration: {
          maximumPercent: 200,
          minimumHealthyPercent: 100,
          deploymentCircuitBreaker: { enable: true, rollback: true },
        },
      }),
    );
    const svc = created.service!;
    expect(svc.serviceName).to.equal(SERVICE);
    expect(svc.serviceArn).to.equal(`arn:aws:ecs:${REGION}:${ACCOUNT}:service/default/${SERVICE}`);
    expect(svc.clusterArn).to.equal(`arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/default`);
    expect(svc.status).to.equal('ACTIVE');
    expect(svc.desiredCount).to.equal(2);
    // A family alone is pinned to its latest ACTIVE revision at call time.
    expect(svc.taskDefinition).to.equal(tdArn(FAMILY, 1));
    expect((await getEsvc(ns, SERVICE)).spec).to.include({ taskDefinition: `${FAMILY}:1`, desiredCount: 2 });

    const started = Date.now();
    const result = await waitUntilServicesStable(
      { client, maxWaitTime: 120, ...PACE },
      { cluster: 'default', services: [SERVICE] },
    );
    expect(result.state).to.equal('SUCCESS');
    console.log(`      services-stable after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // What the waiter saw when it stopped waiting is what runs at that moment.
    expect(await runningPodRevisions(), 'running pods of the service when the waiter succeeded').to.deep.equal([
      '1',
      '1',
    ]);

    const stable = await describeOne(SERVICE);
    expect(stable.runningCount, summary(stable)).to.equal(2);
    expect(stable.desiredCount).to.equal(2);
    expect(stable.pendingCount).to.equal(0);
    expect(stable.taskDefinition).to.equal(tdArn(FAMILY, 1));
    expect(stable.deployments, summary(stable)).to.have.length(1);
    const dep = stable.deployments![0];
    expect(dep.status).to.equal('PRIMARY');
    expect(dep.taskDefinition).to.equal(tdArn(FAMILY, 1));
    expect(dep.runningCount).to.equal(2);
    expect(dep.desiredCount).to.equal(2);
    expect(stable.deploymentConfiguration?.deploymentCircuitBreaker).to.deep.equal({ enable: true, rollback: true });
    expect(stable.deploymentConfiguration?.maximumPercent).to.equal(200);
    expect(stable.createdAt).to.be.instanceOf(Date);

    const esvc = await getEsvc(ns, SERVICE);
    expect(esvc.status?.runningCount, 'kubectl: esvc status.runningCount').to.equal(2);
    expect(esvc.status?.taskDefinition).to.equal(`${FAMILY}:1`);
    const pods = await servicePods();
    expect(
      pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running'),
      'running pods of the service',
    ).to.have.length(2);
  });

  it('UpdateService to the family after registering revision 2 rolls the service to revision 2; the waiter succeeds again and every pod runs revision 2', async function () {
    const reg = await client.send(
      new RegisterTaskDefinitionCommand({
        family: FAMILY,
        cpu: '256',
        memory: '512',
        containerDefinitions: containers(IMAGE_2),
      }),
    );
    expect(reg.taskDefinition?.revision).to.equal(2);
    expect(reg.taskDefinition?.taskDefinitionArn).to.equal(tdArn(FAMILY, 2));
    expect((await getEtd(ns, FAMILY)).status?.revision).to.equal(2);

    const updated = await client.send(
      new UpdateServiceCommand({ cluster: 'default', service: SERVICE, taskDefinition: FAMILY }),
    );
    expect(updated.service?.serviceName).to.equal(SERVICE);
    // The family was pinned to revision 2 in the resource...
    expect((await getEsvc(ns, SERVICE)).spec.taskDefinition, 'esvc spec.taskDefinition').to.equal(`${FAMILY}:2`);

    // ...and DescribeServices shows it once the operator has acted (it reads the status). Only then
    // does the waiter mean anything: before, the old deployment alone looks stable.
    let last: Service | undefined = updated.service;
    await waitFor(
      async () => {
        if (last?.taskDefinition === tdArn(FAMILY, 2)) return true;
        last = await describeOne(SERVICE);
        return last.taskDefinition === tdArn(FAMILY, 2);
      },
      60_000,
      `DescribeServices taskDefinition ${tdArn(FAMILY, 2)}`,
      500,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; last ${summary(last)}`);
    });

    const started = Date.now();
    const result = await waitUntilServicesStable(
      { client, maxWaitTime: 120, ...PACE },
      { cluster: 'default', services: [SERVICE] },
    );
    expect(result.state).to.equal('SUCCESS');
    console.log(`      services-stable after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Stable means the new revision runs: 2 ready pods of revision 2 at the moment the waiter succeeded.
    const seen = (result.reason as DescribeServicesCommandOutput).services?.[0];
    expect(seen?.deployments?.map((d) => [d.status, d.taskDefinition, d.runningCount])).to.deep.equal([
      ['PRIMARY', tdArn(FAMILY, 2), 2],
    ]);
    expect(
      (await runningPodRevisions()).filter((r) => r === '2'),
      'running pods of revision 2 when the waiter succeeded',
    ).to.have.length(2);

    const stable = await describeOne(SERVICE);
    expect(stable.taskDefinition).to.equal(tdArn(FAMILY, 2));
    expect(stable.runningCount, summary(stable)).to.equal(2);
    expect(stable.deployments, summary(stable)).to.have.length(1);
    expect(stable.deployments![0]).to.include({ status: 'PRIMARY', taskDefinition: tdArn(FAMILY, 2), runningCount: 2 });

    // The revision-1 pods are gone (their deletion may take a moment after the waiter is satisfied).
    let pods: V1Pod[] = [];
    await waitFor(
      async () => {
        pods = await servicePods();
        return pods.length === 2 && pods.every((p) => p.metadata?.labels?.['ecs2eks.dev/revision'] === '2');
      },
      60_000,
      'exactly 2 pods of the service, all of revision 2',
    ).catch((err: Error) => {
      const seen = pods.map(
        (p) =>
          `${p.metadata?.name}(rev ${p.metadata?.labels?.['ecs2eks.dev/revision']}${p.metadata?.deletionTimestamp ? ', terminating' : ''})`,
      );
      throw new Error(`${err.message}; pods: ${seen.join(', ')}`);
    });
    for (const p of pods) {
      expect(p.status?.phase, `${p.metadata?.name} phase`).to.equal('Running');
      expect(
        p.spec?.containers.map((c) => c.image),
        `${p.metadata?.name} images`,
      ).to.include.members([IMAGE_2, SIDECAR_IMAGE]);
    }
  });

  it('RunTask with count 2 starts 2 independent tasks: StopTask stops one (UserInitiated, with its reason) while the other keeps running', async function () {
    const run = await client.send(
      new RunTaskCommand({ cluster: 'default', taskDefinition: FAMILY, count: 2, startedBy: 'sdk' }),
    );
    expect(run.failures).to.deep.equal([]);
    expect(run.tasks).to.have.length(2);
    const arns = run.tasks!.map((t) => t.taskArn!);
    const [first, second] = arns;
    expect(new Set(arns).size, `distinct task ARNs ${arns.join(', ')}`).to.equal(2);
    for (const t of run.tasks!) {
      expect(t.taskArn).to.match(new RegExp(`^arn:aws:ecs:${REGION}:${ACCOUNT}:task/default/[0-9a-f]{32}$`));
      expect(t.taskDefinitionArn).to.equal(tdArn(FAMILY, 2));
      expect(t.startedBy).to.equal('sdk');
      expect(t.desiredStatus).to.equal('RUNNING');
    }

    const running = await waitUntilTasksRunning(
      { client, maxWaitTime: 90, ...PACE },
      { cluster: 'default', tasks: arns },
    );
    expect(running.state).to.equal('SUCCESS');

    const listed = await client.send(new ListTasksCommand({ cluster: 'default', startedBy: 'sdk' }));
    expect([...(listed.taskArns ?? [])].sort()).to.deep.equal([...arns].sort());
    // The service's tasks are tasks of the cluster too, but not started by 'sdk'.
    const all = await client.send(new ListTasksCommand({ cluster: 'default' }));
    expect(all.taskArns, 'ListTasks of the cluster').to.have.length(4).and.to.include.members(arns);

    const reason = 'sdk e2e: stopping the first task';
    const stopped = await client.send(new StopTaskCommand({ cluster: 'default', task: first, reason }));
    expect(stopped.task?.taskArn).to.equal(first);
    expect(stopped.task?.desiredStatus).to.equal('STOPPED');

    const waited = await waitUntilTasksStopped(
      { client, maxWaitTime: 90, ...PACE },
      { cluster: 'default', tasks: [first] },
    );
    expect(waited.state).to.equal('SUCCESS');

    const [t1, t2] = await describeTasks([first, second]);
    expect(t1.lastStatus, taskSummary(t1)).to.equal('STOPPED');
    expect(t1.desiredStatus).to.equal('STOPPED');
    expect(t1.stopCode, taskSummary(t1)).to.equal('UserInitiated');
    expect(t1.stoppedReason, taskSummary(t1)).to.equal(reason);
    // Its own stop time (status.tasks[].stoppedAt), though its pod is gone and its sibling runs on.
    expect(t1.stoppedAt, taskSummary(t1)).to.be.instanceOf(Date);
    expect(t1.startedAt, taskSummary(t1)).to.be.instanceOf(Date);
    expect(t2.lastStatus, taskSummary(t2)).to.equal('RUNNING');
    expect(t2.desiredStatus, taskSummary(t2)).to.equal('RUNNING');
    expect(t2.stopCode, taskSummary(t2)).to.equal(undefined);

    // ListTasks lists RUNNING-desired tasks by default, STOPPED ones when asked.
    const stillRunning = await client.send(new ListTasksCommand({ cluster: 'default', startedBy: 'sdk' }));
    expect(stillRunning.taskArns).to.deep.equal([second]);
    const stoppedList = await client.send(
      new ListTasksCommand({ cluster: 'default', startedBy: 'sdk', desiredStatus: 'STOPPED' }),
    );
    expect(stoppedList.taskArns).to.deep.equal([first]);

    // Stop the second one too.
    await client.send(new StopTaskCommand({ cluster: 'default', task: second, reason: 'sdk e2e: cleanup' }));
    const both = await waitUntilTasksStopped(
      { client, maxWaitTime: 90, ...PACE },
      { cluster: 'default', tasks: [first, second] },
    );
    expect(both.state).to.equal('SUCCESS');
    const [, t2stopped] = await describeTasks([first, second]);
    expect(t2stopped.stopCode, taskSummary(t2stopped)).to.equal('UserInitiated');
    expect(t2stopped.stoppedReason, taskSummary(t2stopped)).to.equal('sdk e2e: cleanup');
    expect(t2stopped.stoppedAt, 'stoppedAt of the second task').to.be.instanceOf(Date);
    await waitFor(
      async () =>
        (await kubectlJson<List<V1Pod>>(['-n', ns, 'get', 'pods', '-l', 'ecs2eks.dev/task'])).items.every(
          (p) => p.metadata?.deletionTimestamp || p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded',
        ),
      60_000,
      'no running pod left of the one-off tasks',
    );
  });

  it('answers errors the SDK raises as its typed exceptions: ClusterNotFound, ServiceNotFound, InvalidParameter (naming the field), ClientException, UnsupportedFeature', async function () {
    const noCluster = await rejection(
      client.send(new DescribeServicesCommand({ cluster: 'nope', services: [SERVICE] })),
    );
    expect(noCluster).to.be.instanceOf(ClusterNotFoundException);
    expect(noCluster.message).to.equal('Cluster not found.');
    expect(noCluster.$metadata.httpStatusCode).to.equal(400);
    expect(noCluster.$metadata.requestId, 'x-amzn-RequestId').to.match(/^[0-9a-f-]{36}$/);
    expect(noCluster.$fault).to.equal('client');

    const noService = await rejection(
      client.send(new UpdateServiceCommand({ cluster: 'default', service: 'sdk-missing', desiredCount: 1 })),
    );
    expect(noService).to.be.instanceOf(ServiceNotFoundException);
    expect(noService.message).to.equal('Service not found.');

    // The SDK does not validate types client-side: the server's schema names the field.
    const badPort = await rejection(
      client.send(
        new RegisterTaskDefinitionCommand({
          family: 'sdk-bad',
          containerDefinitions: [
            {
              name: 'app',
              image: IMAGE_1,
              memory: 64,
              portMappings: [{ containerPort: '80' as unknown as number }],
            },
          ],
        }),
      ),
    );
    expect(badPort).to.be.instanceOf(InvalidParameterException);
    expect(badPort.message).to.include('containerDefinitions[0].portMappings[0].containerPort');
    // Nothing was registered.
    expect(await kubectl(['-n', ns, 'get', 'etd', 'sdk-bad', '--ignore-not-found', '-o', 'name'])).to.equal('');

    const noTd = await rejection(
      client.send(new RunTaskCommand({ cluster: 'default', taskDefinition: 'sdk-no-such-family' })),
    );
    expect(noTd).to.be.instanceOf(ClientException);
    expect(noTd.message).to.equal('TaskDefinition not found.');

    const unsupported = await rejection(
      client.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'enabled' })),
    );
    expect(unsupported.name).to.equal('UnsupportedFeatureException');
    expect(unsupported).to.be.instanceOf(UnsupportedFeatureException);
    expect(unsupported.message).to.include('PutAccountSetting');
  });

  describe('signed requests, each key acting as its Kubernetes user (impersonation, RBAC)', function () {
    const DEV_KEY = 'AKIDSDKDEV';
    const DEV_SECRET = 'sdk-dev-secret/with+special=chars';
    const NOBODY_KEY = 'AKIDSDKNOBODY';
    const NOBODY_SECRET = 'sdk-nobody-secret';
    let signedApi: EcsApiProcess | undefined;
    let dir = '';
    let clusterRole = '';
    const clients: ECSClient[] = [];

    /** A client signing with this key; one attempt, so that the server sees exactly one request. */
    function signedClient(accessKeyId: string, secretAccessKey: string): ECSClient {
      const c = new ECSClient({
        endpoint: signedApi!.url,
        region: REGION,
        credentials: { accessKeyId, secretAccessKey },
        maxAttempts: 1,
      });
      clients.push(c);
      return c;
    }

    before(async function () {
      // Read access in the namespace for ecs-dev (what DescribeServices, DescribeTasks and
      // DescribeTaskDefinition read); nothing for ecs-nobody.
      await kubectl([
        '-n',
        ns,
        'create',
        'role',
        'ecs-dev-read',
        '--verb=get,list,watch',
        '--resource=taskdefinitions.ecs2eks.dev,services.ecs2eks.dev,tasks.ecs2eks.dev,pods,controllerrevisions.apps',
      ]);
      await kubectl(['-n', ns, 'create', 'rolebinding', 'ecs-dev-read', '--role=ecs-dev-read', '--user=ecs-dev']);
      // Every call first GETs the cluster's namespace: a cluster-scoped read, limited to this one.
      clusterRole = `${ns}-ecs-dev-namespace`;
      await kubectl([
        'create',
        'clusterrole',
        clusterRole,
        '--verb=get',
        '--resource=namespaces',
        `--resource-name=${ns}`,
      ]);
      await kubectl(['create', 'clusterrolebinding', clusterRole, `--clusterrole=${clusterRole}`, '--user=ecs-dev']);
      // RBAC is enforced from the apiserver's informer caches: wait until it sees the bindings.
      await waitFor(
        async () =>
          (await kubectl(['auth', 'can-i', 'get', `namespace/${ns}`, '--as=ecs-dev']).catch(() => '')).trim() ===
            'yes' &&
          (
            await kubectl(['-n', ns, 'auth', 'can-i', 'list', 'services.ecs2eks.dev', '--as=ecs-dev']).catch(() => '')
          ).trim() === 'yes',
        30_000,
        'RBAC to allow ecs-dev',
      );

      dir = mkdtempSync(join(tmpdir(), 'ecs2eks-sdk-creds-'));
      const file = join(dir, 'credentials.yaml');
      writeFileSync(
        file,
        [
          'credentials:',
          `  - accessKeyId: ${DEV_KEY}`,
          `    secretAccessKey: ${JSON.stringify(DEV_SECRET)}`,
          '    user: ecs-dev',
          '    groups: [ecs-developers]',
          `  - accessKeyId: ${NOBODY_KEY}`,
          `    secretAccessKey: ${JSON.stringify(NOBODY_SECRET)}`,
          '    user: ecs-nobody',
          '',
        ].join('\n'),
        { mode: 0o600 },
      );
      signedApi = await startEcsApi(['--credentials', file, '--namespace', ns]);
      expect(signedApi.output()).to.include('SigV4-signed requests only');
    });

    afterEach(function () {
      if (this.currentTest?.state === 'failed' && signedApi)
        console.error(
          `==== ecs2eks ecs-api --credentials output (last 4000 characters) ====\n${signedApi.output().slice(-4000)}`,
        );
    });

    after(async function () {
      for (const c of clients) c.destroy();
      await signedApi?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (clusterRole) {
        await kubectl(['delete', 'clusterrolebinding', clusterRole, '--ignore-not-found']);
        await kubectl(['delete', 'clusterrole', clusterRole, '--ignore-not-found']);
      }
      if (ns) {
        await kubectl(['-n', ns, 'delete', 'rolebinding', 'ecs-dev-read', '--ignore-not-found']);
        await kubectl(['-n', ns, 'delete', 'role', 'ecs-dev-read', '--ignore-not-found']);
      }
    });

    it('serves DescribeServices signed with the ecs-dev key, as user ecs-dev, who may read but not create', async function () {
      const dev = signedClient(DEV_KEY, DEV_SECRET);
      const out = await dev.send(new DescribeServicesCommand({ cluster: 'default', services: [SERVICE] }));
      expect(out.failures).to.deep.equal([]);
      expect(out.services?.map((s) => [s.serviceName, s.runningCount])).to.deep.equal([[SERVICE, 2]]);
      await waitFor(
        async () => signedApi!.output().includes('"user":"ecs-dev"'),
        5_000,
        'the server to log the request as user ecs-dev',
        100,
      );

      // The role grants no create: Kubernetes refuses, in RBAC's words.
      const denied = await rejection(
        dev.send(
          new CreateServiceCommand({
            cluster: 'default',
            serviceName: 'sdk-forbidden',
            taskDefinition: FAMILY,
            desiredCount: 1,
          }),
        ),
      );
      expect(denied).to.be.instanceOf(AccessDeniedException);
      expect(denied.message).to.match(/^Kubernetes refused: /);
      expect(denied.message).to.include('User "ecs-dev" cannot create resource "services" in API group "ecs2eks.dev"');
      expect(await kubectl(['-n', ns, 'get', 'esvc', 'sdk-forbidden', '--ignore-not-found', '-o', 'name'])).to.equal(
        '',
      );
    });

    it('refuses the ecs-dev key signed with a wrong secret: InvalidSignatureException', async function () {
      const e = await rejection(
        signedClient(DEV_KEY, 'not-the-secret').send(
          new DescribeServicesCommand({ cluster: 'default', services: [SERVICE] }),
        ),
      );
      expect(e.name).to.equal('InvalidSignatureException');
      expect(e.message).to.match(/^The request signature we calculated does not match the signature you provided/);
      expect(e.$metadata.httpStatusCode).to.equal(400);
    });

    it('refuses an access key that is not in the credentials file: UnrecognizedClientException', async function () {
      const e = await rejection(
        signedClient('AKIDSDKUNKNOWN', 'whatever').send(
          new DescribeServicesCommand({ cluster: 'default', services: [SERVICE] }),
        ),
      );
      expect(e.name).to.equal('UnrecognizedClientException');
      expect(e.message).to.equal('The security token included in the request is invalid.');
      expect(e.$metadata.httpStatusCode).to.equal(400);
    });

    it('answers the ecs-nobody key (valid signature, no RBAC rights) with AccessDeniedException carrying what Kubernetes refused', async function () {
      const e = await rejection(
        signedClient(NOBODY_KEY, NOBODY_SECRET).send(
          new DescribeServicesCommand({ cluster: 'default', services: [SERVICE] }),
        ),
      );
      expect(e).to.be.instanceOf(AccessDeniedException);
      expect(e.message).to.match(/^Kubernetes refused: /);
      expect(e.message).to.include(`User "ecs-nobody" cannot get resource "namespaces"`);
    });

    it('refuses to listen on 0.0.0.0 without --credentials (exits non-zero, saying why)', async function () {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(repoRoot, 'src/cli/main.ts'),
          'ecs-api',
          `--kubeconfig=${process.env.KUBECONFIG}`,
          '--listen=0.0.0.0:0',
          '--namespace',
          ns,
        ],
        { cwd: repoRoot, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      const code = await new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`ecs2eks ecs-api --listen=0.0.0.0:0 still runs after 30 s:\n${out}`));
        }, 30_000);
        child.on('exit', (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      expect(code, out).to.equal(1);
      expect(out).to.include('refusing to listen on 0.0.0.0');
      expect(out).to.include('--credentials');
      expect(out).to.not.include('serving the ECS API');
    });
  });
});
