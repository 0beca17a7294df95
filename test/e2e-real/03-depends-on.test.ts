// Real node, scenario 3: dependsOn as ECS orders it, on real container start times. `app` waits for
// `init` to exit 0 (SUCCESS), for `prep` to finish (COMPLETE) and for `db` to pass its CMD-SHELL health check (HEALTHY), which only
// passes once db has created /tmp/healthy, 4 s after it started; `log` only needs db started (START),
// but a native sidecar's startup probe holds every container after it, so log too waits for db's
// health (seen here: 9 s after db started), which the status reports as a finding.
import { expect } from 'chai';
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { apply, kubectlJson } from '../e2e/support/kubectl.js';
import { waitFor } from '../e2e/support/wait.js';
import { container, ecsTask, ensureCrds, getEtask, taskDefinition, useOperator } from '../e2e/operator/helpers.js';
import { ON_REAL_NODE, requireRealNode } from './support.js';

before(async function () {
  await requireRealNode();
  await ensureCrds();
});

const seconds = (t: Date | string | undefined): number => (t ? new Date(t).getTime() / 1000 : NaN);

describe('real node 3: dependsOn SUCCESS, START and HEALTHY order real containers', function () {
  let ns = '';
  useOperator('e2e-real3', 'real3', (n) => (ns = n));

  it('starts app only after init exited 0 and db turned healthy; the task is RUNNING only then', async function () {
    await apply(
      ns,
      taskDefinition('ordered', {
        containerDefinitions: [
          container('init', 'registry.example.com/init:1', {
            essential: false,
            command: ['sh', '-c', 'echo init done; sleep 1'],
          }),
          container('prep', 'registry.example.com/prep:1', {
            essential: false,
            command: ['sh', '-c', 'echo prep done; sleep 2'],
          }),
          container('db', 'registry.example.com/db:1', {
            command: ['sh', '-c', 'sleep 4; touch /tmp/healthy; sleep 3600'],
            healthCheck: { command: ['CMD-SHELL', 'test -f /tmp/healthy'], interval: 5, timeout: 2, retries: 3 },
          }),
          container('log', 'registry.example.com/log:1', {
            essential: false,
            command: ['sh', '-c', 'sleep 3600'],
            dependsOn: [{ containerName: 'db', condition: 'START' }],
          }),
          container('app', 'registry.example.com/app:1', {
            command: ['sh', '-c', 'echo app up; sleep 3600'],
            dependsOn: [
              { containerName: 'init', condition: 'SUCCESS' },
              { containerName: 'prep', condition: 'COMPLETE' },
              { containerName: 'db', condition: 'HEALTHY' },
            ],
          }),
        ],
      }),
      ecsTask('ordered', { taskDefinition: 'ordered', placementConstraints: ON_REAL_NODE }),
    );
    const seen: string[] = [];
    let runningSeenAt = 0;
    await waitFor(
      async () => {
        const st = (await getEtask(ns, 'ordered')).status as { lastStatus?: string } | undefined;
        if (seen.at(-1) !== st?.lastStatus) seen.push(String(st?.lastStatus));
        if (st?.lastStatus === 'RUNNING' && !runningSeenAt) runningSeenAt = Date.now() / 1000;
        return st?.lastStatus === 'RUNNING';
      },
      120_000,
      'task ordered RUNNING',
    );
    const pod = await kubectlJson<V1Pod>(['-n', ns, 'get', 'pod', 'ordered-0']);
    const all: V1ContainerStatus[] = [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ];
    const names = JSON.parse(pod.metadata?.annotations?.['ecs2eks.dev/container-names'] ?? '{}') as Record<
      string,
      string
    >;
    const st = (ecs: string) => all.find((c) => c.name === (names[ecs] ?? ecs));
    const started = (ecs: string) =>
      seconds(st(ecs)?.state?.running?.startedAt ?? st(ecs)?.state?.terminated?.startedAt);
    const init = st('init');
    const prep = st('prep');
    const times = {
      initStarted: started('init'),
      initFinished: seconds(init?.state?.terminated?.finishedAt),
      prepFinished: seconds(prep?.state?.terminated?.finishedAt),
      db: started('db'),
      log: started('log'),
      app: started('app'),
    };
    console.log(
      `      task states ${seen.join(' → ')}; container start times (s, relative): ${JSON.stringify(
        Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v - times.initStarted])),
      )}`,
    );
    expect(init?.state?.terminated?.exitCode, 'init exited 0').to.equal(0);
    expect(prep?.state?.terminated?.exitCode, 'prep finished').to.equal(0);
    expect(times.app, 'app starts after prep finished (COMPLETE)').to.be.at.least(times.prepFinished);
    expect(times.db, 'db starts after init finished (SUCCESS)').to.be.at.least(times.initFinished);
    expect(times.log, 'log starts once db started (START)').to.be.at.least(times.db);
    expect(
      times.app - times.db,
      'app starts once db is healthy, 4 s or more after db started (HEALTHY)',
    ).to.be.at.least(4);
    expect(st('app')?.state?.running, 'app running').to.not.equal(undefined);
    expect(seen, 'no stop on the way').to.not.include('STOPPED');
    // RUNNING was first seen no earlier than app's start (start times have second precision).
    expect(runningSeenAt + 1, 'never RUNNING before app ran').to.be.at.least(times.app);
    // Where Kubernetes differs, the status says so: log (START on db) waited for db's health too.
    const findings = ((await getEtask(ns, 'ordered')).status as { findings?: { message: string }[] }).findings ?? [];
    expect(findings.map((f) => f.message).join('\n')).to.contain('"log" starts only once "db" is healthy');
    // And COMPLETE: an init container must exit 0 in Kubernetes, where ECS accepts any exit code.
    expect(findings.map((f) => f.message).join('\n')).to.contain('ECS COMPLETE accepts any exit code');
  });
});
