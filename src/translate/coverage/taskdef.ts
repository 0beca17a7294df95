/**
 * TASKDEF_COVERAGE: how the pod-template translation handles every member of
 * RegisterTaskDefinitionRequest (plus the read-only `TaskDefinition.*` members of describe output)
 * and of every structure reachable from it.
 *
 * Samples are applied as described in taskdef-samples.ts.
 */
import { SM } from './taskdef-samples.js';
import type { Coverage } from './types.js';

export { COVERAGE_BASE_SPEC, HANDLED_ELSEWHERE, SHAPE_PATHS, specWithSample } from './taskdef-samples.js';

export const TASKDEF_COVERAGE: Coverage = {
  // RegisterTaskDefinitionRequest
  'RegisterTaskDefinitionRequest.containerDefinitions': {
    mode: 'exact',
    note: 'spec.containers and spec.initContainers (essential/dependsOn decide which)',
  },
  'RegisterTaskDefinitionRequest.cpu': {
    mode: 'approximated',
    note: 'pod-level resources (Info) or divided over container limits (Approximated)',
    sample: '512',
  },
  'RegisterTaskDefinitionRequest.enableFaultInjection': {
    mode: 'info',
    note: 'no fault injection endpoints',
    sample: true,
  },
  'RegisterTaskDefinitionRequest.ephemeralStorage': {
    mode: 'approximated',
    note: 'ephemeral-storage limit of the first essential container',
    sample: { sizeInGiB: 40 },
  },
  'RegisterTaskDefinitionRequest.executionRoleArn': {
    mode: 'info',
    note: 'kubelet pulls images, Secrets are read by the pod',
    sample: 'arn:aws:iam::123456789012:role/exec',
  },
  'RegisterTaskDefinitionRequest.family': { mode: 'exact', note: 'workload names and labels (Service/Task layer)' },
  'RegisterTaskDefinitionRequest.inferenceAccelerators': {
    mode: 'unsupported',
    note: 'Elastic Inference is retired',
    sample: [{ deviceName: 'd1', deviceType: 'eia2.medium' }],
  },
  'RegisterTaskDefinitionRequest.ipcMode': {
    mode: 'approximated',
    note: 'host → hostIPC (host-namespace policy); task → default; none → unsupported',
    sample: 'none',
  },
  'RegisterTaskDefinitionRequest.memory': {
    mode: 'approximated',
    note: 'pod-level resources (Info) or divided over container limits (Approximated)',
    sample: '1 GB',
  },
  'RegisterTaskDefinitionRequest.networkMode': {
    mode: 'approximated',
    note: 'awsvpc → pod network; bridge → pod network (finding); host → hostNetwork (policy); none → unsupported',
    sample: 'bridge',
  },
  'RegisterTaskDefinitionRequest.pidMode': {
    mode: 'exact',
    note: 'task → shareProcessNamespace; host → hostPID (host-namespace policy)',
  },
  'RegisterTaskDefinitionRequest.placementConstraints': {
    mode: 'exact',
    note: 'passed through untouched; node affinity by the Service/Task layer',
  },
  'RegisterTaskDefinitionRequest.proxyConfiguration': {
    mode: 'unsupported',
    note: 'App Mesh proxy redirection',
    sample: { containerName: 'main', type: 'APPMESH' },
  },
  'RegisterTaskDefinitionRequest.requiresCompatibilities': {
    mode: 'info',
    note: 'FARGATE → Fargate node selection when that integration is on',
    sample: ['EC2'],
  },
  'RegisterTaskDefinitionRequest.runtimePlatform': {
    mode: 'exact',
    note: 'nodeSelector kubernetes.io/os and kubernetes.io/arch',
  },
  'RegisterTaskDefinitionRequest.tags': {
    mode: 'approximated',
    note: 'pod labels where valid, else annotations',
    sample: [{ key: 'team', value: 'a' }],
  },
  'RegisterTaskDefinitionRequest.taskRoleArn': {
    mode: 'approximated',
    note: 'ServiceAccount with eks.amazonaws.com/role-arn (IRSA); the role must trust the cluster OIDC provider',
    sample: 'arn:aws:iam::123456789012:role/app',
  },
  'RegisterTaskDefinitionRequest.volumes': { mode: 'exact', note: 'spec.volumes (see Volume)' },
  // Read-only describe members (reported by the parser)
  'TaskDefinition.compatibilities': { mode: 'info', note: 'read-only; ignored', sample: ['EC2'] },
  'TaskDefinition.deleteRequestedAt': { mode: 'info', note: 'read-only; ignored', sample: '2024-01-01T00:00:00Z' },
  'TaskDefinition.deregisteredAt': { mode: 'info', note: 'read-only; ignored', sample: '2024-01-01T00:00:00Z' },
  'TaskDefinition.registeredAt': { mode: 'info', note: 'read-only; ignored', sample: '2024-01-01T00:00:00Z' },
  'TaskDefinition.registeredBy': {
    mode: 'info',
    note: 'read-only; ignored',
    sample: 'arn:aws:iam::123456789012:user/me',
  },
  'TaskDefinition.requiresAttributes': {
    mode: 'info',
    note: 'read-only; ignored',
    sample: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
  },
  'TaskDefinition.revision': { mode: 'info', note: 'read-only; revisions are the operator’s own', sample: 3 },
  'TaskDefinition.status': { mode: 'info', note: 'read-only; ignored', sample: 'ACTIVE' },
  'TaskDefinition.taskDefinitionArn': {
    mode: 'info',
    note: 'read-only; ignored',
    sample: 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:3',
  },
  ...CONTAINER_COVERAGE(),
  ...NESTED_COVERAGE(),
  ...VOLUME_COVERAGE(),
};

