// The ECS API with the real AWS CLI v2 (`aws ecs ... --endpoint-url`), on the local control plane
// with the operator running: a deploy pipeline's calls (register from a real JSON file, create,
// wait services-stable, update to a new revision, scale, a one-off task, stop it, wait
// tasks-stopped), list calls with pagination and filters, tags, the errors a pipeline hits, and the
// resources as the one store that kubectl and the API both read and write.
import { expect } from 'chai';
import { DeleteTaskDefinitionsCommand, ECSClient } from '@aws-sdk/client-ecs';
import { join } from 'node:path';
import { repoRoot } from '../support/env.js';
import { apply, kubectl, kubectlJson } from '../support/kubectl.js';
import { waitFor } from '../support/wait.js';
import { ensureCrds, useOperator, type EcsService } from '../operator/helpers.js';
import { awsEcs, awsEcsFails, requireAwsCli, startEcsApi, type EcsApiProcess } from './support.js';

const FIXTURE = join(repoRoot, 'test/e2e/ecsapi/fixtures/web-taskdef.json');
const ARN = 'arn:aws:ecs:us-east-1:000000000000';

interface Deployment {
  status: string;
  taskDefinition: string;
  runningCount: number;
  rolloutState?: string;
}
interface Service {
  serviceName: string;
  status: string;
  desiredCount: number;
  runningCount: number;
  taskDefinition: string;
  deployments: Deployment[];
}
interface Task {
  taskArn: string;
  lastStatus: string;
  desiredStatus: string;
  group: string;
  startedBy?: string;
  stopCode?: string;
  stoppedReason?: string;
  taskDefinitionArn: string;
  containers: Array<{ name: string; lastStatus: string; image?: string }>;
}

before(ensureCrds);
before(requireAwsCli);

