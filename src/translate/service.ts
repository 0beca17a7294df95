/**
 * translateService: one ECS service (the CreateService request plus `autoScaling`) and its resolved
 * task definition → the Kubernetes objects that run it (DESIGN.md §3). Pure and deterministic.
 *
 * desiredCount: ECS requires it for a REPLICA service in practice; when it is absent we use
 * minCapacity under autoscaling, else 1 (the console's default), with an Info finding.
 */
import { InputError } from '../ecs/errors.js';
import type { ResolvedTaskDefinition, ServiceSpec } from '../ecs/model.js';
import { awsSideFindings, finish, networkFindings, withScheduling } from './assemble.js';
import { capacityPlacement } from './capacity.js';
import { discoveryObjects } from './discovery.js';
import { effectiveNetworkMode } from './networking.js';
import { ANNOTATION_REPLICAS_MANAGED_BY, autoscaledReplicas, horizontalPodAutoscalerFor } from './hpa.js';
import { LABEL_GROUP, groupLabelValue, resourceLabels, selectorLabels, sortRecord, tagLabels } from './labels.js';
import { reportMembers } from './member-findings.js';
import type { TranslateOptions } from './options.js';
import { podDisruptionBudgetFor } from './pdb.js';
import { translatePlacement } from './placement.js';
import { buildPodTemplate } from './pod.js';
import { rolloutPlan } from './rollout.js';
import type { Finding, KubeObject, Translation } from './types.js';
import { BASE_PROGRESS_DEADLINE_SECONDS, applyHealthCheckGrace, deploymentSettings, workloadFor } from './workload.js';

export interface ServiceInput {
  /** DNS-1123 name of the generated objects (the CR's metadata.name in the operator). */
  name: string;
  service: ServiceSpec;
  taskDefinition: ResolvedTaskDefinition;
  /**
   * The Service's ANNOTATION_FORCE_NEW_DEPLOYMENT value (UpdateService forceNewDeployment, or
   * `kubectl annotate`): copied to the pod template, so a new value replaces every task with the
   * same task definition, as ECS's forced deployment does.
   */
  forceNewDeployment?: string;
}

export const ANNOTATION_FORCE_NEW_DEPLOYMENT = 'ecs2eks.dev/force-new-deployment';

