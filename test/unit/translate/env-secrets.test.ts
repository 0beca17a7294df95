import { expect } from 'chai';
import { InputError } from '../../../src/ecs/errors.js';
import { buildPodTemplate } from '../../../src/translate/pod.js';
import { parseSecretRef } from '../../../src/translate/secrets.js';
import { container, podContext, taskDef } from '../../support/builders.js';
import { containerOf, findingsAt } from '../../support/pods.js';

describe('environment and secrets', () => {
  describe('parseSecretRef', () => {
    const table: Array<[string, Record<string, unknown>]> = [
      [
        'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::',
        {
          provider: 'SecretsManager',
          remoteKey: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
          property: 'password',
          secretName: 'sm-prod-db-abcdef-eddf9084',
          secretKey: 'password',
        },
      ],
      [
        'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
        {
          provider: 'SecretsManager',
          remoteKey: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
          secretName: 'sm-prod-db-abcdef-eddf9084',
          secretKey: 'value',
        },
      ],
      [
        'arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-x1y2z3:token:AWSPREVIOUS:',
        {
          provider: 'SecretsManager',
          remoteKey: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-x1y2z3',
          property: 'token',
          version: 'AWSPREVIOUS',
          secretName: 'sm-api-key-x1y2z3-awsprevious-a9886c8a',
          secretKey: 'token',
        },
      ],
      [
        'arn:aws:secretsmanager:us-east-1:1:secret:s-abc:::0123-abcd',
        {
          provider: 'SecretsManager',
          remoteKey: 'arn:aws:secretsmanager:us-east-1:1:secret:s-abc',
          version: 'uuid/0123-abcd',
          secretName: 'sm-s-abc-0123-abcd',
          secretKey: 'value',
        },
      ],
      [
        'arn:aws:ssm:us-east-1:123456789012:parameter/ecs-param/db-host',
        {
          provider: 'ParameterStore',
          remoteKey: 'arn:aws:ssm:us-east-1:123456789012:parameter/ecs-param/db-host',
          secretName: 'ssm-ecs-param-db-host-b0ae617d',
          secretKey: 'value',
        },
      ],
      [
        '/ecs-param/db-host',
        {
          provider: 'ParameterStore',
          remoteKey: '/ecs-param/db-host',
          secretName: 'ssm-ecs-param-db-host-b0ae617d',
          secretKey: 'value',
        },
      ],
      ['plain', { provider: 'ParameterStore', remoteKey: 'plain', secretName: 'ssm-plain', secretKey: 'value' }],
    ];
    for (const [input, expected] of table) {
      it(`parses ${input}`, () => expect(parseSecretRef(input, 'p')).to.deep.equal(expected));
    }
    it('names the same Secret for an SSM parameter ARN and its name', () => {
      expect(parseSecretRef('arn:aws:ssm:eu-west-1:1:parameter/a/b', 'p').secretName).to.equal(
        parseSecretRef('/a/b', 'p').secretName,
      );
    });
    it('rejects other ARNs with the path', () => {
      expect(() => parseSecretRef('arn:aws:s3:::bucket/key', 'containerDefinitions[0].secrets[0].valueFrom'))
        .to.throw(InputError)
        .with.property('path', 'containerDefinitions[0].secrets[0].valueFrom');
    });
  });

  it('keeps environment order, last value wins for a repeated name, secrets become secretKeyRefs', () => {
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          environment: [
            { name: 'B', value: '1' },
            { name: 'A', value: '2' },
            { name: 'B', value: '3' },
            { name: 'EMPTY' },
          ],
          secrets: [
            {
              name: 'DB_PASSWORD',
              valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::',
            },
          ],
        }),
      ),
      podContext(),
    );
    expect(containerOf(r, 'web').env).to.deep.equal([
      { name: 'B', value: '3' },
      { name: 'A', value: '2' },
      { name: 'EMPTY', value: '' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'sm-prod-db-abcdef-eddf9084', key: 'password' } } },
    ]);
    expect(findingsAt(r, 'containerDefinitions[0].environment[2]')[0].level).to.equal('Info');
    expect(findingsAt(r, 'containerDefinitions[0].secrets[0].valueFrom')[0].level).to.equal('Approximated');
    expect(r.objects).to.deep.equal([]);
  });

  it('creates one ExternalSecret per Secret with the keys in use when the integration is on', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';
    const r = buildPodTemplate(
      taskDef(
        container('web', {
          secrets: [
            { name: 'USER', valueFrom: `${arn}:username::` },
            { name: 'PASS', valueFrom: `${arn}:password::` },
          ],
        }),
        container('worker', { secrets: [{ name: 'PASS', valueFrom: `${arn}:password::` }] }),
      ),
      podContext({
        options: {
          integrations: {
            externalSecrets: true,
            efs: false,
            fargateNodeSelection: false,
            targetGroupBinding: false,
            securityGroupPolicy: false,
          },
        },
      }),
    );
    expect(r.objects).to.deep.equal([
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'sm-prod-db-abcdef-eddf9084', namespace: 'default' },
        spec: {
          data: [
            { remoteRef: { key: arn, property: 'password' }, secretKey: 'password' },
            { remoteRef: { key: arn, property: 'username' }, secretKey: 'username' },
          ],
          refreshInterval: '1h',
          secretStoreRef: { kind: 'SecretStore', name: 'aws-secrets-manager' },
          target: { creationPolicy: 'Owner', name: 'sm-prod-db-abcdef-eddf9084' },
        },
      },
    ]);
  });

  it('reads environment files from an optional ConfigMap and says so', () => {
    const r = buildPodTemplate(
      taskDef(container('web', { environmentFiles: [{ type: 's3', value: 'arn:aws:s3:::my-bucket/app.env' }] })),
      podContext(),
    );
    expect(containerOf(r, 'web').envFrom).to.deep.equal([
      { configMapRef: { name: 'envfile-my-bucket-app-env-a900b590', optional: true } },
    ]);
    expect(findingsAt(r, 'containerDefinitions[0].environmentFiles[0]')[0].message).to.contain(
      'arn:aws:s3:::my-bucket/app.env',
    );
  });

  it('rejects an environment entry without a name', () => {
    expect(() => buildPodTemplate(taskDef(container('web', { environment: [{ value: 'x' }] })), podContext()))
      .to.throw(InputError)
      .with.property('path', 'containerDefinitions[0].environment[0].name');
  });

  it('merges RunTask environment overrides into the declared order', () => {
    const r = buildPodTemplate(
      taskDef(
        container('job', {
          environment: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
          command: ['run'],
        }),
      ),
      {
        ...podContext({ kind: 'Task' }),
        overrides: {
          containerOverrides: [
            {
              name: 'job',
              command: ['other'],
              environment: [
                { name: 'A', value: 'x' },
                { name: 'C', value: '3' },
              ],
            },
          ],
        },
      },
    );
    const job = containerOf(r, 'job');
    expect(job.env).to.deep.equal([
      { name: 'A', value: 'x' },
      { name: 'B', value: '2' },
      { name: 'C', value: '3' },
    ]);
    expect(job.args).to.deep.equal(['other']);
  });

  it('rejects an override for a container that does not exist', () => {
    expect(() =>
      buildPodTemplate(taskDef(container('job')), {
        ...podContext({ kind: 'Task' }),
        overrides: { containerOverrides: [{ name: 'nope' }] },
      }),
    )
      .to.throw(InputError)
      .with.property('path', 'overrides.containerOverrides[0].name');
  });
});

describe('environment variable names', () => {
  it('refuses names Kubernetes rejects (=, non-ASCII, control characters) at the ECS path, and keeps printable ones', () => {
    const build = (name: string) =>
      buildPodTemplate(taskDef(container('web', { environment: [{ name, value: '1' }] })), podContext());
    for (const [name, why] of [
      ['A=B', 'must not contain "="'],
      ['CAFÉ', 'has "É"'],
      ['A\tB', 'has "\\t"'],
    ]) {
      expect(() => build(name), name)
        .to.throw(InputError, why)
        .with.property('path', 'containerDefinitions[0].environment[0].name');
    }
    expect(containerOf(build('my.var-1 $x'), 'web').env).to.deep.equal([{ name: 'my.var-1 $x', value: '1' }]);
  });
});
