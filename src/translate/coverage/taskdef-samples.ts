/**
 * Where the samples of TASKDEF_COVERAGE (taskdef.ts) are applied.
 *
 * How a sample is applied (what `specWithSample` does, so a coverage test can be generic):
 * 1. Start from COVERAGE_BASE_SPEC: three containers (`main` essential, `peer` essential,
 *    `aux` non-essential) and one plain volume `v`.
 * 2. Each shape has a canonical path in SHAPE_PATHS (`ContainerDefinition` → `containerDefinitions[0]`,
 *    `PortMapping` → `containerDefinitions[0].portMappings[0]`, `Tmpfs` →
 *    `containerDefinitions[0].linuxParameters.tmpfs[0]`, `RegisterTaskDefinitionRequest` → the spec
 *    root, ...). Missing objects along that path are created from their own shape's `base`.
 * 3. The sample is set as `<canonical path>.<member>`.
 * Then `buildPodTemplate` (kind Service, default options) must report a finding whose path is the
 * member's path, lies inside it, or is an ancestor of it (e.g. `containerDefinitions[0].ulimits`
 * covers `Ulimit.softLimit`). Entries listed in HANDLED_ELSEWHERE are declared here but reported
 * by another layer (the parser for read-only members, the Service/Task layer for placement).
 */
import type { TaskDefinitionSpec } from '../../ecs/model.js';
import { withSample, type ShapePaths } from './samples.js';

export const SM = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:';

export const COVERAGE_BASE_SPEC: Readonly<Record<string, unknown>> = {
  family: 'coverage',
  containerDefinitions: [
    { name: 'main', image: 'busybox', essential: true },
    { name: 'peer', image: 'busybox', essential: true },
    { name: 'aux', image: 'busybox', essential: false },
  ],
  volumes: [{ name: 'v' }],
};

