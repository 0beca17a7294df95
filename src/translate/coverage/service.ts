/**
 * SERVICE_COVERAGE: how translateService handles every member of CreateServiceRequest (plus
 * `ServiceSpec.autoScaling`, our Application Auto Scaling extension, and the read-only `Service.*`
 * members of describe output) and of every structure reachable from them.
 *
 * Samples are applied as described in samples.ts (canonical path per shape, e.g.
 * `deploymentConfiguration.alarms` or `loadBalancers[0].targetGroupArn`).
 */
import type { Coverage, Handling } from './types.js';

export { HANDLED_ELSEWHERE, SERVICE_BASE_SPEC, SERVICE_SHAPE_PATHS, withSample } from './samples.js';

const exact = (note: string): Handling => ({ mode: 'exact', note });
const info = (note: string, sample: unknown): Handling => ({ mode: 'info', note, sample });
const approx = (note: string, sample: unknown): Handling => ({ mode: 'approximated', note, sample });
const unsup = (note: string, sample: unknown): Handling => ({ mode: 'unsupported', note, sample });

const NO_ROLLOUT = 'no Kubernetes equivalent (Argo Rollouts / Flagger)';
const NO_MESH = 'no Service Connect proxy in Kubernetes (a mesh would be needed)';
const NO_EBS = 'EBS volumes configured at launch are not created';
const READ_ONLY = 'read-only describe output; accepted and ignored (reported by the parser)';

