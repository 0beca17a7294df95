/**
 * Where the samples of SERVICE_COVERAGE (service.ts) and TASK_COVERAGE (task.ts) are applied; the
 * same scheme as taskdef-samples.ts:
 * 1. Start from the base request (SERVICE_BASE_SPEC or TASK_BASE_SPEC) and COVERAGE_TASK_DEFINITION
 *    (one essential container `app` with port mapping `http` = 80/tcp).
 * 2. Each shape has a canonical path (`DeploymentAlarms` → `deploymentConfiguration.alarms`,
 *    `LoadBalancer` → `loadBalancers[0]`, the request itself → the root); missing objects along the
 *    path are created from their own shape's `base`.
 * 3. The sample is set as `<canonical path>.<member>`.
 * Then translateService/translateTask (default options) must report a finding whose path is the
 * member's path, lies inside it (`deploymentConfiguration.alarms.alarmNames` for
 * `DeploymentConfiguration.alarms`) or is an ancestor of it (`...customizedMetricSpecification` for
 * `CustomizedMetricSpecification.metricName`). A few Task entries are reported at the task
 * definition member they override (EQUIVALENT_PATHS). Entries in HANDLED_ELSEWHERE (read-only
 * describe members) are reported by the parser.
 */
import type { ResolvedTaskDefinition } from '../../ecs/model.js';

export type ShapePaths = Readonly<Record<string, { path: string; base: Record<string, unknown> }>>;

export const COVERAGE_TASK_DEFINITION: Readonly<ResolvedTaskDefinition> = {
  family: 'coverage',
  revision: 1,
  spec: {
    family: 'coverage',
    containerDefinitions: [
      {
        name: 'app',
        image: 'busybox',
        essential: true,
        portMappings: [{ name: 'http', containerPort: 80, protocol: 'tcp' }],
      },
    ],
  },
};

export const SERVICE_BASE_SPEC: Readonly<Record<string, unknown>> = {
  serviceName: 'coverage',
  taskDefinition: 'coverage',
  desiredCount: 1,
};
export const TASK_BASE_SPEC: Readonly<Record<string, unknown>> = { taskDefinition: 'coverage' };

const SHARED: ShapePaths = {
  AwsVpcConfiguration: { path: 'networkConfiguration.awsvpcConfiguration', base: { subnets: [] } },
  NetworkConfiguration: { path: 'networkConfiguration', base: {} },
  CapacityProviderStrategyItem: { path: 'capacityProviderStrategy[0]', base: { capacityProvider: 'FARGATE' } },
  PlacementConstraint: {
    path: 'placementConstraints[0]',
    base: { type: 'memberOf', expression: 'attribute:ecs.os-type == linux' },
  },
  PlacementStrategy: { path: 'placementStrategy[0]', base: { type: 'spread', field: 'instanceId' } },
  Tag: { path: 'tags[0]', base: { key: 'team', value: 'a' } },
};

const SC_SERVICE = 'serviceConnectConfiguration.services[0]';
const SC_ALIAS = `${SC_SERVICE}.clientAliases[0]`;
const SVC_EBS = 'volumeConfigurations[0].managedEBSVolume';
const POLICY = 'autoScaling.targetTrackingPolicies[0]';