function CONTAINER_COVERAGE(): Coverage {
  const c = (m: string): string => `ContainerDefinition.${m}`;
  return {
    [c('command')]: { mode: 'exact', note: 'args (Docker CMD)' },
    [c('cpu')]: { mode: 'exact', note: 'requests.cpu = ceil(units × 1000 / 1024) m; no limit (shares)' },
    [c('credentialSpecs')]: {
      mode: 'unsupported',
      note: 'gMSA credential specs',
      sample: ['credentialspec:arn:aws:ssm:us-east-1:123456789012:parameter/spec'],
    },
    [c('dependsOn')]: {
      mode: 'exact',
      note: 'START/HEALTHY → native sidecar (+startupProbe), SUCCESS/COMPLETE → init container, topological order',
    },
    [c('disableNetworking')]: { mode: 'unsupported', note: 'containers share the pod network', sample: true },
    [c('dnsSearchDomains')]: { mode: 'exact', note: 'pod dnsConfig.searches (union; finding when containers differ)' },
    [c('dnsServers')]: {
      mode: 'exact',
      note: 'pod dnsConfig.nameservers + dnsPolicy None (union; finding when containers differ)',
    },
    [c('dockerLabels')]: {
      mode: 'approximated',
      note: 'pod labels where valid, else annotations',
      sample: { team: 'a' },
    },
    [c('dockerSecurityOptions')]: {
      mode: 'approximated',
      note: 'no-new-privileges, apparmor:, label:, seccomp:unconfined translated; others unsupported',
      sample: ['credentialspec:file://spec.json'],
    },
    [c('entryPoint')]: { mode: 'exact', note: 'command (Docker ENTRYPOINT)' },
    [c('environment')]: { mode: 'exact', note: 'env in declaration order; repeated names keep the last value (Info)' },
    [c('environmentFiles')]: {
      mode: 'approximated',
      note: 'envFrom of an optional ConfigMap the user fills from S3',
      sample: [{ type: 's3', value: 'arn:aws:s3:::bucket/other.env' }],
    },
    [c('essential')]: {
      mode: 'approximated',
      note: 'no such concept; non-essential → regular container (Service) or native sidecar (Task)',
      sample: false,
    },
    [c('extraHosts')]: { mode: 'exact', note: 'pod hostAliases (union; finding when containers differ)' },
    [c('firelensConfiguration')]: { mode: 'unsupported', note: 'no FireLens log routing', sample: { type: 'fluentd' } },
    [c('healthCheck')]: {
      mode: 'approximated',
      note: 'exec readiness probe; liveness for essential Service containers; startup for startPeriod',
      sample: { command: ['CMD', 'true'] },
    },
    [c('hostname')]: {
      mode: 'approximated',
      note: 'pod hostname (one per pod, a DNS label)',
      sample: 'My_Host.example.com',
    },
    [c('image')]: { mode: 'exact', note: 'image' },
    [c('interactive')]: { mode: 'exact', note: 'stdin' },
    [c('links')]: { mode: 'approximated', note: 'hostAliases to 127.0.0.1', sample: ['peer:backend'] },
    [c('linuxParameters')]: { mode: 'exact', note: 'see LinuxParameters' },
    [c('logConfiguration')]: {
      mode: 'info',
      note: 'stdout/stderr collected by the cluster log agent',
      sample: { logDriver: 'json-file' },
    },
    [c('memory')]: { mode: 'exact', note: 'limits.memory (and requests.memory without memoryReservation)' },
    [c('memoryReservation')]: { mode: 'exact', note: 'requests.memory' },
    [c('mountPoints')]: { mode: 'exact', note: 'volumeMounts with sanitized volume names' },
    [c('name')]: { mode: 'info', note: 'sanitized to a DNS-1123 label; every reference rewritten', sample: 'Main_App' },
    [c('portMappings')]: { mode: 'exact', note: 'ports (see PortMapping)' },
    [c('privileged')]: { mode: 'exact', note: 'securityContext.privileged (policy)' },
    [c('pseudoTerminal')]: { mode: 'exact', note: 'tty' },
    [c('readonlyRootFilesystem')]: { mode: 'exact', note: 'securityContext.readOnlyRootFilesystem' },
    [c('repositoryCredentials')]: {
      mode: 'approximated',
      note: 'imagePullSecrets with a deterministic Secret name the user creates',
      sample: { credentialsParameter: `${SM}other-AbCdEf` },
    },
    [c('resourceRequirements')]: {
      mode: 'approximated',
      note: 'GPU → nvidia.com/gpu, NeuronDevice → aws.amazon.com/neuron; InferenceAccelerator unsupported',
      sample: [{ type: 'InferenceAccelerator', value: 'device_1' }],
    },
    [c('restartPolicy')]: {
      mode: 'approximated',
      note: 'Kubernetes restart semantics differ (see ContainerRestartPolicy)',
      sample: { enabled: true, restartAttemptPeriod: 60 },
    },
    [c('secrets')]: {
      mode: 'approximated',
      note: 'secretKeyRef to a Secret named from the ARN; optional ExternalSecret',
      sample: [{ name: 'TOKEN', valueFrom: '/app/token' }],
    },
    [c('startTimeout')]: { mode: 'unsupported', note: 'no dependency wait limit', sample: 60 },
    [c('stopTimeout')]: {
      mode: 'approximated',
      note: 'terminationGracePeriodSeconds = max(stopTimeouts, 30), pod-wide',
      sample: 10,
    },
    [c('systemControls')]: {
      mode: 'exact',
      note: 'pod securityContext.sysctls (union; conflicts and unsafe sysctls reported)',
    },
    [c('ulimits')]: {
      mode: 'unsupported',
      note: 'no ulimit API',
      sample: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
    },
    [c('user')]: {
      mode: 'approximated',
      note: 'numeric uid[:gid] → runAsUser/runAsGroup; names unsupported',
      sample: 'nginx',
    },
    [c('versionConsistency')]: { mode: 'info', note: 'image tags are not pinned to digests', sample: 'disabled' },
    [c('volumesFrom')]: {
      mode: 'approximated',
      note: "the source container's task volumes at the same paths",
      sample: [{ sourceContainer: 'aux' }],
    },
    [c('workingDirectory')]: { mode: 'exact', note: 'workingDir' },
  };
}

