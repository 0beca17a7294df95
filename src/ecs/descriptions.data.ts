/**
 * Descriptions of the ECS members for the CRD schemas (what `kubectl explain` prints), keyed
 * `Shape.member`. Written in our own words from reference/ecs-mapping.md and DESIGN.md.
 * `TaskDefinition.status` and `Service.status` are the read-only describe-output members inside
 * `spec`; the custom resources' own status uses `TaskDefinitionResource.status` and
 * `ServiceResource.status` (`*Resource.spec`/`*Resource.status` exist for all three kinds).
 */
export const DESCRIPTIONS: Record<string, string> = {
  'AdvancedConfiguration.alternateTargetGroupArn':
    'Blue/green only: ARN of the second target group, the one that receives the new revision. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'AdvancedConfiguration.productionListenerRule':
    'Blue/green only: ARN of the ALB listener rule (or NLB listener) that carries live traffic. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'AdvancedConfiguration.roleArn':
    'Blue/green only: IAM role ECS assumes to switch load balancer listeners during a deployment. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'AdvancedConfiguration.testListenerRule':
    'Blue/green only: ARN of the listener rule or listener that sends test traffic to the new revision before cut-over. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'AutoScaling.maxCapacity': "Most tasks auto scaling may run. Becomes the HPA's `maxReplicas`.",
  'AutoScaling.minCapacity':
    "Fewest tasks auto scaling may leave running. Becomes the HPA's `minReplicas` (at least 1 unless the cluster allows scaling to zero).",
  'AutoScaling.targetTrackingPolicies':
    "Policies that keep a metric close to a target value. Become the HPA's metrics and scaling behaviour.",
  'AwsVpcConfiguration.assignPublicIp':
    "ENABLED or DISABLED (the default): whether each task's network interface gets a public IP. Pods have no per-workload public IP, so ENABLED is reported as a finding.",
  'AwsVpcConfiguration.securityGroups':
    "Up to 5 security group IDs for the task's network interface. Pods have no per-workload security groups in core Kubernetes; ecs2eks reports it as a finding.",
  'AwsVpcConfiguration.subnets':
    'Subnet IDs (up to 16, all in one VPC) where the task interfaces are placed. Pods get addresses from the node network, so ecs2eks reports it as a finding.',
  'CanaryConfiguration.canaryBakeTimeInMinutes':
    'CANARY strategy: minutes the canary share of traffic stays on the new revision before the rest moves. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'CanaryConfiguration.canaryPercent':
    'CANARY strategy: percentage (may be fractional) of production traffic that moves to the new revision first. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'CapacityProviderStrategyItem.base':
    'Minimum number of tasks placed on this provider before the weights are applied (0-100000; only one item may set it). No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'CapacityProviderStrategyItem.capacityProvider':
    'Short name of the capacity provider, e.g. FARGATE, FARGATE_SPOT or an Auto Scaling group provider. The closest Kubernetes form is node affinity on a capacity-type or node-pool label.',
  'CapacityProviderStrategyItem.weight':
    'Relative share (0-1000) of the tasks launched on this provider once the base is met. One Kubernetes workload cannot be split by weight; ecs2eks reports it as a finding.',
  'ContainerDefinition.command':
    "Arguments for the image's entry point, as Docker CMD. Becomes the container's `args`.",
  'ContainerDefinition.cpu':
    'CPU units reserved for the container (1024 = 1 vCPU); on Linux a relative share, not a cap. Becomes a CPU request in millicores (units x 1000 / 1024, rounded up) and no CPU limit.',
  'ContainerDefinition.credentialSpecs':
    'At most one SSM or S3 ARN of a credential spec file for Active Directory (gMSA) authentication. Only Windows gMSA settings come close; otherwise ecs2eks reports it as a finding.',
  'ContainerDefinition.dependsOn':
    'Containers that must reach a condition before this one starts (and stop after it). Drives init/sidecar ordering: START and HEALTHY targets become native sidecars, SUCCESS and COMPLETE targets init containers.',
  'ContainerDefinition.disableNetworking':
    'When true, the container runs without networking. All containers of a pod share one network namespace, so ecs2eks reports it as a finding.',
  'ContainerDefinition.dnsSearchDomains':
    "DNS search domains for the container. Kubernetes sets DNS per pod, so the values of all containers are merged into the pod's `dnsConfig.searches`.",
  'ContainerDefinition.dnsServers':
    'DNS server addresses for the container. Kubernetes sets DNS per pod, so the values of all containers are merged into `dnsConfig.nameservers` with `dnsPolicy: None`.',
  'ContainerDefinition.dockerLabels':
    'Docker labels for the container. Kubernetes containers carry no labels, so they go on the pod: as labels where the values are valid, otherwise as annotations.',
  'ContainerDefinition.dockerSecurityOptions':
    'Docker security options such as `no-new-privileges`, `apparmor:PROFILE` or `label:...` (not on Fargate). Known forms become `securityContext` settings; anything else is reported as a finding.',
  'ContainerDefinition.entryPoint': "Replaces the image's ENTRYPOINT. Becomes the container's `command`.",
  'ContainerDefinition.environment':
    "Plain-text environment variables as name/value pairs. Become the container's `env`.",
  'ContainerDefinition.environmentFiles':
    'Up to 10 `.env` files in S3 whose VAR=VALUE lines join the environment; `environment` wins on conflicts. Kubernetes cannot read them from S3 (the counterpart is `envFrom` a ConfigMap); reported as a finding.',
  'ContainerDefinition.essential':
    'Default true: when an essential container stops, ECS stops the whole task. `essential: false` makes the container a native sidecar (an init container with `restartPolicy: Always`).',
  'ContainerDefinition.extraHosts':
    "Extra hostname/IP lines for the container's /etc/hosts (not with awsvpc). Kubernetes sets them per pod, so they become the pod's `hostAliases`.",
  'ContainerDefinition.firelensConfiguration':
    "Makes this container the task's FireLens log router (Fluent Bit or Fluentd). No Kubernetes equivalent; ecs2eks reports it as a finding.",
  'ContainerDefinition.healthCheck':
    'Command ECS runs inside the container to judge its health. Becomes exec probes: a startup probe when `startPeriod` is set, a readiness probe, and a liveness probe for essential containers.',
  'ContainerDefinition.hostname':
    "Hostname seen inside the container (not with awsvpc). Kubernetes has one hostname per pod, so it becomes the pod's `hostname`.",
  'ContainerDefinition.image':
    "Image to run: repository[:tag] or repository@sha256:digest; short names resolve on Docker Hub as usual. Becomes the container's `image`.",
  'ContainerDefinition.interactive':
    'When true, stdin stays open so the process can read input. Becomes `stdin: true`.',
  'ContainerDefinition.links':
    'Bridge-mode links (`name:alias`) that let containers find each other by name. Pod containers share localhost, so the names become `hostAliases` for 127.0.0.1.',
  'ContainerDefinition.linuxParameters':
    'Linux-only settings for the container: capabilities, devices, an init process, /dev/shm size, tmpfs mounts and swap.',
  'ContainerDefinition.logConfiguration':
    'Log driver and options for the container output. Kubernetes collects stdout/stderr on the node instead, so the driver is reported as a finding and its options kept as annotations for a log agent.',
  'ContainerDefinition.memory':
    'Hard memory limit in MiB; the container is killed when it exceeds it. Becomes the memory limit, and also the memory request when `memoryReservation` is not set.',
  'ContainerDefinition.memoryReservation':
    'Soft memory amount in MiB that ECS reserves for the container when placing tasks. Becomes the memory request.',
  'ContainerDefinition.mountPoints':
    "Volumes from the task's `volumes` list to mount into this container. Become the container's `volumeMounts`.",
  'ContainerDefinition.name':
    'Container name, unique in the task (up to 255 letters, digits, `_` and `-`). Sanitized into a DNS-1123 label; every reference to it is rewritten to match.',
  'ContainerDefinition.portMappings':
    "Ports the container listens on. Become the container's `ports` and feed the Kubernetes Service generated for load balancers, service registries and Service Connect.",
  'ContainerDefinition.privileged':
    "When true, the container gets root-like access to the host (not on Fargate). Becomes `securityContext.privileged`, but only when the operator's policy allows it.",
  'ContainerDefinition.pseudoTerminal': 'When true, a TTY is attached to the container. Becomes `tty: true`.',
  'ContainerDefinition.readonlyRootFilesystem':
    'When true, the container cannot write to its root file system. Becomes `securityContext.readOnlyRootFilesystem`.',
  'ContainerDefinition.repositoryCredentials':
    'Secrets Manager secret with the user name and password of a private registry. The Kubernetes counterpart is an `imagePullSecrets` entry.',
  'ContainerDefinition.resourceRequirements':
    'GPUs, Neuron devices or inference accelerators for the container. GPU counts become extended-resource limits such as `nvidia.com/gpu`; kinds without a counterpart are reported as findings.',
  'ContainerDefinition.restartPolicy':
    'Lets ECS restart this container in place when it exits, instead of replacing the task. Kubernetes restarts containers on its own; settings it cannot express are reported as findings.',
  'ContainerDefinition.secrets':
    'Environment variables whose values come from Secrets Manager or SSM Parameter Store. Become `env` entries with a `secretKeyRef` to a Secret named after the ARN.',
  'ContainerDefinition.startTimeout':
    "Seconds to wait for this container's dependencies before giving up on starting it (Fargate: 2-120). No Kubernetes equivalent; ecs2eks reports it as a finding.",
  'ContainerDefinition.stopTimeout':
    "Seconds between the stop signal and a forced kill (Fargate: up to 120, default 30). The pod's `terminationGracePeriodSeconds` takes the largest value among its containers.",
  'ContainerDefinition.systemControls':
    "Namespaced kernel parameters (sysctls) for the container. Kubernetes sets sysctls per pod, so they are merged into the pod's `securityContext.sysctls`.",
  'ContainerDefinition.ulimits':
    'Process limits (ulimits) such as nofile or nproc for the container. Kubernetes has no ulimit setting; ecs2eks reports it as a finding.',
  'ContainerDefinition.user':
    'User to run as: user, user:group, uid, uid:gid and mixes. Numeric IDs become `runAsUser`/`runAsGroup`; user and group names cannot be expressed and are reported as a finding.',
  'ContainerDefinition.versionConsistency':
    '`enabled` (the default) pins the image tag to the digest it resolved to at deployment; `disabled` keeps following the tag. No Kubernetes switch for it; write a digest in `image` for the same effect.',
  'ContainerDefinition.volumesFrom':
    "Mount every volume of another container in the same task. ecs2eks copies that container's `volumeMounts`, read-only when asked.",
  'ContainerDefinition.workingDirectory': "Directory the container's command runs in. Becomes `workingDir`.",
  'ContainerDependency.condition':
    'State the other container must reach: START (started), HEALTHY (health check passed), SUCCESS (exited 0) or COMPLETE (exited, any code). COMPLETE is approximated, as init containers must exit 0.',
  'ContainerDependency.containerName': 'Name of the container that this one waits for.',
  'ContainerOverride.command': "Replaces the container's `command` for this run. Becomes the container's `args`.",
  'ContainerOverride.cpu':
    "Replaces the container's CPU units (1024 = 1 vCPU) for this run. Becomes the CPU request in millicores.",
  'ContainerOverride.environment':
    'Environment variables for this run; a name that already exists in the container definition gets the new value.',
  'ContainerOverride.environmentFiles':
    "S3 environment files to use for this run in place of the container definition's.",
  'ContainerOverride.memory':
    "Replaces the container's hard memory limit in MiB for this run. Becomes the memory limit.",
  'ContainerOverride.memoryReservation':
    "Replaces the container's soft memory reservation in MiB for this run. Becomes the memory request.",
  'ContainerOverride.name': 'Name of the container in the task definition that this override changes.',
  'ContainerOverride.resourceRequirements': "Replaces the container's GPU or accelerator requirements for this run.",
  'ContainerRestartPolicy.enabled':
    'Whether ECS restarts the container in place after it exits. Pods of a Service always restart their containers, so `false` cannot be honoured there and is reported as a finding.',
  'ContainerRestartPolicy.ignoredExitCodes':
    'Up to 50 exit codes after which ECS leaves the container stopped. Only per-container restart rules on recent clusters can express this; otherwise it is reported as a finding.',
  'ContainerRestartPolicy.restartAttemptPeriod':
    'Seconds (60-1800, default 300) the container must have run before ECS will restart it again. Kubernetes applies its own crash backoff instead; reported as a finding.',
  'CreateServiceRequest.availabilityZoneRebalancing':
    'ENABLED or DISABLED: whether ECS moves tasks around to keep Availability Zones balanced. Kubernetes spreads pods over zones at scheduling time but never rebalances; noted as a finding.',
  'CreateServiceRequest.capacityProviderStrategy':
    "Capacity providers and the base/weight split of the service's tasks; excludes `launchType`. Spot providers can become node affinity; base and weight are reported as findings.",
  'CreateServiceRequest.clientToken':
    'Idempotency token (up to 36 characters) for the create call. Applying a resource is already idempotent in Kubernetes; accepted and ignored.',
  'CreateServiceRequest.cluster':
    "Short name or ARN of the ECS cluster. Where the service runs is decided by the resource's namespace; accepted and ignored.",
  'CreateServiceRequest.deploymentConfiguration':
    "How a new deployment replaces old tasks: surge and healthy percentages, circuit breaker, alarms and strategy. Becomes the Deployment's rolling-update settings plus the operator's circuit breaker.",
  'CreateServiceRequest.deploymentController':
    'Who runs deployments: ECS (rolling update), CODE_DEPLOY or EXTERNAL. Only ECS maps to Kubernetes rolling updates; the others are reported as findings.',
  'CreateServiceRequest.desiredCount':
    "Number of tasks to keep running (REPLICA only). Becomes the Deployment's `replicas`; it is also the scale subresource, so `kubectl scale` and an HPA act on it.",
  'CreateServiceRequest.enableECSManagedTags':
    "Whether ECS tags the service's tasks with the cluster and service names. The labels ecs2eks puts on every pod serve the same purpose.",
  'CreateServiceRequest.enableExecuteCommand':
    "Whether ECS Exec may open shells in the service's tasks. In Kubernetes `kubectl exec` is governed by RBAC, so this is only noted.",
  'CreateServiceRequest.healthCheckGracePeriodSeconds':
    "Seconds after a task starts during which failed load balancer and container health checks are ignored (default 0). Only approximated through the probes' start window; reported as a finding.",
  'CreateServiceRequest.launchType':
    'Infrastructure for the tasks: EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES. FARGATE turns on Fargate validation and zone spreading; the others have no Kubernetes meaning and are noted.',
  'CreateServiceRequest.loadBalancers':
    "Target groups (or a Classic Load Balancer) that send traffic to the service's tasks. Become a Kubernetes Service, and optionally a TargetGroupBinding for an existing target group.",
  'CreateServiceRequest.monitoring':
    "Resolution of the service's CloudWatch CPU and memory metrics. No Kubernetes equivalent; ecs2eks reports it as a finding.",
  'CreateServiceRequest.networkConfiguration':
    'Subnets, security groups and public IP setting for awsvpc tasks. Pod networking takes their place; the parts with no counterpart are reported as findings.',
  'CreateServiceRequest.placementConstraints':
    'Rules (up to 10) limiting where tasks may run. `distinctInstance` becomes pod anti-affinity per node; `memberOf` expressions become node affinity.',
  'CreateServiceRequest.placementStrategy':
    'Ordered rules (up to 5) for choosing among suitable instances. `spread` becomes topology spread constraints; `binpack` and `random` are reported as findings.',
  'CreateServiceRequest.platformVersion':
    'Fargate platform version (LATEST when unset). Has no meaning in Kubernetes; accepted and ignored.',
  'CreateServiceRequest.propagateTags':
    'Copy tags from the TASK_DEFINITION or the SERVICE onto each task, or NONE (the default). The chosen tags are copied onto the pods as labels or annotations.',
  'CreateServiceRequest.role':
    'IAM role that lets ECS register tasks with a load balancer when not using awsvpc. Not needed in Kubernetes; accepted and ignored.',
  'CreateServiceRequest.schedulingStrategy':
    'REPLICA (the default) keeps `desiredCount` tasks running; DAEMON runs one task on every instance. REPLICA becomes a Deployment, DAEMON a DaemonSet.',
  'CreateServiceRequest.serviceConnectConfiguration':
    'Service Connect settings that let other services reach this one by name within a namespace. Become ClusterIP Services named after the discovery names and client aliases.',
  'CreateServiceRequest.serviceName':
    'Name of the service (up to 255 letters, digits, `_` and `-`); defaults to `metadata.name`. Sanitized into the names of the Kubernetes objects generated for it.',
  'CreateServiceRequest.serviceRegistries':
    'Cloud Map registries used for service discovery. A Kubernetes Service gives equivalent DNS discovery inside the cluster; nothing is registered in Cloud Map.',
  'CreateServiceRequest.tags':
    'Up to 50 key/value tags on the service. Copied to the generated objects as labels where valid, otherwise as annotations.',
  'CreateServiceRequest.taskDefinition':
    'Task definition to run: `family` follows its latest revision, `family:revision` pins one, or a full ARN. Resolved to a TaskDefinition resource in the same namespace.',
  'CreateServiceRequest.volumeConfigurations':
    'Storage for the task definition volume marked `configuredAtLaunch`, such as an EBS volume ECS manages. Becomes a generic ephemeral volume claim in each pod.',
  'CreateServiceRequest.vpcLatticeConfigurations':
    "VPC Lattice target groups to register the service's tasks in. No core Kubernetes equivalent; ecs2eks reports it as a finding.",
  'CustomizedMetricSpecification.dimensions': 'Name/value pairs that pick one series of the metric.',
  'CustomizedMetricSpecification.metricName': 'Name of the CloudWatch metric.',
  'CustomizedMetricSpecification.namespace': 'CloudWatch namespace of the metric, e.g. `AWS/SQS`.',
  'CustomizedMetricSpecification.statistic': 'Statistic to track: Average, Minimum, Maximum, SampleCount or Sum.',
  'CustomizedMetricSpecification.unit': 'Unit of the metric, e.g. Percent or Count.',
  'DeploymentAlarms.alarmNames':
    'CloudWatch alarms watched while a deployment runs. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'DeploymentAlarms.enable':
    'Whether ECS watches the listed alarms during deployments. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'DeploymentAlarms.rollback':
    'Whether an alarm going off during a deployment rolls the service back. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'DeploymentCircuitBreaker.enable':
    'Turns on failure detection for rolling deployments. The operator counts failed tasks of the new deployment and marks it FAILED when they reach the threshold.',
  'DeploymentCircuitBreaker.resetOnHealthyTask':
    'Default true: the failure count starts again from zero whenever a task of the new deployment becomes healthy.',
  'DeploymentCircuitBreaker.rollback':
    'When true, a failed deployment goes back to the last revision that completed. The operator does the rollback, since Kubernetes never rolls back by itself.',
  'DeploymentCircuitBreaker.thresholdConfiguration':
    'How many failed tasks trip the breaker. By default half the desired count, no fewer than 3 and no more than 200.',
  'DeploymentConfiguration.alarms':
    'CloudWatch alarms that can fail (and roll back) a deployment. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'DeploymentConfiguration.bakeTimeInMinutes':
    'Minutes the old and new revisions both keep running after production traffic has moved, before the old one goes away. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'DeploymentConfiguration.canaryConfiguration':
    'Traffic share and wait time for the CANARY strategy. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'DeploymentConfiguration.deploymentCircuitBreaker':
    'Stops a rolling deployment whose tasks keep failing, and optionally rolls it back. Implemented by the operator on top of the Deployment.',
  'DeploymentConfiguration.lifecycleHooks':
    'Lambda functions or pauses run at chosen stages of a deployment. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'DeploymentConfiguration.linearConfiguration':
    'Step size and wait time for the LINEAR strategy. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'DeploymentConfiguration.maximumPercent':
    'Ceiling on running plus starting tasks during a deployment, as a percentage of `desiredCount` (REPLICA default 200). Becomes an absolute `maxSurge`: floor(desired x max / 100) - desired.',
  'DeploymentConfiguration.minimumHealthyPercent':
    'Floor on healthy tasks during a deployment, as a percentage of `desiredCount` (REPLICA default 100). Becomes `maxUnavailable` = (100 - value)% and a PodDisruptionBudget.',
  'DeploymentConfiguration.strategy':
    'ROLLING (the default), BLUE_GREEN, LINEAR or CANARY. ROLLING becomes a rolling update; the others have no Kubernetes equivalent and are reported as findings.',
  'DeploymentController.type':
    'ECS (rolling updates run by ECS), CODE_DEPLOY or EXTERNAL. Only ECS maps to Kubernetes; the others are reported as findings.',
  'DeploymentLifecycleHook.hookDetails':
    "Free-form JSON handed to the hook's Lambda function on every call. Kept as written; no Kubernetes equivalent.",
  'DeploymentLifecycleHook.hookTargetArn':
    'ARN of the Lambda function the hook calls. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'DeploymentLifecycleHook.lifecycleStages':
    'Deployment stages at which the hook runs, e.g. PRE_SCALE_UP or POST_PRODUCTION_TRAFFIC_SHIFT. No Kubernetes equivalent.',
  'DeploymentLifecycleHook.roleArn':
    "IAM role ECS assumes to call the hook's Lambda function. No Kubernetes equivalent.",
  'DeploymentLifecycleHook.targetType':
    'AWS_LAMBDA (call a function) or PAUSE (wait for a go-ahead). No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'DeploymentLifecycleHook.timeoutConfiguration':
    'How long ECS waits for the hook and what it does when the wait runs out.',
  'DeploymentLifecycleHookTimeoutConfiguration.action': 'What ECS does when the hook times out: ROLLBACK or CONTINUE.',
  'DeploymentLifecycleHookTimeoutConfiguration.timeoutInMinutes':
    'Minutes (1-20160) ECS waits for the hook to finish before taking the timeout action.',
  'Device.containerPath': 'Path where the device appears inside the container; the host path when unset.',
  'Device.hostPath':
    'Path of the device on the host. Kubernetes needs a hostPath volume plus privilege for this; ecs2eks reports it as a finding.',
  'Device.permissions':
    'Access granted to the device: any of read, write and mknod (all three by default). Kubernetes cannot express device cgroup permissions.',
  'DockerVolumeConfiguration.autoprovision':
    'With `shared` scope, create the volume when it does not exist yet (default false). The counterpart is creating the volume claim when it is missing.',
  'DockerVolumeConfiguration.driver':
    'Docker volume driver (plugin) name, e.g. `local`. Decides the kind of Kubernetes storage; there is no one-to-one mapping.',
  'DockerVolumeConfiguration.driverOpts':
    'Options handed to the volume driver. For the `local` driver with NFS options, they become an `nfs` volume.',
  'DockerVolumeConfiguration.labels': 'Labels for the Docker volume; they become labels of the volume claim.',
  'DockerVolumeConfiguration.scope':
    '`task`: the volume lives and dies with the task (an `emptyDir`); `shared`: it outlives the task (a PersistentVolumeClaim).',
  'EBSTagSpecification.propagateTags':
    'Copy tags from the TASK_DEFINITION or the SERVICE onto the EBS volume, or NONE.',
  'EBSTagSpecification.resourceType': 'Kind of resource the tags go on; always `volume`.',
  'EBSTagSpecification.tags': 'Tags to put on the EBS volumes that ECS creates.',
  'EFSAuthorizationConfig.accessPointId':
    'EFS access point to mount through; needs transit encryption. Becomes part of the EFS CSI volume handle.',
  'EFSAuthorizationConfig.iam':
    "ENABLED mounts with the task's IAM role. On EKS the EFS CSI driver mounts with its own identity, so this is approximated and noted as a finding.",
  'EFSVolumeConfiguration.authorizationConfig': 'Access point and IAM settings used when mounting the file system.',
  'EFSVolumeConfiguration.fileSystemId':
    'ID of the Amazon EFS file system. Becomes the volume handle of a PersistentVolume for the EFS CSI driver.',
  'EFSVolumeConfiguration.rootDirectory':
    'Directory of the file system mounted as the volume root (default `/`; must stay `/` when an access point is used).',
  'EFSVolumeConfiguration.transitEncryption':
    'ENABLED or DISABLED (the default): encrypt traffic to EFS with TLS; required with IAM or an access point. Becomes the `tls` mount option.',
  'EFSVolumeConfiguration.transitEncryptionPort':
    'Local port for encrypted EFS traffic; the EFS mount helper picks one when unset. Becomes the `tlsport` mount option.',
  'EnvironmentFile.type': 'Where the file lives; `s3` is the only value.',
  'EnvironmentFile.value': 'ARN of the S3 object: a `.env` file of VAR=VALUE lines, `#` starting a comment.',
  'EphemeralStorage.sizeInGiB':
    'Ephemeral storage for the whole task in GiB (Fargate: 21-200, 20 when unset). Becomes an `ephemeral-storage` request and limit.',
  'FSxWindowsFileServerAuthorizationConfig.credentialsParameter':
    'Secrets Manager or SSM ARN holding the user name and password used to mount the share.',
  'FSxWindowsFileServerAuthorizationConfig.domain':
    'Fully qualified Active Directory domain that the credentials belong to.',
  'FSxWindowsFileServerVolumeConfiguration.authorizationConfig': 'Credentials and domain used to mount the share.',
  'FSxWindowsFileServerVolumeConfiguration.fileSystemId':
    'ID of the Amazon FSx for Windows File Server file system (Windows tasks only). Only partly translatable through an SMB CSI driver; reported as a finding.',
  'FSxWindowsFileServerVolumeConfiguration.rootDirectory': 'Directory of the share mounted as the volume root.',
  'FirelensConfiguration.options':
    'Log router settings, such as adding ECS metadata to records or where a custom configuration file lives.',
  'FirelensConfiguration.type': 'Log router to run: `fluentbit` or `fluentd`.',
  'HealthCheck.command':
    'Check to run: ["CMD", exe, args...] runs the program directly, ["CMD-SHELL", "..."] runs the string under `/bin/sh -c`; exit code 0 means healthy. Becomes the probes\' exec command.',
  'HealthCheck.interval': "Seconds between two checks (5-300, default 30). Becomes the probes' `periodSeconds`.",
  'HealthCheck.retries':
    "Failures in a row (1-10, default 3) before the container counts as unhealthy. Becomes the probes' `failureThreshold`.",
  'HealthCheck.startPeriod':
    'Seconds (0-300) after start during which failed checks do not count; a success ends it early. Becomes a startup probe.',
  'HealthCheck.timeout':
    "Seconds (2-60, default 5) one check may take before it counts as failed. Becomes the probes' `timeoutSeconds`.",
  'HostEntry.hostname': "Host name for the /etc/hosts line; goes into the pod's `hostAliases`.",
  'HostEntry.ipAddress': 'IP address for the /etc/hosts line; names with the same IP share one `hostAliases` entry.',
  'HostVolumeProperties.sourcePath':
    "Host directory to bind-mount, created when missing (not on Fargate). Becomes a `hostPath` volume if the operator's policy allows it; without a path the volume is an `emptyDir`.",
  'InferenceAccelerator.deviceName':
    'Name of an Elastic Inference accelerator, a retired AWS service. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'InferenceAccelerator.deviceType':
    'Elastic Inference accelerator type. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'InferenceAcceleratorOverride.deviceName':
    'Elastic Inference accelerator to change for this run. No Kubernetes equivalent.',
  'InferenceAcceleratorOverride.deviceType':
    'Elastic Inference accelerator type for this run. No Kubernetes equivalent.',
  'KernelCapabilities.add':
    "Linux capabilities to grant, without the CAP_ prefix (e.g. NET_ADMIN; Fargate allows only SYS_PTRACE). Become `securityContext.capabilities.add` when the operator's policy allows.",
  'KernelCapabilities.drop': 'Linux capabilities to take away, e.g. ALL. Become `securityContext.capabilities.drop`.',
  'KeyValuePair.name': 'Name of the variable or property.',
  'KeyValuePair.value': 'Value of the variable or property.',
  'LinearConfiguration.stepBakeTimeInMinutes':
    'LINEAR strategy: minutes to wait between two traffic steps. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'LinearConfiguration.stepPercent':
    'LINEAR strategy: percentage (may be fractional) of production traffic moved at each step. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'LinuxParameters.capabilities': "Linux capabilities added to or removed from the container's default set.",
  'LinuxParameters.devices':
    'Host devices made visible in the container (not on Fargate). Kubernetes needs privilege for this; ecs2eks reports it as a finding.',
  'LinuxParameters.initProcessEnabled':
    'Run a small init process as PID 1 that forwards signals and reaps zombie processes. No direct Kubernetes equivalent; noted as a finding.',
  'LinuxParameters.maxSwap':
    'Swap the container may use, in MiB (0 = none; not on Fargate). Kubernetes configures swap per node; ecs2eks reports it as a finding.',
  'LinuxParameters.sharedMemorySize':
    'Size of /dev/shm in MiB (not on Fargate). Becomes a memory-backed `emptyDir` of that size mounted at /dev/shm.',
  'LinuxParameters.swappiness':
    "How eagerly the kernel swaps this container's memory (0-100, default 60). No Kubernetes equivalent; ecs2eks reports it as a finding.",
  'LinuxParameters.tmpfs':
    'In-memory file systems to mount in the container. Each becomes a memory-backed `emptyDir` at its path.',
  'LoadBalancer.advancedConfiguration':
    'Second target group and listener rules for blue/green deployments. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'LoadBalancer.containerName': "Container that receives the load balancer's traffic.",
  'LoadBalancer.containerPort':
    "Container port that receives the load balancer's traffic. Becomes the Kubernetes Service's `targetPort`.",
  'LoadBalancer.loadBalancerName':
    'Name of a Classic Load Balancer (not with awsvpc). Kubernetes cannot attach pods to an existing Classic Load Balancer; reported as a finding.',
  'LoadBalancer.targetGroupArn':
    'ARN of an ALB or NLB target group. With the AWS Load Balancer Controller integration on, becomes a TargetGroupBinding that registers the pods in that existing group.',
  'LogConfiguration.logDriver':
    'Docker log driver, e.g. awslogs, fluentd, splunk or awsfirelens. Kubernetes keeps stdout/stderr on the node for a log agent; reported as a finding.',
  'LogConfiguration.options': 'Settings for the log driver, such as `awslogs-group` or `awslogs-region`.',
  'LogConfiguration.secretOptions': 'Secrets handed to the log driver, such as an API token.',
  'MetricConfiguration.metricNames': 'CloudWatch metric names this setting applies to.',
  'MetricConfiguration.resolutionSeconds': 'Collection resolution of the metrics, in seconds (20-60).',
  'MonitoringConfiguration.metricConfigurations': 'Resolution settings, one per group of metrics.',
  'MountPoint.containerPath': "Path inside the container where the volume appears. Becomes the mount's `mountPath`.",
  'MountPoint.readOnly':
    'When true, the container can only read the volume (default false). Becomes `readOnly` on the mount.',
  'MountPoint.sourceVolume':
    "Name of a volume in the task's `volumes` list; rewritten to the sanitized Kubernetes volume name.",
  'NetworkConfiguration.awsvpcConfiguration':
    'Subnets, security groups and public IP setting for tasks in awsvpc mode.',
  'PlacementConstraint.expression':
    'Cluster query language expression for `memberOf`, e.g. `attribute:ecs.availability-zone in [us-east-1a]`. Translated to node affinity (or pod affinity for task groups).',
  'PlacementConstraint.type':
    '`distinctInstance` (never two of these tasks on one instance) or `memberOf` (only instances matching the expression). Become pod anti-affinity and node affinity.',
  'PlacementStrategy.field':
    'What to act on: `instanceId`/`host` or `attribute:<name>` for spread, `cpu` or `memory` for binpack. Spread fields map to a node label used as topology key.',
  'PlacementStrategy.type':
    '`spread` becomes topology spread constraints; `binpack` and `random` have no per-workload Kubernetes form and are reported as findings.',
  'PortMapping.appProtocol':
    "Application protocol for Service Connect: http, http2 or grpc. Becomes the Kubernetes Service port's `appProtocol`.",
  'PortMapping.containerPort': 'Port the container listens on (1-65535). Becomes `containerPort`.',
  'PortMapping.containerPortRange':
    'Range `start-end` of container ports bound to dynamic host ports. Kubernetes has no port ranges, so it is expanded into single ports.',
  'PortMapping.hostPort':
    'Port reserved on the host. A fixed value in bridge mode becomes `hostPort`; 0 or unset (a dynamic port) is dropped, as pod IPs are reachable directly.',
  'PortMapping.name':
    'Port name that Service Connect and VPC Lattice refer to. Shortened into a valid Kubernetes port name (15 characters at most); references are rewritten.',
  'PortMapping.protocol': '`tcp` (the default) or `udp`. Becomes the upper-case `TCP`/`UDP` port protocol.',
  'PredefinedMetricSpecification.predefinedMetricType':
    'ECSServiceAverageCPUUtilization or ECSServiceAverageMemoryUtilization (HPA cpu/memory utilization), or ALBRequestCountPerTarget (needs an external metric).',
  'PredefinedMetricSpecification.resourceLabel':
    'Only for ALBRequestCountPerTarget: `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>`, naming the target group to count.',
  'ProxyConfiguration.containerName': 'Container that serves as the App Mesh proxy.',
  'ProxyConfiguration.properties':
    'Proxy network settings as name/value pairs, e.g. AppPorts, ProxyIngressPort or EgressIgnoredIPs.',
  'ProxyConfiguration.type': 'Kind of proxy; APPMESH is the only one.',
  'RegisterTaskDefinitionRequest.containerDefinitions':
    "The containers that make up the task; at least one must be essential. Become the pod's containers and init containers.",
  'RegisterTaskDefinitionRequest.cpu':
    'CPU for the whole task, as units ("1024") or vCPU ("1 vCPU", "0.25 vCPU"); 1024 units = 1 vCPU. A hard cap: pod-level CPU where supported, else divided over the containers.',
  'RegisterTaskDefinitionRequest.enableFaultInjection':
    "Lets the task's containers send fault injection requests to ECS. No Kubernetes equivalent; accepted and ignored.",
  'RegisterTaskDefinitionRequest.ephemeralStorage': 'Ephemeral storage size for the whole task.',
  'RegisterTaskDefinitionRequest.executionRoleArn':
    'IAM role the ECS agent uses to pull images, ship logs and fetch secrets. Kubernetes pulls with node credentials, so it is ignored with a finding.',
  'RegisterTaskDefinitionRequest.family':
    'Name shared by every revision of this task definition; defaults to `metadata.name`. Each distinct spec becomes a new numbered revision.',
  'RegisterTaskDefinitionRequest.inferenceAccelerators':
    'Elastic Inference accelerators for the task (a retired service). No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'RegisterTaskDefinitionRequest.ipcMode':
    "IPC namespace: `host` becomes `hostIPC`; `task` needs nothing, as a pod's containers already share IPC; `none` is reported as a finding.",
  'RegisterTaskDefinitionRequest.memory':
    'Memory for the whole task, in MiB ("512") or GB ("1 GB", where 1 GB = 1024 MiB). A hard cap: a pod-level memory limit where supported, else divided over the containers.',
  'RegisterTaskDefinitionRequest.networkMode':
    'awsvpc, bridge, host or none (bridge by default on EC2). awsvpc and bridge use normal pod networking, host becomes `hostNetwork` if policy allows, none is reported as a finding.',
  'RegisterTaskDefinitionRequest.pidMode':
    "Process namespace: `task` shares one among the containers (`shareProcessNamespace`), `host` uses the host's (`hostPID`).",
  'RegisterTaskDefinitionRequest.placementConstraints':
    '`memberOf` expressions (up to 10) that limit where the task may run. Become node affinity.',
  'RegisterTaskDefinitionRequest.proxyConfiguration':
    'App Mesh proxy settings. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'RegisterTaskDefinitionRequest.requiresCompatibilities':
    "Launch types to validate against: EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES. FARGATE turns on Fargate's validation rules; the others are informational.",
  'RegisterTaskDefinitionRequest.runtimePlatform':
    'Operating system and CPU architecture the task needs. Become node selectors on `kubernetes.io/os` and `kubernetes.io/arch`.',
  'RegisterTaskDefinitionRequest.tags':
    'Up to 50 key/value tags. Become labels on the generated objects where valid, otherwise annotations.',
  'RegisterTaskDefinitionRequest.taskRoleArn':
    "IAM role the task's containers may assume. Becomes a ServiceAccount annotated with `eks.amazonaws.com/role-arn` (IRSA).",
  'RegisterTaskDefinitionRequest.volumes':
    'Volumes the containers can mount. Become pod volumes: `emptyDir`, `hostPath`, EFS claims or ephemeral EBS claims.',
  'RepositoryCredentials.credentialsParameter':
    'ARN or name of the Secrets Manager secret with the registry user name and password.',
  'ResourceRequirement.type': 'Kind of resource: GPU, NeuronDevice or InferenceAccelerator.',
  'ResourceRequirement.value':
    "Amount: a GPU count, `ALL` for Neuron devices, or an accelerator's device name. GPU counts become `nvidia.com/gpu` limits.",
  'RunTaskRequest.capacityProviderStrategy':
    'Capacity providers for this run; excludes `launchType`. Handled as for a Service.',
  'RunTaskRequest.clientToken': 'Idempotency token for the run call. Accepted and ignored.',
  'RunTaskRequest.cluster':
    "Short name or ARN of the ECS cluster; the resource's namespace takes its place. Accepted and ignored.",
  'RunTaskRequest.count':
    'Number of tasks to start (1-10), each independent. Each task becomes one pod with `restartPolicy: Never`.',
  'RunTaskRequest.enableECSManagedTags':
    'Whether ECS tags the task with cluster and task definition names. The labels ecs2eks puts on every pod serve the same purpose.',
  'RunTaskRequest.enableExecuteCommand':
    'Whether ECS Exec may open shells in the task. In Kubernetes `kubectl exec` depends on RBAC, so this is only noted.',
  'RunTaskRequest.group':
    'Task group name, `family:<family>` when unset. Becomes a pod label that placement rules match on.',
  'RunTaskRequest.launchType': 'EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES. Handled as for a Service.',
  'RunTaskRequest.networkConfiguration':
    'awsvpc subnets, security groups and public IP for the task. Handled as for a Service.',
  'RunTaskRequest.overrides':
    'Changes to the task definition for this run only: commands, environment, resources and roles. Applied to the pod template before the pods are created.',
  'RunTaskRequest.placementConstraints':
    "Placement constraints for this run, added to the task definition's. Translated to affinity.",
  'RunTaskRequest.placementStrategy': 'Placement strategies (up to 5) for this run. Translated as for a Service.',
  'RunTaskRequest.platformVersion': 'Fargate platform version. Accepted and ignored.',
  'RunTaskRequest.propagateTags':
    "TASK_DEFINITION copies the task definition's tags onto the task; NONE does not. Copied tags become pod labels or annotations.",
  'RunTaskRequest.referenceId': 'Used internally by ECS and not meant for users. Accepted and ignored.',
  'RunTaskRequest.startedBy':
    'Free-text marker (up to 128 characters) of who or what started the task. Kept on the pods as a label or annotation.',
  'RunTaskRequest.tags': 'Key/value tags on the task. Become pod labels where valid, otherwise annotations.',
  'RunTaskRequest.taskDefinition':
    'Task definition to run: `family` (latest revision), `family:revision` or a full ARN. Resolved to a TaskDefinition resource in the same namespace.',
  'RunTaskRequest.volumeConfigurations':
    'Storage for the task definition volume marked `configuredAtLaunch`, such as an EBS volume ECS manages.',
  'RuntimePlatform.cpuArchitecture': 'X86_64 or ARM64. Becomes a `kubernetes.io/arch` node selector (amd64 or arm64).',
  'RuntimePlatform.operatingSystemFamily':
    'LINUX or a WINDOWS_SERVER_* edition. Becomes a `kubernetes.io/os` node selector, plus the Windows build for Windows; FULL versus CORE cannot be expressed.',
  'S3FilesVolumeConfiguration.accessPointArn':
    'ARN of the S3 Files access point to mount through. No Kubernetes equivalent.',
  'S3FilesVolumeConfiguration.fileSystemArn':
    'ARN of the Amazon S3 Files file system to mount. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'S3FilesVolumeConfiguration.rootDirectory':
    'Directory of the file system used as the volume root. No Kubernetes equivalent.',
  'S3FilesVolumeConfiguration.transitEncryptionPort':
    'Port for encrypted traffic to the file system. No Kubernetes equivalent.',
  'Secret.name': 'Name of the environment variable (or log driver option) that receives the secret value.',
  'Secret.valueFrom':
    'ARN of a Secrets Manager secret (optionally `:json-key:stage:version`) or of an SSM parameter. Becomes a `secretKeyRef` to a Secret whose name is derived from the ARN.',
  'Service.clusterArn':
    'Read-only value from describe output (ARN of the cluster hosting the service); accepted and ignored.',
  'Service.createdAt': 'Read-only value from describe output (when the service was created); accepted and ignored.',
  'Service.createdBy':
    'Read-only value from describe output (principal that created the service); accepted and ignored.',
  'Service.currentServiceDeployment':
    'Read-only value from describe output (ARN of the current service deployment); accepted and ignored.',
  'Service.currentServiceRevisions':
    'Read-only value from describe output (summaries of the service revisions in use); accepted and ignored.',
  'Service.deployments': 'Read-only value from describe output (deployments ECS was running); accepted and ignored.',
  'Service.events': 'Read-only value from describe output (recent ECS service event messages); accepted and ignored.',
  'Service.pendingCount': 'Read-only value from describe output (tasks in PENDING); accepted and ignored.',
  'Service.platformFamily':
    'Read-only value from describe output (operating system of the tasks); accepted and ignored.',
  'Service.resourceManagementType': 'Read-only value from describe output (CUSTOMER or ECS); accepted and ignored.',
  'Service.roleArn':
    'Read-only value from describe output (the service role; CreateService calls it `role`); accepted and ignored.',
  'Service.runningCount': 'Read-only value from describe output (tasks in RUNNING); accepted and ignored.',
  'Service.serviceArn': 'Read-only value from describe output (ARN of the service); accepted and ignored.',
  'Service.spec':
    'The service as the body of an ECS CreateService request, camelCase, plus the `autoScaling` extension.',
  'Service.status':
    "Read-only value from describe output (ACTIVE, DRAINING or INACTIVE); accepted and ignored. The operator reports state in the resource's own `status`.",
  'Service.taskSets':
    'Read-only value from describe output (task sets of CODE_DEPLOY or EXTERNAL deployments); accepted and ignored.',
  'ServiceConnectAccessLogConfiguration.format': 'Access log line format: TEXT or JSON. No Kubernetes equivalent.',
  'ServiceConnectAccessLogConfiguration.includeQueryParameters':
    'ENABLED or DISABLED (the default): keep query strings in access logs. No Kubernetes equivalent.',
  'ServiceConnectClientAlias.dnsName':
    'Name client tasks use to reach the endpoint; `discoveryName.namespace` when unset. Becomes the name of a Kubernetes Service.',
  'ServiceConnectClientAlias.port': "Port clients connect to (0-65535). Becomes the Kubernetes Service's `port`.",
  'ServiceConnectClientAlias.testTrafficRules':
    'Header rules that route test requests to the new revision during blue/green deployments. No Kubernetes equivalent.',
  'ServiceConnectConfiguration.accessLogConfiguration':
    'Access logging by the Service Connect proxy. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'ServiceConnectConfiguration.enabled':
    'Turns Service Connect on for this service; when true, ClusterIP Services are generated for its endpoints.',
  'ServiceConnectConfiguration.logConfiguration':
    'Log settings for the Service Connect proxy container. No Kubernetes equivalent.',
  'ServiceConnectConfiguration.namespace':
    "Cloud Map namespace (name or ARN) shared by the connected services. The resource's Kubernetes namespace plays that role.",
  'ServiceConnectConfiguration.services':
    'Endpoints this service offers to others; leave out for a client-only service. Each becomes a ClusterIP Service.',
  'ServiceConnectService.clientAliases':
    'Names and ports clients use for this endpoint; each becomes a Kubernetes Service.',
  'ServiceConnectService.discoveryName':
    'Name registered in Cloud Map, unique in the namespace; the port name when unset. Becomes the Kubernetes Service name.',
  'ServiceConnectService.ingressPortOverride':
    'Port the Service Connect proxy listens on for incoming traffic. No Kubernetes equivalent.',
  'ServiceConnectService.portName':
    "Name of a port mapping in the task definition. Becomes the Kubernetes Service's `targetPort`.",
  'ServiceConnectService.timeout':
    'Idle and per-request timeouts enforced by the proxy. No core Kubernetes equivalent.',
  'ServiceConnectService.tls':
    'TLS between Service Connect proxies. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'ServiceConnectTestTrafficHeaderMatchRules.exact':
    'Header value that marks a request as test traffic when it matches exactly.',
  'ServiceConnectTestTrafficHeaderRules.name': 'HTTP header inspected to recognise test traffic.',
  'ServiceConnectTestTrafficHeaderRules.value': "How the header's value is matched.",
  'ServiceConnectTestTrafficRules.header': 'Header rule that picks the requests sent to the new revision.',
  'ServiceConnectTlsCertificateAuthority.awsPcaAuthorityArn': 'ARN of the AWS Private CA certificate authority.',
  'ServiceConnectTlsConfiguration.issuerCertificateAuthority':
    "Certificate authority that signs the proxies' certificates.",
  'ServiceConnectTlsConfiguration.kmsKey': 'KMS key that protects the TLS private keys.',
  'ServiceConnectTlsConfiguration.roleArn': 'IAM role ECS uses to manage Service Connect TLS.',
  'ServiceManagedEBSVolumeConfiguration.encrypted':
    'Whether the EBS volume is encrypted. Corresponds to the EBS StorageClass `encrypted` parameter.',
  'ServiceManagedEBSVolumeConfiguration.filesystemType':
    'File system: ext3, ext4, xfs (the Linux default) or ntfs. Corresponds to the StorageClass `csi.storage.k8s.io/fstype` parameter.',
  'ServiceManagedEBSVolumeConfiguration.iops':
    'Provisioned I/O operations per second; required for io1/io2, 3000-16000 for gp3. Corresponds to the StorageClass `iops` parameter.',
  'ServiceManagedEBSVolumeConfiguration.kmsKeyId':
    'KMS key used to encrypt the volume. Corresponds to the StorageClass `kmsKeyId` parameter.',
  'ServiceManagedEBSVolumeConfiguration.roleArn':
    'ECS infrastructure role that manages the volume. The EBS CSI driver uses its own identity; accepted and ignored.',
  'ServiceManagedEBSVolumeConfiguration.sizeInGiB':
    'Volume size in GiB; give this or `snapshotId`. Becomes the storage request of the volume claim.',
  'ServiceManagedEBSVolumeConfiguration.snapshotId':
    'EBS snapshot to create each volume from. The counterpart is a VolumeSnapshot `dataSource` on the claim.',
  'ServiceManagedEBSVolumeConfiguration.tagSpecifications': 'Tags to put on the volumes ECS creates.',
  'ServiceManagedEBSVolumeConfiguration.throughput':
    'Provisioned throughput in MiB/s (gp3 only, at most 1000). Corresponds to the StorageClass `throughput` parameter.',
  'ServiceManagedEBSVolumeConfiguration.volumeInitializationRate':
    'Rate in MiB/s at which snapshot data is loaded into each new volume. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'ServiceManagedEBSVolumeConfiguration.volumeType':
    'EBS volume type: gp2, gp3, io1, io2, st1, sc1 or standard. Corresponds to the StorageClass `type` parameter.',
  'ServiceRegistry.containerName': 'Container whose port is registered for discovery.',
  'ServiceRegistry.containerPort':
    "Container port registered for discovery. Becomes the Kubernetes Service's `targetPort`.",
  'ServiceRegistry.port':
    'Port published in SRV records. Becomes a named port of the Kubernetes Service, which gets SRV records too.',
  'ServiceRegistry.registryArn':
    'ARN of the Cloud Map service. A Kubernetes Service provides the DNS name in the cluster; Cloud Map itself is not updated.',
  'ServiceResource.spec':
    'The service as the body of an ECS CreateService request, camelCase, plus the `autoScaling` extension.',
  'ServiceResource.status':
    'Written by the operator, shaped like DescribeServices: counts, the resolved task definition, deployments, events, findings and conditions.',
  'ServiceSpec.autoScaling':
    'Auto scaling for the service, as Application Auto Scaling would configure it; becomes a HorizontalPodAutoscaler.',
  'ServiceVolumeConfiguration.managedEBSVolume':
    'EBS volume ECS creates for each task. Becomes a generic ephemeral volume claim in each pod.',
  'ServiceVolumeConfiguration.name': 'Name of the task definition volume marked `configuredAtLaunch`.',
  'SystemControl.namespace':
    "Sysctl name, despite the field's name, e.g. `net.ipv4.tcp_keepalive_time`. Becomes a sysctl name in the pod's `securityContext.sysctls`.",
  'SystemControl.value': 'Value to set for the sysctl.',
  'Tag.key': 'Tag key (1-128 characters; the `aws:` prefix is reserved).',
  'Tag.value': 'Tag value (0-256 characters).',
  'TargetTrackingPolicy.customizedMetricSpecification':
    'Track a CloudWatch metric of your choosing. Kubernetes needs an external metrics adapter for it; reported as a finding.',
  'TargetTrackingPolicy.disableScaleIn':
    'When true, this policy only ever adds tasks. Becomes `selectPolicy: Disabled` for scale-down.',
  'TargetTrackingPolicy.policyName': 'Name of the policy (1-256 characters).',
  'TargetTrackingPolicy.predefinedMetricSpecification': 'Track one of the ready-made ECS or load balancer metrics.',
  'TargetTrackingPolicy.scaleInCooldown':
    "Seconds to wait after scaling in before scaling in again (default 300). Becomes the HPA's scale-down stabilization window.",
  'TargetTrackingPolicy.scaleOutCooldown':
    "Seconds a scale-out is given to take effect before the next one (default 300). Approximated by the HPA's scale-up stabilization window.",
  'TargetTrackingPolicy.targetValue':
    'Value the metric should stay near, e.g. 70 for 70% CPU. CPU and memory targets become an HPA average utilization, rounded to a whole percentage of the requests.',
  'Task.spec': 'The tasks to run, as the body of an ECS RunTask request, camelCase.',
  'Task.status':
    'Written by the operator, shaped like DescribeTasks: last and desired status, stop code and reason, per-container state, start and stop times, and conditions.',
  'TaskDefinition.compatibilities':
    'Read-only value from describe output (launch types the definition is valid for); accepted and ignored.',
  'TaskDefinition.deleteRequestedAt':
    'Read-only value from describe output (when deletion was requested); accepted and ignored.',
  'TaskDefinition.deregisteredAt':
    'Read-only value from describe output (when the revision was deregistered); accepted and ignored.',
  'TaskDefinition.registeredAt':
    'Read-only value from describe output (when the revision was registered); accepted and ignored.',
  'TaskDefinition.registeredBy':
    'Read-only value from describe output (principal that registered it); accepted and ignored.',
  'TaskDefinition.requiresAttributes':
    'Read-only value from describe output (instance attributes the task needs); accepted and ignored.',
  'TaskDefinition.revision':
    'Read-only value from describe output (revision number in ECS; ecs2eks numbers its own revisions); accepted and ignored.',
  'TaskDefinition.spec':
    'The task definition as the body of an ECS RegisterTaskDefinition request, camelCase; `describe-task-definition` output can be pasted here.',
  'TaskDefinition.status':
    "Read-only value from describe output (ACTIVE, INACTIVE or DELETE_IN_PROGRESS); accepted and ignored. The operator reports state in the resource's own `status`.",
  'TaskDefinition.taskDefinitionArn':
    'Read-only value from describe output (ARN of the revision); accepted and ignored.',
  'TaskDefinitionPlacementConstraint.expression':
    'Cluster query language expression the instance must match. Translated to node affinity.',
  'TaskDefinitionPlacementConstraint.type': 'Constraint type; only `memberOf` is allowed here.',
  'TaskDefinitionResource.spec':
    'The task definition as the body of an ECS RegisterTaskDefinition request, camelCase; `describe-task-definition` output can be pasted here.',
  'TaskDefinitionResource.status':
    'Written by the operator: the latest revision and its `family:revision` id, the revision history, findings, conditions and the observed generation.',
  'TaskManagedEBSVolumeConfiguration.encrypted':
    'Whether the EBS volume is encrypted. Corresponds to the EBS StorageClass `encrypted` parameter.',
  'TaskManagedEBSVolumeConfiguration.filesystemType':
    'File system: ext3, ext4, xfs (the Linux default) or ntfs. Corresponds to the StorageClass `csi.storage.k8s.io/fstype` parameter.',
  'TaskManagedEBSVolumeConfiguration.iops':
    'Provisioned I/O operations per second; required for io1/io2, 3000-16000 for gp3. Corresponds to the StorageClass `iops` parameter.',
  'TaskManagedEBSVolumeConfiguration.kmsKeyId':
    'KMS key used to encrypt the volume. Corresponds to the StorageClass `kmsKeyId` parameter.',
  'TaskManagedEBSVolumeConfiguration.roleArn':
    'ECS infrastructure role that manages the volume. The EBS CSI driver uses its own identity; accepted and ignored.',
  'TaskManagedEBSVolumeConfiguration.sizeInGiB':
    'Volume size in GiB; give this or `snapshotId`. Becomes the storage request of the volume claim.',
  'TaskManagedEBSVolumeConfiguration.snapshotId':
    'EBS snapshot to create the volume from. The counterpart is a VolumeSnapshot `dataSource` on the claim.',
  'TaskManagedEBSVolumeConfiguration.tagSpecifications': 'Tags to put on the volume ECS creates.',
  'TaskManagedEBSVolumeConfiguration.terminationPolicy': 'What happens to the volume when the task stops.',
  'TaskManagedEBSVolumeConfiguration.throughput':
    'Provisioned throughput in MiB/s (gp3 only, at most 1000). Corresponds to the StorageClass `throughput` parameter.',
  'TaskManagedEBSVolumeConfiguration.volumeInitializationRate':
    'Rate in MiB/s at which snapshot data is loaded into the new volume. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'TaskManagedEBSVolumeConfiguration.volumeType':
    'EBS volume type: gp2, gp3, io1, io2, st1, sc1 or standard. Corresponds to the StorageClass `type` parameter.',
  'TaskManagedEBSVolumeTerminationPolicy.deleteOnTermination':
    'Default true: remove the volume when the task stops (a generic ephemeral volume); false keeps it (a standalone volume claim).',
  'TaskOverride.containerOverrides': 'Per-container changes for this run.',
  'TaskOverride.cpu':
    "Task-level CPU for this run, written like the task definition's `cpu` (units or vCPU; 1024 units = 1 vCPU).",
  'TaskOverride.ephemeralStorage': 'Ephemeral storage size for this run.',
  'TaskOverride.executionRoleArn': 'Execution role for this run; ignored, as in the task definition.',
  'TaskOverride.inferenceAcceleratorOverrides':
    'Elastic Inference accelerators for this run. No Kubernetes equivalent.',
  'TaskOverride.memory': "Task-level memory for this run, written like the task definition's `memory` (MiB or GB).",
  'TaskOverride.taskRoleArn': "IAM role for this run's containers; selects the ServiceAccount the pods use.",
  'TaskResource.spec': 'The tasks to run, as the body of an ECS RunTask request, camelCase.',
  'TaskResource.status':
    'Written by the operator, shaped like DescribeTasks: last and desired status, stop code and reason, per-container state, start and stop times, and conditions.',
  'TaskVolumeConfiguration.managedEBSVolume':
    'EBS volume ECS creates for the task. Becomes a generic ephemeral volume claim, or a standalone claim when it must outlive the task.',
  'TaskVolumeConfiguration.name': 'Name of the task definition volume marked `configuredAtLaunch`.',
  'ThresholdConfiguration.type':
    'COUNT uses `value` as the number of failures; BOUNDED_PERCENT and UNBOUNDED_PERCENT take `value` percent of the desired count, the bounded form kept between 3 and 200.',
  'ThresholdConfiguration.value': 'Count or percentage from which the failure threshold is computed (default 50).',
  'TimeoutConfiguration.idleTimeoutSeconds':
    'Seconds an idle connection stays open (0 turns the timeout off). No Kubernetes equivalent.',
  'TimeoutConfiguration.perRequestTimeoutSeconds':
    "Seconds to wait for the upstream's full response (0 turns it off; not for TCP). No Kubernetes equivalent.",
  'Tmpfs.containerPath': 'Absolute path where the tmpfs is mounted.',
  'Tmpfs.mountOptions':
    'tmpfs mount options such as `noexec`, `nosuid` or `mode`. Kubernetes cannot set them (`ro` becomes a read-only mount); reported as a finding.',
  'Tmpfs.size': "Maximum size in MiB. Becomes the `emptyDir` size limit, which counts against the container's memory.",
  'Ulimit.hardLimit': 'Hard (ceiling) value of the limit.',
  'Ulimit.name': 'Which limit to set, e.g. nofile, nproc, core or stack.',
  'Ulimit.softLimit': 'Soft (effective) value of the limit.',
  'Volume.configuredAtLaunch':
    'When true, the storage for this volume is given at launch by the Service or Task `volumeConfigurations` rather than here.',
  'Volume.dockerVolumeConfiguration':
    'A Docker-managed volume. Task scope becomes an `emptyDir`, shared scope a PersistentVolumeClaim.',
  'Volume.efsVolumeConfiguration':
    'An Amazon EFS file system. Becomes a PersistentVolumeClaim for the EFS CSI driver when that integration is on.',
  'Volume.fsxWindowsFileServerVolumeConfiguration':
    'An FSx for Windows File Server share (Windows only). Only partly translatable; reported as a finding.',
  'Volume.host':
    'A bind mount: a host directory when `sourcePath` is set, otherwise scratch space that becomes an `emptyDir`.',
  'Volume.name': 'Volume name that `mountPoints` refer to; sanitized into a DNS-1123 label.',
  'Volume.s3filesVolumeConfiguration':
    'An Amazon S3 Files file system. No Kubernetes equivalent; ecs2eks reports it as a finding.',
  'VolumeFrom.readOnly': 'When true, the borrowed mounts are read-only.',
  'VolumeFrom.sourceContainer': 'Container in the same task whose volumes are borrowed.',
  'VpcLatticeConfiguration.portName': 'Port mapping name registered in the VPC Lattice target group.',
  'VpcLatticeConfiguration.roleArn': 'IAM role ECS uses to register tasks with VPC Lattice.',
  'VpcLatticeConfiguration.targetGroupArn': 'ARN of the VPC Lattice target group the tasks join.',
};
