import { expect } from 'chai';
import { parseInput } from '../../../src/ecs/parse/index.js';

const template = `
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ImageTag: {Type: String, Default: '1.4'}
  Env: {Type: String, Default: prod}
  Secret: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Api:
    Type: AWS::ECS::Service
    Properties:
      TaskDefinition: !Ref ApiTask
      DesiredCount: '3'
      PlacementStrategies:
        - {Type: spread, Field: 'attribute:ecs.availability-zone'}
      DeploymentConfiguration:
        DeploymentCircuitBreaker: {Enable: 'true', Rollback: true}
      ForceNewDeployment: {EnableForceNewDeployment: true}
  ApiTask:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: api
      Cpu: '512'
      Memory: !If [IsProd, 2048, 1024]
      ExecutionRoleArn: !If [Unknown, !Ref Secret, !Ref AWS::NoValue]
      ProxyConfiguration:
        ContainerName: envoy
        ProxyConfigurationProperties: [{Name: AppPorts, Value: '8080'}]
      Volumes:
        - Name: data
          EFSVolumeConfiguration: {FilesystemId: fs-1, AuthorizationConfig: {IAM: ENABLED}}
      ContainerDefinitions:
        - Name: app
          Image: !Sub 'registry.example/api:\${ImageTag}'
          Environment:
            - {Name: REGION, Value: !Ref 'AWS::Region'}
            - {Name: OUT, Value: !ImportValue shared-bucket}
          PortMappings: [{ContainerPort: '8080', Protocol: tcp}]
  Bucket:
    Type: AWS::S3::Bucket
`;

describe('CloudFormation input', () => {
  const out = parseInput(template, 'stack.yaml');
  const svc = out.find((r) => r.kind === 'Service')!;
  const td = out.find((r) => r.kind === 'TaskDefinition')!;

  it('reads every ECS resource and ignores the others', () => {
    expect(out.map((r) => `${r.kind}:${r.name}`)).to.deep.equal(['Service:Api', 'TaskDefinition:api']);
  });

  it("resolves a service's Ref to a task definition in the same template to its family", () => {
    expect(svc.spec).to.include({ taskDefinition: 'api', desiredCount: 3 });
  });

  it('maps the names that differ beyond case', () => {
    expect((svc.spec as Record<string, unknown>).placementStrategy).to.deep.equal([
      { type: 'spread', field: 'attribute:ecs.availability-zone' },
    ]);
    expect(td.spec.proxyConfiguration).to.deep.equal({
      containerName: 'envoy',
      properties: [{ name: 'AppPorts', value: '8080' }],
    });
    expect(td.spec.volumes![0].efsVolumeConfiguration).to.deep.equal({
      fileSystemId: 'fs-1',
      authorizationConfig: { iam: 'ENABLED' },
    });
  });

  it('coerces CloudFormation string numbers and booleans', () => {
    expect(svc.spec.deploymentConfiguration!.deploymentCircuitBreaker).to.deep.equal({ enable: true, rollback: true });
    expect(td.spec.containerDefinitions[0].portMappings![0].containerPort).to.equal(8080);
  });

  it('evaluates conditions and substitutions with parameter defaults', () => {
    expect(td.spec.memory).to.equal(2048);
    expect(td.spec.containerDefinitions[0].image).to.equal('registry.example/api:1.4');
  });

  it('leaves unresolvable intrinsics as placeholders with a finding naming the field', () => {
    const env = td.spec.containerDefinitions[0].environment!;
    expect(env[0].value).to.equal('${AWS::Region}');
    expect(env[1].value).to.equal('${ImportValue:shared-bucket}');
    const paths = td.findings.filter((f) => f.level === 'Unsupported').map((f) => f.path);
    expect(paths).to.include.members([
      'containerDefinitions[0].environment[0].value',
      'containerDefinitions[0].environment[1].value',
    ]);
  });

  it('reports an undecidable Fn::If and takes its true branch', () => {
    expect(td.spec.executionRoleArn).to.equal('${Secret}');
    expect(td.findings.some((f) => f.path === 'executionRoleArn' && f.level === 'Approximated')).to.equal(true);
  });

  it('reports CloudFormation-only properties instead of dropping them silently', () => {
    expect(svc.findings.some((f) => f.path === 'ForceNewDeployment' && f.level === 'Unsupported')).to.equal(true);
  });
});

describe('CloudFormation values of the wrong shape', () => {
  const taskWith = (containerProps: string): string => `
Resources:
  T:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: t
      ContainerDefinitions:
        - Name: app
          Image: img
${containerProps}
`;

  it('turns a number where a string belongs into its text', () => {
    const [td] = parseInput(taskWith('          Environment: [{Name: PORT, Value: 8080}]'), 'stack.yaml');
    expect(td.spec).to.have.nested.property('containerDefinitions[0].environment[0].value', '8080');
  });

  it('refuses a map where a string belongs, naming the field (never "[object Object]")', () => {
    expect(() => parseInput(taskWith('          DockerLabels: {team: {name: web}}'), 'stack.yaml')).to.throw(
      /containerDefinitions\[0\]\.dockerLabels\.team: expected string, got object/,
    );
  });

  it('turns a number in a map of strings into its text', () => {
    const [td] = parseInput(taskWith('          DockerLabels: {port: 8080}'), 'stack.yaml');
    expect(td.spec).to.have.nested.property('containerDefinitions[0].dockerLabels.port', '8080');
  });

  it('substitutes a non-scalar parameter default as JSON, not "[object Object]"', () => {
    const text = `
Parameters:
  Tags: {Type: String, Default: [a, b]}
${taskWith("          Environment: [{Name: T, Value: !Sub 'x-${Tags}'}]")}`;
    const [td] = parseInput(text, 'stack.yaml');
    expect(td.spec).to.have.nested.property('containerDefinitions[0].environment[0].value', 'x-["a","b"]');
  });
});