function NESTED_COVERAGE(): Coverage {
  const unsupported = (note: string, sample: unknown) => ({ mode: 'unsupported' as const, note, sample });
  const exact = (note: string) => ({ mode: 'exact' as const, note });
  return {
    'PortMapping.appProtocol': exact(
      'appProtocol of the Service port (http, kubernetes.io/h2c, grpc), via PodTemplateResult.ports',
    ),
    'PortMapping.containerPort': exact('ports[].containerPort'),
    'PortMapping.containerPortRange': {
      mode: 'approximated',
      note: `expanded into single ports up to a cap`,
      sample: '7000-7001',
    },
    'PortMapping.hostPort': {
      mode: 'approximated',
      note: 'bridge fixed → hostPort; dynamic (0) and awsvpc mismatches reported',
      sample: 0,
    },
    'PortMapping.name': {
      mode: 'info',
      note: 'made a valid, unique IANA service name (≤15)',
      sample: 'Http_Port_Name',
    },
    'PortMapping.protocol': exact('uppercased TCP/UDP'),
    'ContainerRestartPolicy.enabled': {
      mode: 'approximated',
      note: 'Service pods always restart; Task pods never',
      sample: false,
    },
    'ContainerRestartPolicy.ignoredExitCodes': unsupported('restarts ignore exit codes', [1]),
    'ContainerRestartPolicy.restartAttemptPeriod': unsupported('kubelet back-off instead', 60),
    'KeyValuePair.name': exact('env[].name'),
    'KeyValuePair.value': exact('env[].value'),
    'EnvironmentFile.type': exact('only s3 exists'),
    'EnvironmentFile.value': {
      mode: 'approximated',
      note: 'names the ConfigMap to create',
      sample: 'arn:aws:s3:::bucket/other.env',
    },
    'MountPoint.containerPath': exact('volumeMounts[].mountPath'),
    'MountPoint.readOnly': exact('volumeMounts[].readOnly'),
    'MountPoint.sourceVolume': exact('volumeMounts[].name (sanitized)'),
    'VolumeFrom.readOnly': { mode: 'approximated', note: 'forces readOnly on the copied mounts', sample: true },
    'VolumeFrom.sourceContainer': {
      mode: 'approximated',
      note: "copies that container's task-volume mounts",
      sample: 'aux',
    },
    'LinuxParameters.capabilities': exact('securityContext.capabilities (added ones under policy)'),
    'LinuxParameters.devices': unsupported('needs a device plugin or privileged hostPath', [{ hostPath: '/dev/fuse' }]),
    'LinuxParameters.initProcessEnabled': unsupported('no per-container init; use tini in the image', true),
    'LinuxParameters.maxSwap': unsupported('swap is a node setting', 0),
    'LinuxParameters.sharedMemorySize': exact('emptyDir medium Memory at /dev/shm with sizeLimit'),
    'LinuxParameters.swappiness': unsupported('no per-container swappiness', 10),
    'LinuxParameters.tmpfs': exact('emptyDir medium Memory with sizeLimit'),
    'KernelCapabilities.add': exact('capabilities.add (policy addedCapabilities)'),
    'KernelCapabilities.drop': exact('capabilities.drop'),
    'Device.containerPath': unsupported('devices are not exposed', '/dev/x'),
    'Device.hostPath': unsupported('devices are not exposed', '/dev/net/tun'),
    'Device.permissions': unsupported('no device cgroup control', ['read']),
    'Tmpfs.containerPath': exact('mountPath'),
    'Tmpfs.mountOptions': { mode: 'approximated', note: 'ro → readOnly; others unsupported', sample: ['noexec'] },
    'Tmpfs.size': exact('emptyDir sizeLimit'),
    'Secret.name': exact('env[].name'),
    'Secret.valueFrom': {
      mode: 'approximated',
      note: 'secretKeyRef; Secret made by the user or an ExternalSecret',
      sample: '/app/other',
    },
    'ContainerDependency.condition': {
      mode: 'approximated',
      note: 'START/HEALTHY/SUCCESS exact; COMPLETE requires exit 0 in Kubernetes',
      sample: 'COMPLETE',
    },
    'ContainerDependency.containerName': exact('rewritten to the sanitized name'),
    'HostEntry.hostname': exact('hostAliases[].hostnames'),
    'HostEntry.ipAddress': exact('hostAliases[].ip'),
    'Ulimit.hardLimit': unsupported('no ulimit API', 8192),
    'Ulimit.name': unsupported('no ulimit API', 'core'),
    'Ulimit.softLimit': unsupported('no ulimit API', 2048),
    'LogConfiguration.logDriver': { mode: 'info', note: 'stdout/stderr logging', sample: 'splunk' },
    'LogConfiguration.options': {
      mode: 'info',
      note: 'listed in the finding for the log agent',
      sample: { 'awslogs-group': '/ecs/app' },
    },
    'LogConfiguration.secretOptions': unsupported('belongs in the log agent configuration', [
      { name: 'token', valueFrom: '/log/token' },
    ]),
    'HealthCheck.command': exact('exec command: CMD → rest, CMD-SHELL → /bin/sh -c; unprefixed reported'),
    'HealthCheck.interval': exact('periodSeconds (default 30)'),
    'HealthCheck.retries': exact('failureThreshold (default 3)'),
    'HealthCheck.startPeriod': exact('startupProbe failureThreshold ceil(startPeriod/interval) + retries'),
    'HealthCheck.timeout': exact('timeoutSeconds (default 5)'),
    'SystemControl.namespace': exact('sysctls[].name'),
    'SystemControl.value': exact('sysctls[].value'),
    'ResourceRequirement.type': exact('selects nvidia.com/gpu or aws.amazon.com/neuron'),
    'ResourceRequirement.value': { mode: 'approximated', note: 'a device count; ALL has no equivalent', sample: 'ALL' },
    'FirelensConfiguration.options': unsupported('no FireLens', { 'enable-ecs-log-metadata': 'true' }),
    'FirelensConfiguration.type': unsupported('no FireLens', 'fluentd'),
    'RepositoryCredentials.credentialsParameter': {
      mode: 'approximated',
      note: 'imagePullSecrets name derived from it',
      sample: `${SM}hub-AbCdEf`,
    },
    'TaskDefinitionPlacementConstraint.expression': exact(
      'node affinity by the Service/Task layer (query-language.ts)',
    ),
    'TaskDefinitionPlacementConstraint.type': exact('memberOf only; Service/Task layer'),
    'Tag.key': { mode: 'approximated', note: 'label or annotation key', sample: 'aws:cloudformation:stack-name' },
    'Tag.value': { mode: 'approximated', note: 'label value where valid, else annotation', sample: 'has spaces' },
    'ProxyConfiguration.containerName': unsupported('App Mesh', 'peer'),
    'ProxyConfiguration.properties': unsupported('App Mesh', [{ name: 'AppPorts', value: '8080' }]),
    'ProxyConfiguration.type': unsupported('App Mesh', 'APPMESH'),
    'InferenceAccelerator.deviceName': unsupported('Elastic Inference', 'device_2'),
    'InferenceAccelerator.deviceType': unsupported('Elastic Inference', 'eia2.large'),
    'EphemeralStorage.sizeInGiB': {
      mode: 'approximated',
      note: 'ephemeral-storage limit of one container',
      sample: 50,
    },
    'RuntimePlatform.cpuArchitecture': exact('nodeSelector kubernetes.io/arch (amd64/arm64)'),
    'RuntimePlatform.operatingSystemFamily': {
      mode: 'approximated',
      note: 'kubernetes.io/os (+ windows-build); FULL/CORE not distinguished',
      sample: 'WINDOWS_SERVER_2022_CORE',
    },
  };
}