describe('ECS API with the AWS CLI v2: a deploy pipeline against the cluster', function () {
  let ns = '';
  let api: EcsApiProcess | undefined;
  useOperator('ecsapi-cli', 'operator', (n) => (ns = n));
  before(async function () {
    api = await startEcsApi([`--namespace=${ns}`]);
  });
  after(async () => api?.stop());
  afterEach(function () {
    if (this.currentTest?.state === 'failed' && api && this.currentTest.err)
      this.currentTest.err.message += `\n--- ecs-api output (tail) ---\n${api.output().slice(-4000)}`;
  });

  const ecs = <T = Record<string, unknown>>(...args: string[]) => awsEcs<T>(api!.url, args);
  const service = async (name: string) =>
    (await ecs<{ services: Service[] }>('describe-services', '--services', name)).services[0];

  it('registers a task definition from a register-task-definition JSON file, as revision 1 of its family, visible to kubectl', async () => {
    const out = await ecs<{ taskDefinition: Record<string, unknown>; tags: unknown[] }>(
      'register-task-definition',
      '--cli-input-json',
      `file://${FIXTURE}`,
    );
    expect(out.taskDefinition.taskDefinitionArn).to.equal(`${ARN}:task-definition/shop-web:1`);
    expect(out.taskDefinition.revision).to.equal(1);
    expect(out.taskDefinition.status).to.equal('ACTIVE');
    expect(out.taskDefinition.cpu).to.equal('256');
    expect((out.taskDefinition.containerDefinitions as Array<{ image: string }>)[0].image).to.equal(
      'registry.example/shop/web:1.4.2',
    );
    expect(out.tags).to.deep.equal([{ key: 'team', value: 'shop' }]);
    const td = await kubectlJson<{ spec: { family: string }; status: { revision: number } }>([
      '-n',
      ns,
      'get',
      'etd',
      'shop-web',
      '-o',
      'json',
    ]);
    expect(td.spec.family).to.equal('shop-web');
    expect(td.status.revision).to.equal(1);
    const described = await ecs<{ taskDefinition: { revision: number } }>(
      'describe-task-definition',
      '--task-definition',
      'shop-web:1',
    );
    expect(described.taskDefinition.revision).to.equal(1);
  });

  it('creates a service, `aws ecs wait services-stable` returns once its tasks run, and describe-services agrees with kubectl', async () => {
    const created = await ecs<{ service: Service }>(
      'create-service',
      '--service-name',
      'shop-web',
      '--task-definition',
      'shop-web',
      '--desired-count',
      '2',
      '--deployment-configuration',
      'minimumHealthyPercent=50,maximumPercent=200,deploymentCircuitBreaker={enable=true,rollback=true}',
    );
    expect(created.service.serviceName).to.equal('shop-web');
    expect(created.service.status).to.equal('ACTIVE');
    // A family alone is pinned to its latest ACTIVE revision at call time, as ECS does.
    expect(created.service.taskDefinition).to.equal(`${ARN}:task-definition/shop-web:1`);
    await ecs('wait', 'services-stable', '--services', 'shop-web');
    const s = await service('shop-web');
    expect(s.runningCount).to.equal(2);
    expect(s.deployments).to.have.length(1);
    expect(s.deployments[0].status).to.equal('PRIMARY');
    const cr = await kubectlJson<EcsService>(['-n', ns, 'get', 'esvc', 'shop-web', '-o', 'json']);
    expect(cr.spec.taskDefinition).to.equal('shop-web:1');
    expect(cr.status?.runningCount).to.equal(2);
    const tasks = await ecs<{ taskArns: string[] }>('list-tasks', '--service-name', 'shop-web');
    expect(tasks.taskArns).to.have.length(2);
    const described = await ecs<{ tasks: Task[] }>('describe-tasks', '--tasks', ...tasks.taskArns);
    for (const t of described.tasks) {
      expect(t.lastStatus).to.equal('RUNNING');
      expect(t.group).to.equal('service:shop-web');
      expect(t.taskDefinitionArn).to.equal(`${ARN}:task-definition/shop-web:1`);
      expect(t.containers.map((c) => [c.name, c.lastStatus])).to.deep.equal([['web', 'RUNNING']]);
    }
  });

  it('rolls the service to a newly registered revision with update-service, and waits for it', async () => {
    await ecs(
      'register-task-definition',
      '--cli-input-json',
      `file://${FIXTURE}`,
      '--container-definitions',
      JSON.stringify([{ name: 'web', image: 'registry.example/shop/web:1.5.0', essential: true }]),
    );
    await ecs('update-service', '--service', 'shop-web', '--task-definition', 'shop-web');
    await waitFor(
      async () => (await service('shop-web')).taskDefinition.endsWith(':2'),
      60_000,
      'the service to run shop-web:2',
    );
    await ecs('wait', 'services-stable', '--services', 'shop-web');
    const s = await service('shop-web');
    expect(s.deployments.map((d) => d.taskDefinition)).to.deep.equal([`${ARN}:task-definition/shop-web:2`]);
    expect(s.runningCount).to.equal(2);
    const revisions = (
      await kubectl([
        '-n',
        ns,
        'get',
        'pods',
        '-l',
        'ecs2eks.dev/service=shop-web',
        '-o',
        'jsonpath={.items[*].metadata.labels.ecs2eks\\.dev/revision}',
      ])
    ).split(' ');
    expect(revisions).to.deep.equal(['2', '2']);
  });

  it('scales with update-service --desired-count, and kubectl scale shows in describe-services', async () => {
    await ecs('update-service', '--service', 'shop-web', '--desired-count', '3');
    await waitFor(async () => (await service('shop-web')).runningCount === 3, 60_000, '3 running tasks');
    await ecs('wait', 'services-stable', '--services', 'shop-web');
    await kubectl(['-n', ns, 'scale', 'esvc', 'shop-web', '--replicas=1']);
    await waitFor(
      async () => {
        const s = await service('shop-web');
        return s.desiredCount === 1 && s.runningCount === 1;
      },
      60_000,
      'desiredCount 1 after kubectl scale',
    );
  });

  it('replaces every task with the same revision on update-service --force-new-deployment', async () => {
    const podsNow = async () =>
      (
        await kubectl([
          '-n',
          ns,
          'get',
          'pods',
          '-l',
          'ecs2eks.dev/service=shop-web',
          '-o',
          'jsonpath={.items[*].metadata.name}',
        ])
      )
        .split(' ')
        .filter(Boolean);
    const before = await podsNow();
    expect(before).to.have.length(1);
    await ecs('update-service', '--service', 'shop-web', '--force-new-deployment');
    await waitFor(
      async () => {
        const now = await podsNow();
        return now.length === 1 && now[0] !== before[0] && (await service('shop-web')).runningCount === 1;
      },
      60_000,
      'a new task to replace the old one',
    );
    await ecs('wait', 'services-stable', '--services', 'shop-web');
    expect((await service('shop-web')).taskDefinition).to.equal(`${ARN}:task-definition/shop-web:2`);
  });

  it('runs a one-off task with run-task, stops one of two with stop-task, and `wait tasks-stopped` returns for it alone', async () => {
    const run = await ecs<{ tasks: Task[]; failures: unknown[] }>(
      'run-task',
      '--task-definition',
      'shop-web:1',
      '--count',
      '2',
      '--started-by',
      'pipeline-42',
    );
    expect(run.failures).to.deep.equal([]);
    expect(run.tasks).to.have.length(2);
    const [first, second] = run.tasks.map((t) => t.taskArn);
    await waitFor(
      async () =>
        (await ecs<{ taskArns: string[] }>('list-tasks', '--started-by', 'pipeline-42')).taskArns.length === 2,
      60_000,
      'both tasks listed as RUNNING',
    );
    await ecs('wait', 'tasks-running', '--tasks', first, second);
    const stop = await ecs<{ task: Task }>('stop-task', '--task', first, '--reason', 'migration cancelled');
    expect(stop.task.desiredStatus).to.equal('STOPPED');
    await ecs('wait', 'tasks-stopped', '--tasks', first);
    const d = await ecs<{ tasks: Task[] }>('describe-tasks', '--tasks', first, second);
    const byArn = new Map(d.tasks.map((t) => [t.taskArn, t]));
    expect(byArn.get(first)).to.include({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'migration cancelled',
      startedBy: 'pipeline-42',
      group: 'family:shop-web',
    });
    expect(byArn.get(second)).to.include({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
    const stopped = await ecs<{ taskArns: string[] }>(
      'list-tasks',
      '--started-by',
      'pipeline-42',
      '--desired-status',
      'STOPPED',
    );
    expect(stopped.taskArns).to.deep.equal([first]);
    await ecs('stop-task', '--task', second);
    await ecs('wait', 'tasks-stopped', '--tasks', second);
  });

  it('stops a service task with stop-task: the service starts a replacement, and `wait tasks-stopped` returns for the stopped one', async () => {
    const listed = await ecs<{ taskArns: string[] }>('list-tasks', '--service-name', 'shop-web');
    expect(listed.taskArns).to.have.length(1);
    const [old] = listed.taskArns;
    await ecs('stop-task', '--task', old, '--reason', 'rotating credentials');
    await ecs('wait', 'tasks-stopped', '--tasks', old);
    const d = await ecs<{ tasks: Task[] }>('describe-tasks', '--tasks', old);
    expect(d.tasks[0]).to.include({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'rotating credentials',
      group: 'service:shop-web',
    });
    await waitFor(
      async () => {
        const now = (await ecs<{ taskArns: string[] }>('list-tasks', '--service-name', 'shop-web')).taskArns;
        return now.length === 1 && now[0] !== old;
      },
      60_000,
      'a replacement task',
    );
    const stopped = await ecs<{ taskArns: string[] }>(
      'list-tasks',
      '--service-name',
      'shop-web',
      '--desired-status',
      'STOPPED',
    );
    expect(stopped.taskArns).to.include(old);
    await ecs('wait', 'services-stable', '--services', 'shop-web');
  });

  it('lists with filters and follows nextToken pages (--page-size), returning each item once', async () => {
    for (const n of ['alpha', 'beta', 'gamma'])
      await ecs(
        'create-service',
        '--service-name',
        `pg-${n}`,
        '--task-definition',
        'shop-web:2',
        '--desired-count',
        '0',
      );
    const all = await ecs<{ serviceArns: string[] }>('list-services');
    const paged = await ecs<{ serviceArns: string[] }>('list-services', '--page-size', '1');
    expect(paged.serviceArns).to.deep.equal(all.serviceArns);
    expect(all.serviceArns).to.include.members([
      `${ARN}:service/default/pg-alpha`,
      `${ARN}:service/default/pg-beta`,
      `${ARN}:service/default/pg-gamma`,
      `${ARN}:service/default/shop-web`,
    ]);
    const first = await ecs<{ serviceArns: string[]; NextToken?: string }>('list-services', '--max-items', '2');
    expect(first.serviceArns).to.have.length(2);
    expect(first.NextToken).to.be.a('string');
    const rest = await ecs<{ serviceArns: string[] }>('list-services', '--starting-token', first.NextToken!);
    expect([...first.serviceArns, ...rest.serviceArns]).to.deep.equal(all.serviceArns);

    const revisions = await ecs<{ taskDefinitionArns: string[] }>('list-task-definitions', '--family-prefix', 'shop');
    expect(revisions.taskDefinitionArns).to.deep.equal([
      `${ARN}:task-definition/shop-web:1`,
      `${ARN}:task-definition/shop-web:2`,
    ]);
    const desc = await ecs<{ taskDefinitionArns: string[] }>(
      'list-task-definitions',
      '--sort',
      'DESC',
      '--page-size',
      '1',
    );
    expect(desc.taskDefinitionArns).to.deep.equal([
      `${ARN}:task-definition/shop-web:2`,
      `${ARN}:task-definition/shop-web:1`,
    ]);
    const families = await ecs<{ families: string[] }>('list-task-definition-families');
    expect(families.families).to.deep.equal(['shop-web']);
  });

  it('sees a Service applied with kubectl, and kubectl sees the API-created ones: one store', async () => {
    await apply(ns, {
      apiVersion: 'ecs2eks.dev/v1alpha1',
      kind: 'Service',
      metadata: { name: 'from-kubectl' },
      spec: { taskDefinition: 'shop-web', desiredCount: 1 },
    });
    await waitFor(async () => (await service('from-kubectl')).runningCount === 1, 60_000, 'from-kubectl running');
    const s = await service('from-kubectl');
    expect(s.status).to.equal('ACTIVE');
    // kubectl's `taskDefinition: family` follows the latest revision; the API shows the one it resolved.
    expect(s.taskDefinition).to.equal(`${ARN}:task-definition/shop-web:2`);
    const names = (await kubectl(['-n', ns, 'get', 'esvc', '-o', 'name'])).trim().split('\n');
    expect(names).to.include.members(['service.ecs2eks.dev/shop-web', 'service.ecs2eks.dev/pg-alpha']);
  });

  it('tags a service and a task definition without changing what runs', async () => {
    const arn = `${ARN}:service/default/shop-web`;
    const before = (await service('shop-web')).deployments;
    await ecs('tag-resource', '--resource-arn', arn, '--tags', 'key=env,value=staging', 'key=owner,value=ci');
    await ecs('untag-resource', '--resource-arn', arn, '--tag-keys', 'owner');
    const tags = await ecs<{ tags: unknown[] }>('list-tags-for-resource', '--resource-arn', arn);
    expect(tags.tags).to.deep.equal([{ key: 'env', value: 'staging' }]);
    const s = await ecs<{ services: Array<{ tags: unknown[] }> }>(
      'describe-services',
      '--services',
      'shop-web',
      '--include',
      'TAGS',
    );
    expect(s.services[0].tags).to.deep.equal([{ key: 'env', value: 'staging' }]);
    expect((await service('shop-web')).deployments).to.deep.equal(before);
    const tdTags = await ecs<{ tags: unknown[] }>(
      'list-tags-for-resource',
      '--resource-arn',
      `${ARN}:task-definition/shop-web:2`,
    );
    expect(tdTags.tags).to.deep.equal([{ key: 'team', value: 'shop' }]);
  });

  it('answers the errors a pipeline hits in ECS words', async () => {
    const cluster = await awsEcsFails(api!.url, ['describe-services', '--cluster', 'nope', '--services', 'x']);
    expect(cluster.stderr).to.contain('(ClusterNotFoundException)').and.contain('Cluster not found.');
    const missing = await awsEcsFails(api!.url, ['update-service', '--service', 'nope', '--desired-count', '1']);
    expect(missing.stderr).to.contain('(ServiceNotFoundException)').and.contain('Service not found.');
    const described = await ecs<{ services: unknown[]; failures: unknown[] }>(
      'describe-services',
      '--services',
      'nope',
    );
    expect(described.failures).to.deep.equal([{ arn: `${ARN}:service/default/nope`, reason: 'MISSING' }]);
    const td = await awsEcsFails(api!.url, ['describe-task-definition', '--task-definition', 'shop-web:9']);
    expect(td.stderr).to.contain('(ClientException)').and.contain('Unable to describe task definition.');
    const scaled = await awsEcsFails(api!.url, ['delete-service', '--service', 'shop-web']);
    expect(scaled.stderr).to.contain('(InvalidParameterException)').and.contain('scaled above 0');
    // The operator refuses what cannot run (a dependsOn on a container that does not exist); ECS
    // registers nothing then, and neither does the API: the answer names the field.
    const bad = await awsEcsFails(api!.url, [
      'register-task-definition',
      '--family',
      'broken',
      '--container-definitions',
      JSON.stringify([{ name: 'app', image: 'x', dependsOn: [{ containerName: 'db', condition: 'START' }] }]),
    ]);
    expect(bad.stderr).to.contain('(ClientException)').and.contain('containerDefinitions[0].dependsOn[0]');
    expect(await kubectl(['-n', ns, 'get', 'etd', '-o', 'name'])).not.to.contain('broken');
    const unsupported = await awsEcsFails(api!.url, ['list-account-settings']);
    expect(unsupported.stderr).to.contain('(UnsupportedFeatureException)').and.contain('ListAccountSettings');
  });

  it('answers ServiceNotActiveException for a service that is being deleted, then MISSING once it is gone', async () => {
    await apply(ns, {
      apiVersion: 'ecs2eks.dev/v1alpha1',
      kind: 'Service',
      metadata: { name: 'held', finalizers: ['test.ecs2eks.dev/hold'] },
      spec: { taskDefinition: 'shop-web', desiredCount: 0 },
    });
    await ecs('delete-service', '--service', 'held');
    expect((await service('held')).status).to.equal('DRAINING');
    const inactive = await awsEcsFails(api!.url, ['update-service', '--service', 'held', '--desired-count', '1']);
    expect(inactive.stderr).to.contain('(ServiceNotActiveException)');
    await kubectl(['-n', ns, 'patch', 'esvc', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await waitFor(
      async () =>
        (await ecs<{ failures: Array<{ reason: string }> }>('describe-services', '--services', 'held')).failures[0]
          ?.reason === 'MISSING',
      60_000,
      'held to be gone',
    );
  });

  it('deletes a service with --force: DRAINING until its tasks are gone, then MISSING', async () => {
    const out = await ecs<{ service: Service }>('delete-service', '--service', 'shop-web', '--force');
    expect(out.service.status).to.equal('DRAINING');
    await waitFor(
      async () =>
        (await ecs<{ failures: Array<{ reason: string }> }>('describe-services', '--services', 'shop-web')).failures[0]
          ?.reason === 'MISSING',
      60_000,
      'shop-web to be gone',
    );
    expect(await kubectl(['-n', ns, 'get', 'pods', '-l', 'ecs2eks.dev/service=shop-web', '-o', 'name'])).to.equal('');
  });

  it('deregisters and deletes a revision: INACTIVE first, never the one the family currently defines', async () => {
    const dereg = await ecs<{ taskDefinition: { status: string } }>(
      'deregister-task-definition',
      '--task-definition',
      'shop-web:1',
    );
    expect(dereg.taskDefinition.status).to.equal('INACTIVE');
    const refused = await awsEcsFails(api!.url, ['run-task', '--task-definition', 'shop-web:1']);
    expect(refused.stderr).to.contain('(ClientException)').and.contain('inactive');
    const inactive = await ecs<{ taskDefinitionArns: string[] }>('list-task-definitions', '--status', 'INACTIVE');
    expect(inactive.taskDefinitionArns).to.deep.equal([`${ARN}:task-definition/shop-web:1`]);
    // Debian's AWS CLI 2.9.19 predates DeleteTaskDefinitions (2023): this one call goes through the SDK.
    const sdk = new ECSClient({
      endpoint: api!.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDECS2EKSTEST', secretAccessKey: 'ecs2eks-test-secret' },
    });
    try {
      const del = await sdk.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['shop-web:1', 'shop-web:2'] }));
      expect(del.taskDefinitions?.map((t) => t.status)).to.deep.equal(['DELETE_IN_PROGRESS']);
      expect(del.failures?.map((f) => f.reason)).to.deep.equal([
        'The specified task definition is still in ACTIVE status.',
      ]);
    } finally {
      sdk.destroy();
    }
    const gone = await awsEcsFails(api!.url, ['describe-task-definition', '--task-definition', 'shop-web:1']);
    expect(gone.stderr).to.contain('Unable to describe task definition.');
  });

  it('creates, lists, describes and deletes a cluster as a labelled namespace', async () => {
    const name = `${ns}-c2`;
    const created = await ecs<{ cluster: { clusterArn: string; status: string } }>(
      'create-cluster',
      '--cluster-name',
      name,
      '--tags',
      'key=team,value=shop',
    );
    expect(created.cluster).to.include({ clusterArn: `${ARN}:cluster/${name}`, status: 'ACTIVE' });
    const label = await kubectl(['get', 'namespace', name, '-o', 'jsonpath={.metadata.labels.ecs2eks\\.dev/cluster}']);
    expect(label).to.equal('true');
    const list = await ecs<{ clusterArns: string[] }>('list-clusters');
    expect(list.clusterArns).to.include.members([`${ARN}:cluster/${name}`, `${ARN}:cluster/default`]);
    const d = await ecs<{ clusters: Array<{ activeServicesCount: number; tags: unknown[] }> }>(
      'describe-clusters',
      '--clusters',
      name,
      '--include',
      'TAGS',
    );
    expect(d.clusters[0]).to.deep.include({ activeServicesCount: 0, tags: [{ key: 'team', value: 'shop' }] });
    const busy = await awsEcsFails(api!.url, ['delete-cluster', '--cluster', 'default']);
    expect(busy.stderr).to.contain('(ClusterContainsServicesException)');
    const deleted = await ecs<{ cluster: { status: string } }>('delete-cluster', '--cluster', name);
    expect(deleted.cluster.status).to.equal('INACTIVE');
    const after = await ecs<{ failures: Array<{ reason: string }> }>('describe-clusters', '--clusters', name);
    expect(after.failures[0]?.reason).to.equal('MISSING');
  });
});