export const SERVICE_COVERAGE: Coverage = {
  'CreateServiceRequest.availabilityZoneRebalancing': info(
    'zone spread places new pods; nothing moves running pods',
    'ENABLED',
  ),
  'CreateServiceRequest.capacityProviderStrategy': approx(
    'node selector of the primary provider (options.capacityProviders); no weighted split',
    [{ capacityProvider: 'FARGATE' }],
  ),
  'CreateServiceRequest.clientToken': info('apply is idempotent', 'token-1'),
  'CreateServiceRequest.cluster': info('the cluster/namespace is where the resource is applied', 'prod'),
  'CreateServiceRequest.deploymentConfiguration': exact(
    'Deployment strategy, PDB, circuit-breaker annotations (see DeploymentConfiguration)',
  ),
  'CreateServiceRequest.deploymentController': approx('ECS → RollingUpdate; CODE_DEPLOY/EXTERNAL reported', {
    type: 'CODE_DEPLOY',
  }),
  'CreateServiceRequest.desiredCount': exact(
    'Deployment replicas (clamped by autoScaling); ignored for DAEMON with a finding',
  ),
  'CreateServiceRequest.enableECSManagedTags': info('pods carry ecs2eks labels instead', true),
  'CreateServiceRequest.enableExecuteCommand': info('kubectl exec is governed by RBAC', true),
  'CreateServiceRequest.healthCheckGracePeriodSeconds': approx(
    'liveness initialDelaySeconds ≥ grace; progressDeadlineSeconds extended',
    60,
  ),
  'CreateServiceRequest.launchType': info('node selection from options.capacityProviders when configured', 'EC2'),
  'CreateServiceRequest.loadBalancers': approx('ClusterIP Service port; TargetGroupBinding with the integration', [
    {
      containerName: 'app',
      containerPort: 80,
      targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg/1',
    },
  ]),
  'CreateServiceRequest.monitoring': info('CloudWatch metric resolution', {
    metricConfigurations: [{ metricNames: ['CPUUtilization'], resolutionSeconds: 20 }],
  }),
  'CreateServiceRequest.networkConfiguration': unsup(
    'subnets, security groups and public IPs are not per-pod settings',
    { awsvpcConfiguration: { subnets: ['subnet-1'] } },
  ),
  'CreateServiceRequest.placementConstraints': exact(
    'node affinity / pod (anti-)affinity; untranslatable comparisons reported',
  ),
  'CreateServiceRequest.placementStrategy': approx('spread → topology spread constraints; binpack/random reported', [
    { type: 'binpack', field: 'memory' },
  ]),
  'CreateServiceRequest.platformVersion': info('no Fargate platform versions', 'LATEST'),
  'CreateServiceRequest.propagateTags': exact(
    'SERVICE copies service tags to pods; task definition tags label pods in every case',
  ),
  'CreateServiceRequest.role': info('no IAM role for load balancer registration', 'ecsServiceRole'),
  'CreateServiceRequest.schedulingStrategy': exact('REPLICA → Deployment, DAEMON → DaemonSet'),
  'CreateServiceRequest.serviceConnectConfiguration': approx('ClusterIP Services per discovery name / client alias', {
    enabled: true,
    namespace: 'local',
    services: [{ portName: 'http' }],
  }),
  'CreateServiceRequest.serviceName': exact('task group service:<name> (the object names come from the resource name)'),
  'CreateServiceRequest.serviceRegistries': approx(
    'port on the ClusterIP Service (headless for A records); no Cloud Map registration',
    [{ registryArn: 'arn:aws:servicediscovery:us-east-1:1:service/srv-1', containerName: 'app', containerPort: 80 }],
  ),
  'CreateServiceRequest.tags': exact(
    'labels where valid, all tags in the ecs2eks.dev/tags annotation (Info for the others)',
  ),
  'CreateServiceRequest.taskDefinition': exact('resolved by the operator/CLI to the pod template'),
  'CreateServiceRequest.volumeConfigurations': unsup(NO_EBS, [
    { name: 'data', managedEBSVolume: { roleArn: 'arn:aws:iam::1:role/ebs', sizeInGiB: 10 } },
  ]),
  'CreateServiceRequest.vpcLatticeConfigurations': unsup('VPC Lattice needs the AWS Gateway API Controller', [
    { portName: 'http', roleArn: 'arn:aws:iam::1:role/l', targetGroupArn: 'arn:tg' },
  ]),
  'ServiceSpec.autoScaling': approx('HorizontalPodAutoscaler on the Deployment', {
    minCapacity: 1,
    maxCapacity: 4,
    targetTrackingPolicies: [
      {
        policyName: 'cpu',
        targetValue: 50,
        predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    ],
  }),

  'Service.clusterArn': info(READ_ONLY, 'arn:aws:ecs:us-east-1:1:cluster/c'),
  'Service.createdAt': info(READ_ONLY, 1700000000),
  'Service.createdBy': info(READ_ONLY, 'arn:aws:iam::1:user/u'),
  'Service.currentServiceDeployment': info(READ_ONLY, 'arn:d'),
  'Service.currentServiceRevisions': info(READ_ONLY, []),
  'Service.deployments': info(READ_ONLY, []),
  'Service.events': info(READ_ONLY, []),
  'Service.pendingCount': info(READ_ONLY, 0),
  'Service.platformFamily': info(READ_ONLY, 'Linux'),
  'Service.resourceManagementType': info(READ_ONLY, 'CUSTOMER'),
  'Service.roleArn': info(READ_ONLY, 'arn:aws:iam::1:role/r'),
  'Service.runningCount': info(READ_ONLY, 2),
  'Service.serviceArn': info(READ_ONLY, 'arn:s'),
  'Service.status': info(READ_ONLY, 'ACTIVE'),
  'Service.taskSets': info(READ_ONLY, []),

  'AdvancedConfiguration.alternateTargetGroupArn': unsup(NO_ROLLOUT, 'arn:tg2'),
  'AdvancedConfiguration.productionListenerRule': unsup(NO_ROLLOUT, 'arn:rule1'),
  'AdvancedConfiguration.roleArn': unsup(NO_ROLLOUT, 'arn:aws:iam::1:role/bg'),
  'AdvancedConfiguration.testListenerRule': unsup(NO_ROLLOUT, 'arn:rule2'),
  'AutoScaling.maxCapacity': exact('HPA maxReplicas'),
  'AutoScaling.minCapacity': exact('HPA minReplicas (0 raised to 1 with a finding)'),
  'AutoScaling.targetTrackingPolicies': approx('HPA metrics and behavior', [
    {
      policyName: 'cpu',
      targetValue: 60,
      predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
    },
  ]),
  'AwsVpcConfiguration.assignPublicIp': unsup('pods get no public IPs', 'ENABLED'),
  'AwsVpcConfiguration.securityGroups': unsup('needs a SecurityGroupPolicy (VPC CNI)', ['sg-1']),
  'AwsVpcConfiguration.subnets': unsup('pod addresses come from the cluster network', ['subnet-1']),
  'CanaryConfiguration.canaryBakeTimeInMinutes': unsup(NO_ROLLOUT, 10),
  'CanaryConfiguration.canaryPercent': unsup(NO_ROLLOUT, 10),
  'CapacityProviderStrategyItem.base': approx('no weighted split over node pools', 1),
  'CapacityProviderStrategyItem.capacityProvider': approx('node selector from options.capacityProviders', 'FARGATE'),
  'CapacityProviderStrategyItem.weight': approx('no weighted split over node pools', 3),
  'CustomizedMetricSpecification.dimensions': unsup('needs an external metrics adapter', [
    { name: 'Queue', value: 'q' },
  ]),
  'CustomizedMetricSpecification.metricName': unsup('needs an external metrics adapter', 'Backlog'),
  'CustomizedMetricSpecification.namespace': unsup('needs an external metrics adapter', 'App'),
  'CustomizedMetricSpecification.statistic': unsup('needs an external metrics adapter', 'Average'),
  'CustomizedMetricSpecification.unit': unsup('needs an external metrics adapter', 'Count'),
  'DeploymentAlarms.alarmNames': unsup('CloudWatch alarms cannot gate a rollout', ['errors']),
  'DeploymentAlarms.enable': unsup('CloudWatch alarms cannot gate a rollout', true),
  'DeploymentAlarms.rollback': unsup('CloudWatch alarms cannot gate a rollout', true),
  'DeploymentCircuitBreaker.enable': info('annotations; the operator runs the breaker', true),
  'DeploymentCircuitBreaker.resetOnHealthyTask': exact('annotation for the operator'),
  'DeploymentCircuitBreaker.rollback': exact('annotation for the operator'),
  'DeploymentCircuitBreaker.thresholdConfiguration': exact('threshold annotation (circuitBreakerThreshold)'),
  'DeploymentConfiguration.alarms': unsup('CloudWatch alarms cannot gate a rollout', {
    alarmNames: ['errors'],
    enable: true,
    rollback: true,
  }),
  'DeploymentConfiguration.bakeTimeInMinutes': unsup('no bake time in a rolling update', 5),
  'DeploymentConfiguration.canaryConfiguration': unsup(NO_ROLLOUT, { canaryPercent: 10 }),
  'DeploymentConfiguration.deploymentCircuitBreaker': info('annotations; the operator runs the breaker', {
    enable: true,
    rollback: true,
  }),
  'DeploymentConfiguration.lifecycleHooks': unsup(NO_ROLLOUT, [
    { targetType: 'AWS_LAMBDA', hookTargetArn: 'arn:lambda', lifecycleStages: ['PRE_SCALE_UP'] },
  ]),
  'DeploymentConfiguration.linearConfiguration': unsup(NO_ROLLOUT, { stepPercent: 10 }),
  'DeploymentConfiguration.maximumPercent': exact(
    'maxSurge = floor(desired × max / 100) − desired (findings when clamped)',
  ),
  'DeploymentConfiguration.minimumHealthyPercent': exact('maxUnavailable = (100 − min)% and the PDB'),
  'DeploymentConfiguration.strategy': unsup('ROLLING only; others reported', 'BLUE_GREEN'),
  'DeploymentController.type': unsup('CODE_DEPLOY/EXTERNAL are not reproduced', 'EXTERNAL'),
  'DeploymentLifecycleHook.hookDetails': unsup(NO_ROLLOUT, {}),
  'DeploymentLifecycleHook.hookTargetArn': unsup(NO_ROLLOUT, 'arn:lambda'),
  'DeploymentLifecycleHook.lifecycleStages': unsup(NO_ROLLOUT, ['POST_SCALE_UP']),
  'DeploymentLifecycleHook.roleArn': unsup(NO_ROLLOUT, 'arn:aws:iam::1:role/h'),
  'DeploymentLifecycleHook.targetType': unsup(NO_ROLLOUT, 'PAUSE'),
  'DeploymentLifecycleHook.timeoutConfiguration': unsup(NO_ROLLOUT, { timeoutInMinutes: 5 }),
  'DeploymentLifecycleHookTimeoutConfiguration.action': unsup(NO_ROLLOUT, 'ROLLBACK'),
  'DeploymentLifecycleHookTimeoutConfiguration.timeoutInMinutes': unsup(NO_ROLLOUT, 5),
  'EBSTagSpecification.propagateTags': unsup(NO_EBS, 'SERVICE'),
  'EBSTagSpecification.resourceType': unsup(NO_EBS, 'volume'),
  'EBSTagSpecification.tags': unsup(NO_EBS, [{ key: 'k', value: 'v' }]),
  'LinearConfiguration.stepBakeTimeInMinutes': unsup(NO_ROLLOUT, 5),
  'LinearConfiguration.stepPercent': unsup(NO_ROLLOUT, 10),
  'LoadBalancer.advancedConfiguration': unsup(NO_ROLLOUT, { alternateTargetGroupArn: 'arn:tg2' }),
  'LoadBalancer.containerName': exact('selects the container port'),
  'LoadBalancer.containerPort': exact('Service port, targetPort by container port name'),
  'LoadBalancer.loadBalancerName': unsup('a Classic Load Balancer cannot be attached', 'my-clb'),
  'LoadBalancer.targetGroupArn': approx(
    'TargetGroupBinding with the integration; otherwise not registered',
    'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg/1',
  ),
  'LogConfiguration.logDriver': info(NO_MESH, 'awslogs'),
  'LogConfiguration.options': info(NO_MESH, { 'awslogs-group': 'sc' }),
  'LogConfiguration.secretOptions': info(NO_MESH, [{ name: 'k', valueFrom: 'arn:s' }]),
  'MetricConfiguration.metricNames': info('CloudWatch metric resolution', ['MemoryUtilization']),
  'MetricConfiguration.resolutionSeconds': info('CloudWatch metric resolution', 20),
  'MonitoringConfiguration.metricConfigurations': info('CloudWatch metric resolution', [
    { metricNames: ['CPUUtilization'], resolutionSeconds: 20 },
  ]),
  'NetworkConfiguration.awsvpcConfiguration': unsup('not per-pod settings', { subnets: ['subnet-1'] }),
  'PlacementConstraint.expression': approx(
    'cluster query language → affinity; untranslatable comparisons reported',
    'runningTasksCount == 0',
  ),
  'PlacementConstraint.type': exact('distinctInstance → pod anti-affinity; memberOf → affinity'),
  'PlacementStrategy.field': approx('topology key through options.placementAttributes', 'attribute:ecs.ami-id'),
  'PlacementStrategy.type': approx('spread exact; binpack/random reported', 'binpack'),
  'PredefinedMetricSpecification.predefinedMetricType': approx(
    'CPU/memory → Resource metrics; ALB request count reported',
    'ALBRequestCountPerTarget',
  ),
  'PredefinedMetricSpecification.resourceLabel': info(
    'used only by ALBRequestCountPerTarget',
    'app/lb/1/targetgroup/tg/2',
  ),
  'Secret.name': info(NO_MESH, 'token'),
  'Secret.valueFrom': info(NO_MESH, 'arn:aws:ssm:us-east-1:1:parameter/x'),
  'ServiceConnectAccessLogConfiguration.format': unsup(NO_MESH, 'JSON'),
  'ServiceConnectAccessLogConfiguration.includeQueryParameters': unsup(NO_MESH, 'ENABLED'),
  'ServiceConnectClientAlias.dnsName': approx('Service named after the first DNS label', 'api.internal'),
  'ServiceConnectClientAlias.port': exact('Service port'),
  'ServiceConnectClientAlias.testTrafficRules': unsup(NO_ROLLOUT, { header: { name: 'x-canary' } }),
  'ServiceConnectConfiguration.accessLogConfiguration': unsup(NO_MESH, { format: 'JSON' }),
  'ServiceConnectConfiguration.enabled': exact('false: nothing is generated'),
  'ServiceConnectConfiguration.logConfiguration': info(NO_MESH, { logDriver: 'awslogs' }),
  'ServiceConnectConfiguration.namespace': approx('the Kubernetes namespace plays the Cloud Map namespace', 'local'),
  'ServiceConnectConfiguration.services': exact('one Service per discovery name / alias'),
  'ServiceConnectService.clientAliases': exact('one Service per alias dnsName, port = alias port'),
  'ServiceConnectService.discoveryName': approx('Service name (sanitized to a DNS label)', 'Back_End'),
  'ServiceConnectService.ingressPortOverride': unsup(NO_MESH, 15000),
  'ServiceConnectService.portName': exact('targetPort: the named container port'),
  'ServiceConnectService.timeout': unsup(NO_MESH, { idleTimeoutSeconds: 10 }),
  'ServiceConnectService.tls': unsup(NO_MESH, { issuerCertificateAuthority: { awsPcaAuthorityArn: 'arn:pca' } }),
  'ServiceConnectTestTrafficHeaderMatchRules.exact': unsup(NO_ROLLOUT, 'yes'),
  'ServiceConnectTestTrafficHeaderRules.name': unsup(NO_ROLLOUT, 'x-canary'),
  'ServiceConnectTestTrafficHeaderRules.value': unsup(NO_ROLLOUT, { exact: 'yes' }),
  'ServiceConnectTestTrafficRules.header': unsup(NO_ROLLOUT, { name: 'x-canary' }),
  'ServiceConnectTlsCertificateAuthority.awsPcaAuthorityArn': unsup(NO_MESH, 'arn:pca'),
  'ServiceConnectTlsConfiguration.issuerCertificateAuthority': unsup(NO_MESH, { awsPcaAuthorityArn: 'arn:pca' }),
  'ServiceConnectTlsConfiguration.kmsKey': unsup(NO_MESH, 'arn:kms'),
  'ServiceConnectTlsConfiguration.roleArn': unsup(NO_MESH, 'arn:aws:iam::1:role/tls'),
  'ServiceManagedEBSVolumeConfiguration.encrypted': unsup(NO_EBS, true),
  'ServiceManagedEBSVolumeConfiguration.filesystemType': unsup(NO_EBS, 'xfs'),
  'ServiceManagedEBSVolumeConfiguration.iops': unsup(NO_EBS, 3000),
  'ServiceManagedEBSVolumeConfiguration.kmsKeyId': unsup(NO_EBS, 'arn:kms'),
  'ServiceManagedEBSVolumeConfiguration.roleArn': unsup(NO_EBS, 'arn:aws:iam::1:role/ebs2'),
  'ServiceManagedEBSVolumeConfiguration.sizeInGiB': unsup(NO_EBS, 20),
  'ServiceManagedEBSVolumeConfiguration.snapshotId': unsup(NO_EBS, 'snap-1'),
  'ServiceManagedEBSVolumeConfiguration.tagSpecifications': unsup(NO_EBS, [{ resourceType: 'volume' }]),
  'ServiceManagedEBSVolumeConfiguration.throughput': unsup(NO_EBS, 125),
  'ServiceManagedEBSVolumeConfiguration.volumeInitializationRate': unsup(NO_EBS, 100),
  'ServiceManagedEBSVolumeConfiguration.volumeType': unsup(NO_EBS, 'gp3'),
  'ServiceRegistry.containerName': exact('selects the container port'),
  'ServiceRegistry.containerPort': exact('targetPort'),
  'ServiceRegistry.port': exact('Service port'),
  'ServiceRegistry.registryArn': approx(
    'no Cloud Map registration; cluster DNS instead',
    'arn:aws:servicediscovery:us-east-1:1:service/srv-1',
  ),
  'ServiceVolumeConfiguration.managedEBSVolume': unsup(NO_EBS, { roleArn: 'arn:aws:iam::1:role/ebs', sizeInGiB: 10 }),
  'ServiceVolumeConfiguration.name': unsup(NO_EBS, 'scratch'),
  'Tag.key': exact('label key where valid; always in the ecs2eks.dev/tags annotation (Info otherwise)'),
  'Tag.value': exact('label value where valid; always in the ecs2eks.dev/tags annotation (Info otherwise)'),
  'TargetTrackingPolicy.customizedMetricSpecification': unsup('needs an external metrics adapter', {
    metricName: 'Backlog',
  }),
  'TargetTrackingPolicy.disableScaleIn': exact(
    'behavior.scaleDown.selectPolicy Disabled (Approximated when only some policies disable it)',
  ),
  'TargetTrackingPolicy.policyName': exact('names the policy only'),
  'TargetTrackingPolicy.predefinedMetricSpecification': exact('Resource metric for CPU/memory'),
  'TargetTrackingPolicy.scaleInCooldown': approx('scaleDown stabilization window', 60),
  'TargetTrackingPolicy.scaleOutCooldown': approx('scaleUp stabilization window', 60),
  'TargetTrackingPolicy.targetValue': approx('averageUtilization (of requests, not reservations)', 55),
  'ThresholdConfiguration.type': exact('threshold annotation'),
  'ThresholdConfiguration.value': exact('threshold annotation'),
  'TimeoutConfiguration.idleTimeoutSeconds': unsup(NO_MESH, 10),
  'TimeoutConfiguration.perRequestTimeoutSeconds': unsup(NO_MESH, 10),
  'VpcLatticeConfiguration.portName': unsup('VPC Lattice needs the AWS Gateway API Controller', 'http'),
  'VpcLatticeConfiguration.roleArn': unsup(
    'VPC Lattice needs the AWS Gateway API Controller',
    'arn:aws:iam::1:role/l2',
  ),
  'VpcLatticeConfiguration.targetGroupArn': unsup('VPC Lattice needs the AWS Gateway API Controller', 'arn:tg2'),
};
