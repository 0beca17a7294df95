// Real node, scenario 4: a Service whose task needs a secret. With the Secret absent the kubelet
// cannot create the container (CreateContainerConfigError), as ECS fails such a task with
// ResourceInitializationError: the Service must not be Ready, and must say why. With the Secret
// present, the value reaches the container's environment.
import { expect } from 'chai';
import { apply, kubectl } from '../e2e/support/kubectl.js';
import { waitFor } from '../e2e/support/wait.js';
import {
  condition,
  container,
  describeService,
  ecsService,
  ensureCrds,
  getEsvc,
  podsWithSelector,
  taskDefinition,
  useOperator,
} from '../e2e/operator/helpers.js';
import { ON_REAL_NODE, requireRealNode } from './support.js';

before(async function () {
  await requireRealNode();
  await ensureCrds();
});

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-AbCdEf';

describe('real node 4: secrets, absent and present', function () {
  let ns = '';
  useOperator('e2e-real4', 'real4', (n) => (ns = n));

  it('absent: the Service is not Ready and says the container could not be created; present: the value arrives', async function () {
    await apply(
      ns,
      taskDefinition('secretive', {
        containerDefinitions: [
          container('app', 'registry.example.com/app:1', {
            command: ['sh', '-c', 'echo "password is $DB_PASSWORD"; sleep 3600'],
            secrets: [{ name: 'DB_PASSWORD', valueFrom: ARN }],
          }),
        ],
      }),
      ecsService('secretive', { taskDefinition: 'secretive', desiredCount: 1, placementConstraints: ON_REAL_NODE }),
    );
    const pod = await waitFor(
      async () => {
        const pods = await podsWithSelector(ns, 'ecs2eks.dev/service=secretive');
        const reason = pods[0]?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
        return reason === 'CreateContainerConfigError' && pods[0];
      },
      90_000,
      'the kubelet refusing to create the container (CreateContainerConfigError)',
    );
    const message = pod.status?.containerStatuses?.[0]?.state?.waiting?.message ?? '';
    console.log(`      kubelet: CreateContainerConfigError: ${message}`);
    // Give the operator a few status passes: it must never call this Ready.
    await new Promise((r) => setTimeout(r, 8000));
    const svc = await getEsvc(ns, 'secretive');
    console.log(`      service while the Secret is absent: ${describeService(svc)}`);
    const ready = condition(svc, 'Ready');
    expect(ready?.status, describeService(svc)).to.not.equal('True');
    expect(`${ready?.reason} ${ready?.message}`, 'the reason names the failure').to.match(
      /CreateContainerConfigError|ResourceInitializationError/,
    );
    expect(svc.status?.runningCount ?? 0, 'no task is counted running').to.equal(0);

    // The Secret the translation named: create it, and the container starts with the value.
    const secretRef = pod.spec?.containers[0].env?.find((e) => e.name === 'DB_PASSWORD')?.valueFrom?.secretKeyRef;
    expect(secretRef?.name, 'secretKeyRef').to.be.a('string');
    await kubectl([
      '-n',
      ns,
      'create',
      'secret',
      'generic',
      secretRef!.name!,
      `--from-literal=${secretRef!.key}=s3cr3t`,
    ]);
    await waitFor(async () => condition(await getEsvc(ns, 'secretive'), 'Ready')?.status === 'True', 120_000, 'Ready');
    const running = (await podsWithSelector(ns, 'ecs2eks.dev/service=secretive')).find(
      (p) => p.status?.phase === 'Running',
    );
    const logs = await kubectl(['-n', ns, 'logs', running!.metadata!.name!]);
    expect(logs).to.contain('password is s3cr3t');
  });
});