function VOLUME_COVERAGE(): Coverage {
  const unsupported = (note: string, sample: unknown) => ({ mode: 'unsupported' as const, note, sample });
  const exact = (note: string) => ({ mode: 'exact' as const, note });
  return {
    'Volume.configuredAtLaunch': {
      mode: 'approximated',
      note: 'emptyDir placeholder until the Service/Task volumeConfigurations fill it',
      sample: true,
    },
    'Volume.dockerVolumeConfiguration': {
      mode: 'approximated',
      note: 'emptyDir (no image seeding, pod lifetime)',
      sample: { scope: 'task', driver: 'local' },
    },
    'Volume.efsVolumeConfiguration': {
      mode: 'approximated',
      note: 'PersistentVolume + claim for the EFS CSI driver (integration), else emptyDir',
      sample: { fileSystemId: 'fs-87654321' },
    },
    'Volume.fsxWindowsFileServerVolumeConfiguration': unsupported('FSx for Windows', {
      fileSystemId: 'fs-1',
      rootDirectory: '\\data',
      authorizationConfig: { credentialsParameter: `${SM}fsx-AbCdEf`, domain: 'corp.example.com' },
    }),
    'Volume.host': exact('hostPath (policy) with sourcePath, else emptyDir'),
    'Volume.name': exact('sanitized DNS-1123 label; mountPoints rewritten'),
    'Volume.s3filesVolumeConfiguration': unsupported('Amazon S3 Files', {
      fileSystemArn: 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-2',
    }),
    'HostVolumeProperties.sourcePath': exact('hostPath DirectoryOrCreate (policy hostPath)'),
    'DockerVolumeConfiguration.autoprovision': unsupported('nothing to provision', true),
    'DockerVolumeConfiguration.driver': unsupported('volume plugins unavailable', 'rexray/ebs'),
    'DockerVolumeConfiguration.driverOpts': unsupported('driver options ignored', { type: 'nfs' }),
    'DockerVolumeConfiguration.labels': { mode: 'info', note: 'no labels on emptyDir', sample: { team: 'a' } },
    'DockerVolumeConfiguration.scope': {
      mode: 'approximated',
      note: 'task → emptyDir; shared data is not kept',
      sample: 'shared',
    },
    'EFSVolumeConfiguration.authorizationConfig': exact('see EFSAuthorizationConfig'),
    'EFSVolumeConfiguration.fileSystemId': exact('PersistentVolume csi.volumeHandle'),
    'EFSVolumeConfiguration.rootDirectory': exact('volumeHandle path segment'),
    'EFSVolumeConfiguration.transitEncryption': exact('mountOptions tls'),
    'EFSVolumeConfiguration.transitEncryptionPort': exact('mountOptions tlsport'),
    'EFSAuthorizationConfig.accessPointId': exact('volumeHandle access point segment'),
    'EFSAuthorizationConfig.iam': {
      mode: 'info',
      note: 'mountOptions iam; uses the CSI driver identity',
      sample: 'ENABLED',
    },
    'FSxWindowsFileServerVolumeConfiguration.authorizationConfig': unsupported('FSx for Windows', {
      credentialsParameter: `${SM}fsx2-AbCdEf`,
      domain: 'ad.example.com',
    }),
    'FSxWindowsFileServerVolumeConfiguration.fileSystemId': unsupported('FSx for Windows', 'fs-2'),
    'FSxWindowsFileServerVolumeConfiguration.rootDirectory': unsupported('FSx for Windows', '\\other'),
    'FSxWindowsFileServerAuthorizationConfig.credentialsParameter': unsupported('FSx for Windows', `${SM}fsx3-AbCdEf`),
    'FSxWindowsFileServerAuthorizationConfig.domain': unsupported('FSx for Windows', 'other.example.com'),
    'S3FilesVolumeConfiguration.accessPointArn': unsupported(
      'Amazon S3 Files',
      'arn:aws:s3files:us-east-1:123456789012:access-point/ap-1',
    ),
    'S3FilesVolumeConfiguration.fileSystemArn': unsupported(
      'Amazon S3 Files',
      'arn:aws:s3files:us-east-1:123456789012:file-system/fs-3',
    ),
    'S3FilesVolumeConfiguration.rootDirectory': unsupported('Amazon S3 Files', '/data'),
    'S3FilesVolumeConfiguration.transitEncryptionPort': unsupported('Amazon S3 Files', 12049),
  };
}