export const SERVICE_SHAPE_PATHS: ShapePaths = {
  ...SHARED,
  CreateServiceRequest: { path: '', base: {} },
  ServiceSpec: { path: '', base: {} },
  Service: { path: '', base: {} },
  AdvancedConfiguration: { path: 'loadBalancers[0].advancedConfiguration', base: {} },
  AutoScaling: { path: 'autoScaling', base: { minCapacity: 1, maxCapacity: 4 } },
  TargetTrackingPolicy: {
    path: POLICY,
    base: {
      policyName: 'p',
      targetValue: 50,
      predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
    },
  },
  PredefinedMetricSpecification: {
    path: `${POLICY}.predefinedMetricSpecification`,
    base: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
  },
  CustomizedMetricSpecification: {
    path: `${POLICY}.customizedMetricSpecification`,
    base: { metricName: 'QueueDepth' },
  },
  CanaryConfiguration: { path: 'deploymentConfiguration.canaryConfiguration', base: {} },
  DeploymentAlarms: {
    path: 'deploymentConfiguration.alarms',
    base: { alarmNames: ['high-errors'], enable: true, rollback: false },
  },
  DeploymentCircuitBreaker: {
    path: 'deploymentConfiguration.deploymentCircuitBreaker',
    base: { enable: false, rollback: false },
  },
  DeploymentConfiguration: { path: 'deploymentConfiguration', base: {} },
  DeploymentController: { path: 'deploymentController', base: { type: 'ECS' } },
  DeploymentLifecycleHook: { path: 'deploymentConfiguration.lifecycleHooks[0]', base: {} },
  DeploymentLifecycleHookTimeoutConfiguration: {
    path: 'deploymentConfiguration.lifecycleHooks[0].timeoutConfiguration',
    base: {},
  },
  EBSTagSpecification: { path: `${SVC_EBS}.tagSpecifications[0]`, base: { resourceType: 'volume' } },
  LinearConfiguration: { path: 'deploymentConfiguration.linearConfiguration', base: {} },
  LoadBalancer: { path: 'loadBalancers[0]', base: { containerName: 'app', containerPort: 80 } },
  LogConfiguration: { path: 'serviceConnectConfiguration.logConfiguration', base: { logDriver: 'awslogs' } },
  Secret: {
    path: 'serviceConnectConfiguration.logConfiguration.secretOptions[0]',
    base: { name: 'token', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/t' },
  },
  MetricConfiguration: {
    path: 'monitoring.metricConfigurations[0]',
    base: { metricNames: ['CPUUtilization'], resolutionSeconds: 60 },
  },
  MonitoringConfiguration: { path: 'monitoring', base: {} },
  ServiceConnectAccessLogConfiguration: {
    path: 'serviceConnectConfiguration.accessLogConfiguration',
    base: { format: 'TEXT' },
  },
  ServiceConnectClientAlias: { path: SC_ALIAS, base: { port: 8080 } },
  ServiceConnectConfiguration: { path: 'serviceConnectConfiguration', base: { enabled: true } },
  ServiceConnectService: { path: SC_SERVICE, base: { portName: 'http' } },
  ServiceConnectTestTrafficRules: { path: `${SC_ALIAS}.testTrafficRules`, base: { header: { name: 'x-test' } } },
  ServiceConnectTestTrafficHeaderRules: { path: `${SC_ALIAS}.testTrafficRules.header`, base: { name: 'x-test' } },
  ServiceConnectTestTrafficHeaderMatchRules: {
    path: `${SC_ALIAS}.testTrafficRules.header.value`,
    base: { exact: '1' },
  },
  ServiceConnectTlsConfiguration: { path: `${SC_SERVICE}.tls`, base: { issuerCertificateAuthority: {} } },
  ServiceConnectTlsCertificateAuthority: { path: `${SC_SERVICE}.tls.issuerCertificateAuthority`, base: {} },
  TimeoutConfiguration: { path: `${SC_SERVICE}.timeout`, base: {} },
  ServiceManagedEBSVolumeConfiguration: { path: SVC_EBS, base: { roleArn: 'arn:aws:iam::1:role/ebs' } },
  ServiceRegistry: { path: 'serviceRegistries[0]', base: { containerName: 'app', containerPort: 80 } },
  ServiceVolumeConfiguration: { path: 'volumeConfigurations[0]', base: { name: 'data' } },
  ThresholdConfiguration: {
    path: 'deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration',
    base: { type: 'COUNT', value: 3 },
  },
  VpcLatticeConfiguration: {
    path: 'vpcLatticeConfigurations[0]',
    base: { portName: 'http', roleArn: 'arn:aws:iam::1:role/l', targetGroupArn: 'arn:tg' },
  },
};

const TASK_EBS = 'volumeConfigurations[0].managedEBSVolume';
export const TASK_SHAPE_PATHS: ShapePaths = {
  ...SHARED,
  RunTaskRequest: { path: '', base: {} },
  TaskOverride: { path: 'overrides', base: {} },
  ContainerOverride: { path: 'overrides.containerOverrides[0]', base: { name: 'app' } },
  KeyValuePair: { path: 'overrides.containerOverrides[0].environment[0]', base: { name: 'A', value: '1' } },
  EnvironmentFile: {
    path: 'overrides.containerOverrides[0].environmentFiles[0]',
    base: { type: 's3', value: 'arn:aws:s3:::bucket/app.env' },
  },
  ResourceRequirement: {
    path: 'overrides.containerOverrides[0].resourceRequirements[0]',
    base: { type: 'GPU', value: '1' },
  },
  EphemeralStorage: { path: 'overrides.ephemeralStorage', base: { sizeInGiB: 30 } },
  InferenceAcceleratorOverride: {
    path: 'overrides.inferenceAcceleratorOverrides[0]',
    base: { deviceName: 'd1', deviceType: 'eia2.medium' },
  },
  TaskVolumeConfiguration: { path: 'volumeConfigurations[0]', base: { name: 'data' } },
  TaskManagedEBSVolumeConfiguration: { path: TASK_EBS, base: { roleArn: 'arn:aws:iam::1:role/ebs' } },
  TaskManagedEBSVolumeTerminationPolicy: { path: `${TASK_EBS}.terminationPolicy`, base: { deleteOnTermination: true } },
  EBSTagSpecification: { path: `${TASK_EBS}.tagSpecifications[0]`, base: { resourceType: 'volume' } },
};

/** Task entries whose findings come at the task definition member they override (paths relative to the TaskDefinition). */
export const EQUIVALENT_PATHS: Readonly<Record<string, string>> = {
  'TaskOverride.cpu': 'cpu',
  'TaskOverride.memory': 'memory',
  'TaskOverride.ephemeralStorage': 'ephemeralStorage',
  'TaskOverride.executionRoleArn': 'executionRoleArn',
  'TaskOverride.taskRoleArn': 'taskRoleArn',
  'EphemeralStorage.sizeInGiB': 'ephemeralStorage',
  'ContainerOverride.environmentFiles': 'containerDefinitions[0].environmentFiles',
  'EnvironmentFile.value': 'containerDefinitions[0].environmentFiles',
  'ResourceRequirement.value': 'containerDefinitions[0].resourceRequirements',
};

/** Keys declared in the coverage files whose findings come from another layer (the parser). */
export const HANDLED_ELSEWHERE: ReadonlySet<string> = new Set(
  [
    'clusterArn',
    'createdAt',
    'createdBy',
    'currentServiceDeployment',
    'currentServiceRevisions',
    'deployments',
    'events',
    'pendingCount',
    'platformFamily',
    'resourceManagementType',
    'roleArn',
    'runningCount',
    'serviceArn',
    'status',
    'taskSets',
  ].map((m) => `Service.${m}`),
);

/** withSample returns `base` with `sample` set on the member named by `key` (`Shape.member`) at its canonical path. */
export function withSample(
  key: string,
  sample: unknown,
  base: Readonly<Record<string, unknown>>,
  shapes: ShapePaths,
): { spec: Record<string, unknown>; path: string } {
  const [shape, member] = key.split('.') as [string, string];
  const where = shapes[shape];
  if (!where) throw new Error(`no canonical path for ${shape}`);
  const spec = structuredClone(base) as Record<string, unknown>;
  const baseAt = (p: string): Record<string, unknown> =>
    structuredClone(Object.values(shapes).find((s) => s.path === p)?.base ?? {});
  let node: Record<string, unknown> = spec;
  let prefix = '';
  for (const m of where.path.matchAll(/(\w+)(?:\[(\d+)\])?/g)) {
    const [, field, index] = m as unknown as [string, string, string | undefined];
    prefix = prefix ? `${prefix}.${field}` : field;
    if (index === undefined) {
      node[field] ??= baseAt(prefix);
      node = node[field] as Record<string, unknown>;
    } else {
      prefix = `${prefix}[${index}]`;
      const list = (node[field] ??= []) as Array<Record<string, unknown>>;
      list[Number(index)] ??= baseAt(prefix);
      node = list[Number(index)]!;
    }
  }
  node[member] = sample;
  return { spec, path: where.path ? `${where.path}.${member}` : member };
}