/** translateService returns the workload, Services, PDB, HPA and pod-level objects of one ECS service. */
export function translateService(input: ServiceInput, options: TranslateOptions): Translation {
  const { name, service: svc, taskDefinition: td } = input;
  const findings: Finding[] = [];
  const daemon = svc.schedulingStrategy === 'DAEMON';
  const serviceName = svc.serviceName || name;
  const labels = resourceLabels('Service', name, td);
  const selector = selectorLabels('Service', name);

  // Tags: the service's own tags label the objects, and the pods with propagateTags SERVICE. The
  // task definition's tags label the pods in every case (the pod template does that, DESIGN.md §1),
  // so propagateTags TASK_DEFINITION needs nothing more here.
  const objectTags = tagLabels([{ tags: svc.tags, source: 'Service', path: 'tags' }]);
  findings.push(...objectTags.findings);
  const podTags = svc.propagateTags === 'SERVICE' ? objectTags : undefined;

  const podLabels = { ...(podTags?.labels ?? {}), ...labels, [LABEL_GROUP]: groupLabelValue(`service:${serviceName}`) };
  const pod = buildPodTemplate(td, { kind: 'Service', workloadName: name, labels: podLabels, options });
  findings.push(...pod.findings);
  if (options.appliedBy === 'cli')
    findings.push({
      source: 'Service',
      path: '',
      level: 'Approximated',
      message:
        'applied without the ecs2eks operator, an essential container that exits is restarted alone; the operator stops the whole task and the workload starts a new one, as ECS does',
    });

  // Replicas: desiredCount, clamped into the autoscaling range; an HPA then owns them.
  const a = daemon ? undefined : (svc.autoScaling ?? undefined);
  if (svc.desiredCount != null && svc.desiredCount < 0)
    throw new InputError('desiredCount', 'must not be negative', 'InvalidSpec', 'Service');
  const max = options.maxTasksPerService;
  const quota = `the ${max.toLocaleString('en-US')} tasks a service may run (the ECS quota; the bound is configurable)`;
  if (!daemon && svc.desiredCount != null && svc.desiredCount > max)
    throw new InputError('desiredCount', `${svc.desiredCount} is above ${quota}`, 'InvalidSpec', 'Service');
  if (a && a.maxCapacity > max)
    throw new InputError('autoScaling.maxCapacity', `${a.maxCapacity} is above ${quota}`, 'InvalidSpec', 'Service');
  let desired = svc.desiredCount ?? (a ? a.minCapacity : 1);
  if (daemon && svc.desiredCount != null)
    findings.push({
      source: 'Service',
      path: 'desiredCount',
      level: 'Info',
      message: 'a DAEMON service runs one task per node; desiredCount is ignored',
    });
  if (!daemon && svc.desiredCount == null)
    findings.push({ source: 'Service', path: 'desiredCount', level: 'Info', message: `absent: ${desired} replica(s)` });
  if (daemon && svc.autoScaling)
    reportMembers(
      findings,
      'Service',
      'autoScaling',
      svc.autoScaling,
      'Unsupported',
      'a DaemonSet cannot be autoscaled',
    );
  const extra: KubeObject[] = [];
  const workloadAnnotations: Record<string, string> = {};
  if (a) {
    desired = autoscaledReplicas(desired, a);
    const hpa = horizontalPodAutoscalerFor({ name, namespace: options.namespace, labels, autoScaling: a });
    findings.push(...hpa.findings);
    if (hpa.object) {
      extra.push(hpa.object);
      workloadAnnotations[ANNOTATION_REPLICAS_MANAGED_BY] = 'hpa';
    }
  }

  const dc = svc.deploymentConfiguration;
  const plan = rolloutPlan(daemon ? 'DAEMON' : 'REPLICA', desired, dc);
  findings.push(...plan.findings);
  if (
    workloadAnnotations[ANNOTATION_REPLICAS_MANAGED_BY] &&
    typeof plan.rollingUpdate.maxSurge === 'number' &&
    plan.maximumPercent > 100
  ) {
    findings.push({
      source: 'Service',
      path: 'deploymentConfiguration.maximumPercent',
      level: 'Approximated',
      message: `maxSurge is fixed at ${plan.rollingUpdate.maxSurge} (computed for ${desired} replicas); the HPA changing replicas does not recompute it`,
    });
  }
  const settings = deploymentSettings(dc, desired, daemon);
  findings.push(...settings.findings);
  Object.assign(workloadAnnotations, settings.annotations, objectTags.annotations);

  if (svc.deploymentController?.type && svc.deploymentController.type !== 'ECS') {
    findings.push({
      source: 'Service',
      path: 'deploymentController.type',
      level: 'Unsupported',
      message: `${svc.deploymentController.type} deployments are not reproduced; a rolling update is used`,
    });
  }

  // Scheduling.
  const capacity = capacityPlacement({
    source: 'Service',
    launchType: svc.launchType,
    capacityProviderStrategy: svc.capacityProviderStrategy,
    requiresCompatibilities: td.spec.requiresCompatibilities,
    options,
  });
  findings.push(...capacity.findings);
  const placement = translatePlacement({
    source: 'Service',
    constraints: svc.placementConstraints,
    strategies: svc.placementStrategy,
    taskDefinitionConstraints: pod.placementConstraints,
    ownSelector: selector,
    defaultZoneSpread: !daemon && (capacity.fargate || !(svc.placementStrategy ?? []).length),
    daemon,
    options,
  });
  findings.push(...placement.findings);
  let podSpec = withScheduling(pod.template.spec, placement, capacity, findings, 'Service');

  const grace = svc.healthCheckGracePeriodSeconds ?? 0;
  if (grace > 0) {
    podSpec = applyHealthCheckGrace(podSpec, grace);
    findings.push({
      source: 'Service',
      path: 'healthCheckGracePeriodSeconds',
      level: 'Approximated',
      message: `liveness probes start after at least ${grace}s; readiness (and so load balancer traffic) is not delayed`,
    });
  }
  if (svc.availabilityZoneRebalancing) {
    findings.push({
      source: 'Service',
      path: 'availabilityZoneRebalancing',
      level: 'Info',
      message: 'new pods are spread over zones; nothing moves running pods (a descheduler can)',
    });
  }
  extra.push(
    ...networkFindings(svc.networkConfiguration, 'Service', findings, {
      name,
      namespace: options.namespace,
      selector,
      enabled: options.integrations.securityGroupPolicy,
    }),
  );
  awsSideFindings(svc, 'Service', findings);
  reportMembers(
    findings,
    'Service',
    'volumeConfigurations',
    svc.volumeConfigurations,
    'Unsupported',
    'the EBS volume is not created: the task definition volume is an emptyDir (node-local scratch space that lives as long as the pod)',
  );
  reportMembers(
    findings,
    'Service',
    'vpcLatticeConfigurations',
    svc.vpcLatticeConfigurations,
    'Unsupported',
    'VPC Lattice needs the AWS Gateway API Controller',
  );
  reportMembers(findings, 'Service', 'monitoring', svc.monitoring, 'Info', 'metric resolution is a CloudWatch setting');

  const workload = workloadFor({
    kind: daemon ? 'DaemonSet' : 'Deployment',
    name,
    namespace: options.namespace,
    labels: { ...objectTags.labels, ...labels },
    annotations: sortRecord(workloadAnnotations),
    selector,
    template: {
      metadata: {
        labels: sortRecord({ ...pod.template.metadata.labels, ...podLabels }),
        ...(pod.template.metadata.annotations || podTags || input.forceNewDeployment
          ? {
              annotations: {
                ...(podTags?.annotations ?? {}),
                ...(pod.template.metadata.annotations ?? {}),
                ...(input.forceNewDeployment ? { [ANNOTATION_FORCE_NEW_DEPLOYMENT]: input.forceNewDeployment } : {}),
              },
            }
          : {}),
      },
      spec: podSpec,
    },
    rollingUpdate: plan.rollingUpdate,
    replicas: desired,
    progressDeadlineSeconds: BASE_PROGRESS_DEADLINE_SECONDS + grace,
  });

  const discovery = discoveryObjects({
    name,
    loadBalancers: svc.loadBalancers,
    serviceRegistries: svc.serviceRegistries,
    serviceConnect: svc.serviceConnectConfiguration,
    ports: pod.ports,
    containers: td.spec.containerDefinitions.map((c) => c.name),
    networkMode: effectiveNetworkMode(td.spec),
    selector,
    labels,
    options,
  });
  findings.push(...discovery.findings);

  if (!daemon) {
    const pdb = podDisruptionBudgetFor({
      name,
      namespace: options.namespace,
      labels,
      selector,
      minimumHealthyPercent: plan.minimumHealthyPercent,
      maxReplicas: a ? a.maxCapacity : desired,
      minReplicas: a ? Math.min(a.minCapacity, desired) : desired,
    });
    findings.push(...pdb.findings);
    if (pdb.object) extra.push(pdb.object);
  }

  return finish([...pod.objects, workload, ...discovery.objects, ...extra], findings, options.namespace, labels);
}
