/**
 * TASK_COVERAGE: how translateTask handles every member of RunTaskRequest and of every structure
 * reachable from it (TaskOverride, ContainerOverride, ...). Overrides are applied to the task
 * definition before the pod template is built, so most of them are exactly the task definition
 * member they replace; findings for those come at that member's path (EQUIVALENT_PATHS).
 *
 * Samples are applied as described in samples.ts.
 */
import type { Coverage, Handling } from './types.js';

export { EQUIVALENT_PATHS, TASK_BASE_SPEC, TASK_SHAPE_PATHS, withSample } from './samples.js';

const exact = (note: string): Handling => ({ mode: 'exact', note });
const info = (note: string, sample: unknown): Handling => ({ mode: 'info', note, sample });
const approx = (note: string, sample: unknown): Handling => ({ mode: 'approximated', note, sample });
const unsup = (note: string, sample: unknown): Handling => ({ mode: 'unsupported', note, sample });

const NO_EBS = 'EBS volumes configured at launch are not created';

export const TASK_COVERAGE: Coverage = {
  'RunTaskRequest.capacityProviderStrategy': approx('node selector of the primary provider; no weighted split', [
    { capacityProvider: 'FARGATE' },
  ]),
  'RunTaskRequest.clientToken': info('Pod names are deterministic; apply is idempotent', 'token-1'),
  'RunTaskRequest.cluster': info('the cluster/namespace is where the resource is applied', 'prod'),
  'RunTaskRequest.count': exact('count Pods named <name>-<i> (1..10)'),
  'RunTaskRequest.enableECSManagedTags': info('pods carry ecs2eks labels instead', true),
  'RunTaskRequest.enableExecuteCommand': info('kubectl exec is governed by RBAC', true),
  'RunTaskRequest.group': exact('ecs2eks.dev/group label (default family:<family>)'),
  'RunTaskRequest.launchType': info('node selection from options.capacityProviders when configured', 'EC2'),
  'RunTaskRequest.networkConfiguration': unsup('subnets, security groups and public IPs are not per-pod settings', {
    awsvpcConfiguration: { subnets: ['subnet-1'] },
  }),
  'RunTaskRequest.overrides': exact('applied to the task definition before the pod template is built'),
  'RunTaskRequest.placementConstraints': exact(
    'node affinity / pod (anti-)affinity; untranslatable comparisons reported',
  ),
  'RunTaskRequest.placementStrategy': approx('spread → topology spread constraints; binpack/random reported', [
    { type: 'binpack', field: 'cpu' },
  ]),
  'RunTaskRequest.platformVersion': info('no Fargate platform versions', 'LATEST'),
  'RunTaskRequest.propagateTags': info(
    'task definition tags label pods in every case; SERVICE has no service here',
    'SERVICE',
  ),
  'RunTaskRequest.referenceId': info('used only inside ECS', 'ref-1'),
  'RunTaskRequest.startedBy': exact('ecs2eks.dev/started-by annotation (verbatim) and label (sanitized)'),
  'RunTaskRequest.tags': exact('labels where valid, all tags in the ecs2eks.dev/tags annotation (Info for the others)'),
  'RunTaskRequest.taskDefinition': exact('resolved by the operator/CLI to the pod template'),
  'RunTaskRequest.volumeConfigurations': unsup(NO_EBS, [
    { name: 'data', managedEBSVolume: { roleArn: 'arn:aws:iam::1:role/ebs', sizeInGiB: 10 } },
  ]),

  'AwsVpcConfiguration.assignPublicIp': unsup('pods get no public IPs', 'ENABLED'),
  'AwsVpcConfiguration.securityGroups': unsup('needs a SecurityGroupPolicy (VPC CNI)', ['sg-1']),
  'AwsVpcConfiguration.subnets': unsup('pod addresses come from the cluster network', ['subnet-1']),
  'CapacityProviderStrategyItem.base': approx('no weighted split over node pools', 1),
  'CapacityProviderStrategyItem.capacityProvider': approx('node selector from options.capacityProviders', 'FARGATE'),
  'CapacityProviderStrategyItem.weight': approx('no weighted split over node pools', 3),
  'ContainerOverride.command': exact('container args'),
  'ContainerOverride.cpu': exact('the container cpu request, as containerDefinitions[].cpu'),
  'ContainerOverride.environment': exact('merged into env, same name replaces'),
  'ContainerOverride.environmentFiles': approx(
    'optional ConfigMap per file, as containerDefinitions[].environmentFiles',
    [{ type: 's3', value: 'arn:aws:s3:::bucket/extra.env' }],
  ),
  'ContainerOverride.memory': exact('the container memory limit, as containerDefinitions[].memory'),
  'ContainerOverride.memoryReservation': exact('the container memory request'),
  'ContainerOverride.name': exact('selects the container (unknown names are an error)'),
  'ContainerOverride.resourceRequirements': exact('extended resources, as containerDefinitions[].resourceRequirements'),
  'EBSTagSpecification.propagateTags': unsup(NO_EBS, 'TASK_DEFINITION'),
  'EBSTagSpecification.resourceType': unsup(NO_EBS, 'volume'),
  'EBSTagSpecification.tags': unsup(NO_EBS, [{ key: 'k', value: 'v' }]),
  'EnvironmentFile.type': exact('only s3 exists'),
  'EnvironmentFile.value': approx('names the ConfigMap to create', 'arn:aws:s3:::bucket/other.env'),
  'EphemeralStorage.sizeInGiB': approx('ephemeral-storage limit of one container', 50),
  'InferenceAcceleratorOverride.deviceName': unsup('Elastic Inference has no Kubernetes equivalent', 'device_2'),
  'InferenceAcceleratorOverride.deviceType': unsup('Elastic Inference has no Kubernetes equivalent', 'eia2.large'),
  'KeyValuePair.name': exact('env[].name'),
  'KeyValuePair.value': exact('env[].value'),
  'NetworkConfiguration.awsvpcConfiguration': unsup('not per-pod settings', { subnets: ['subnet-1'] }),
  'PlacementConstraint.expression': approx(
    'cluster query language → affinity; untranslatable comparisons reported',
    'agentConnected == true',
  ),
  'PlacementConstraint.type': exact('distinctInstance → pod anti-affinity on the task group; memberOf → affinity'),
  'PlacementStrategy.field': approx('topology key through options.placementAttributes', 'attribute:ecs.vpc-id'),
  'PlacementStrategy.type': approx('spread exact; binpack/random reported', 'random'),
  'ResourceRequirement.type': exact('selects the extended resource'),
  'ResourceRequirement.value': approx('a device count; ALL has no equivalent', 'ALL'),
  'Tag.key': exact('label key where valid; always in the ecs2eks.dev/tags annotation'),
  'Tag.value': exact('label value where valid; always in the ecs2eks.dev/tags annotation'),
  'TaskManagedEBSVolumeConfiguration.encrypted': unsup(NO_EBS, true),
  'TaskManagedEBSVolumeConfiguration.filesystemType': unsup(NO_EBS, 'ext4'),
  'TaskManagedEBSVolumeConfiguration.iops': unsup(NO_EBS, 3000),
  'TaskManagedEBSVolumeConfiguration.kmsKeyId': unsup(NO_EBS, 'arn:kms'),
  'TaskManagedEBSVolumeConfiguration.roleArn': unsup(NO_EBS, 'arn:aws:iam::1:role/ebs2'),
  'TaskManagedEBSVolumeConfiguration.sizeInGiB': unsup(NO_EBS, 20),
  'TaskManagedEBSVolumeConfiguration.snapshotId': unsup(NO_EBS, 'snap-1'),
  'TaskManagedEBSVolumeConfiguration.tagSpecifications': unsup(NO_EBS, [{ resourceType: 'volume' }]),
  'TaskManagedEBSVolumeConfiguration.terminationPolicy': unsup(NO_EBS, { deleteOnTermination: false }),
  'TaskManagedEBSVolumeConfiguration.throughput': unsup(NO_EBS, 125),
  'TaskManagedEBSVolumeConfiguration.volumeInitializationRate': unsup(NO_EBS, 100),
  'TaskManagedEBSVolumeConfiguration.volumeType': unsup(NO_EBS, 'gp3'),
  'TaskManagedEBSVolumeTerminationPolicy.deleteOnTermination': unsup(NO_EBS, false),
  'TaskOverride.containerOverrides': exact('per-container overrides (see ContainerOverride)'),
  'TaskOverride.cpu': approx('pod-level cpu, as the task definition cpu', '1024'),
  'TaskOverride.ephemeralStorage': approx('as the task definition ephemeralStorage', { sizeInGiB: 40 }),
  'TaskOverride.executionRoleArn': info(
    'as the task definition executionRoleArn: not used',
    'arn:aws:iam::1:role/exec',
  ),
  'TaskOverride.inferenceAcceleratorOverrides': unsup('Elastic Inference has no Kubernetes equivalent', [
    { deviceName: 'd1', deviceType: 'eia2.medium' },
  ]),
  'TaskOverride.memory': approx('pod-level memory, as the task definition memory', '2048'),
  'TaskOverride.taskRoleArn': approx(
    'ServiceAccount with the IRSA annotation, as the task definition taskRoleArn',
    'arn:aws:iam::1:role/task',
  ),
  'TaskVolumeConfiguration.managedEBSVolume': unsup(NO_EBS, { roleArn: 'arn:aws:iam::1:role/ebs', sizeInGiB: 10 }),
  'TaskVolumeConfiguration.name': unsup(NO_EBS, 'scratch'),
};