/** Canonical path of each shape and the minimal object created there when it is missing. */
export const SHAPE_PATHS: ShapePaths = {
  RegisterTaskDefinitionRequest: { path: '', base: {} },
  TaskDefinition: { path: '', base: {} },
  ContainerDefinition: { path: 'containerDefinitions[0]', base: { name: 'main', image: 'busybox' } },
  PortMapping: { path: 'containerDefinitions[0].portMappings[0]', base: { containerPort: 80 } },
  ContainerRestartPolicy: { path: 'containerDefinitions[0].restartPolicy', base: { enabled: true } },
  KeyValuePair: { path: 'containerDefinitions[0].environment[0]', base: { name: 'A', value: '1' } },
  EnvironmentFile: {
    path: 'containerDefinitions[0].environmentFiles[0]',
    base: { type: 's3', value: 'arn:aws:s3:::bucket/app.env' },
  },
  MountPoint: { path: 'containerDefinitions[0].mountPoints[0]', base: { sourceVolume: 'v', containerPath: '/data' } },
  VolumeFrom: { path: 'containerDefinitions[0].volumesFrom[0]', base: { sourceContainer: 'peer' } },
  LinuxParameters: { path: 'containerDefinitions[0].linuxParameters', base: {} },
  KernelCapabilities: { path: 'containerDefinitions[0].linuxParameters.capabilities', base: {} },
  Device: { path: 'containerDefinitions[0].linuxParameters.devices[0]', base: { hostPath: '/dev/fuse' } },
  Tmpfs: { path: 'containerDefinitions[0].linuxParameters.tmpfs[0]', base: { containerPath: '/scratch', size: 64 } },
  Secret: { path: 'containerDefinitions[0].secrets[0]', base: { name: 'S', valueFrom: '/app/param' } },
  ContainerDependency: {
    path: 'containerDefinitions[0].dependsOn[0]',
    base: { containerName: 'aux', condition: 'START' },
  },
  HostEntry: { path: 'containerDefinitions[0].extraHosts[0]', base: { hostname: 'db', ipAddress: '10.0.0.5' } },
  Ulimit: { path: 'containerDefinitions[0].ulimits[0]', base: { name: 'nofile', softLimit: 1024, hardLimit: 4096 } },
  LogConfiguration: { path: 'containerDefinitions[0].logConfiguration', base: { logDriver: 'awslogs' } },
  HealthCheck: { path: 'containerDefinitions[0].healthCheck', base: { command: ['CMD', 'true'] } },
  SystemControl: {
    path: 'containerDefinitions[0].systemControls[0]',
    base: { namespace: 'net.ipv4.tcp_keepalive_time', value: '60' },
  },
  ResourceRequirement: { path: 'containerDefinitions[0].resourceRequirements[0]', base: { type: 'GPU', value: '1' } },
  FirelensConfiguration: { path: 'containerDefinitions[0].firelensConfiguration', base: { type: 'fluentbit' } },
  RepositoryCredentials: {
    path: 'containerDefinitions[0].repositoryCredentials',
    base: { credentialsParameter: `${SM}registry-AbCdEf` },
  },
  Volume: { path: 'volumes[0]', base: { name: 'v' } },
  HostVolumeProperties: { path: 'volumes[0].host', base: {} },
  DockerVolumeConfiguration: { path: 'volumes[0].dockerVolumeConfiguration', base: {} },
  EFSVolumeConfiguration: { path: 'volumes[0].efsVolumeConfiguration', base: { fileSystemId: 'fs-12345678' } },
  EFSAuthorizationConfig: { path: 'volumes[0].efsVolumeConfiguration.authorizationConfig', base: {} },
  FSxWindowsFileServerVolumeConfiguration: {
    path: 'volumes[0].fsxWindowsFileServerVolumeConfiguration',
    base: {
      fileSystemId: 'fs-0123456789abcdef0',
      rootDirectory: '\\share',
      authorizationConfig: { credentialsParameter: `${SM}fsx-AbCdEf`, domain: 'corp.example.com' },
    },
  },
  FSxWindowsFileServerAuthorizationConfig: {
    path: 'volumes[0].fsxWindowsFileServerVolumeConfiguration.authorizationConfig',
    base: { credentialsParameter: `${SM}fsx-AbCdEf`, domain: 'corp.example.com' },
  },
  S3FilesVolumeConfiguration: {
    path: 'volumes[0].s3filesVolumeConfiguration',
    base: { fileSystemArn: 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-1' },
  },
  TaskDefinitionPlacementConstraint: {
    path: 'placementConstraints[0]',
    base: { type: 'memberOf', expression: 'attribute:ecs.os-type == linux' },
  },
  Tag: { path: 'tags[0]', base: { key: 'team', value: 'payments' } },
  ProxyConfiguration: { path: 'proxyConfiguration', base: { containerName: 'main' } },
  InferenceAccelerator: {
    path: 'inferenceAccelerators[0]',
    base: { deviceName: 'device_1', deviceType: 'eia2.medium' },
  },
  EphemeralStorage: { path: 'ephemeralStorage', base: { sizeInGiB: 30 } },
  RuntimePlatform: { path: 'runtimePlatform', base: {} },
};

/** Keys declared here whose findings come from another layer. */
export const HANDLED_ELSEWHERE: ReadonlySet<string> = new Set([
  'TaskDefinition.compatibilities',
  'TaskDefinition.deleteRequestedAt',
  'TaskDefinition.deregisteredAt',
  'TaskDefinition.registeredAt',
  'TaskDefinition.registeredBy',
  'TaskDefinition.requiresAttributes',
  'TaskDefinition.revision',
  'TaskDefinition.status',
  'TaskDefinition.taskDefinitionArn',
]);

/** specWithSample returns COVERAGE_BASE_SPEC with `sample` set on the member named by `key` (`Shape.member`) at its canonical path. */
export function specWithSample(key: string, sample: unknown): { spec: TaskDefinitionSpec; path: string } {
  const { spec, path } = withSample(key, sample, COVERAGE_BASE_SPEC, SHAPE_PATHS);
  return { spec: spec as unknown as TaskDefinitionSpec, path };
}
