/**
 * buildPodTemplate: everything a task definition becomes inside a pod, for all three kinds (the
 * Deployment/DaemonSet of a Service and the pods of a Task). Pure and deterministic; every field
 * that is not reproduced exactly is reported as a finding, and bad input throws InputError.
 */
import { InputError } from '../ecs/errors.js';
import type { ResolvedTaskDefinition } from '../ecs/model.js';
import type { TaskDefinitionPlacementConstraint, TaskOverride } from '../ecs/schema.gen.js';
import { containerBasics } from './container.js';
import { containerEnv } from './env.js';
import { FindingSink, compact, cpath } from './findings.js';
import { imagePullSecrets, nodePlacement, podLabels, serviceAccountFor } from './identity.js';
import { isWindows } from './windows.js';
import { sortRecord } from './labels.js';
import { NameMap } from './names.js';
import { effectiveNetworkMode, podNetworking } from './networking.js';
import type { TranslateOptions } from './options.js';
import { isEssential, orderContainers } from './ordering.js';
import { applyOverrides } from './overrides.js';
import { containerPorts, type PortInfo, type PortState } from './ports.js';
import { probesFor } from './probes.js';
import {
  applyEphemeralStorage,
  applyTaskResources,
  containerResourceSpec,
  toResources,
  type Participant,
} from './resources.js';
import { externalSecrets, type SecretSource } from './secrets.js';
import { containerSecurityContext, podSecurity } from './security.js';
import type { Finding, KubeObject } from './types.js';
import { buildVolumes, containerMounts } from './volumes.js';

/** Kubernetes' default grace period, also the ECS default stop timeout. */
export const DEFAULT_STOP_TIMEOUT = 30;

export interface PodContext {
  /** A Service pod (Deployment/DaemonSet) or a one-off Task pod. */
  kind: 'Service' | 'Task';
  /** Already a DNS-1123 label; names the ServiceAccount and the per-workload objects. */
  workloadName: string;
  /** Labels the caller requires on the pod (selector + identity); kept, never overridden. */
  labels: Record<string, string>;
  options: TranslateOptions;
  /** RunTask overrides, applied before translation. */
  overrides?: TaskOverride | null;
}

export interface PodTemplateResult {
  template: {
    metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
    spec: Record<string, unknown>;
  };
  /** Objects the pod needs: ServiceAccount, ExternalSecrets, EFS PersistentVolumes and claims; sorted by kind and name. */
  objects: KubeObject[];
  findings: Finding[];
  /** Sanitized container name by ECS container name. */
  containerNames: Record<string, string>;
  /** Every named container port, for load balancers, service registries and Service Connect. */
  ports: PortInfo[];
  /** The task definition's placement constraints, untouched: the Service/Task layer translates them. */
  placementConstraints: TaskDefinitionPlacementConstraint[];
}

/** Comma-separated Kubernetes names of the containers whose exit stops the task (the essential ones). */
export const ANNOTATION_ESSENTIAL_CONTAINERS = 'ecs2eks.dev/essential-containers';
/** JSON map of Kubernetes container name → ECS container name. */
export const ANNOTATION_CONTAINER_NAMES = 'ecs2eks.dev/container-names';

/** buildPodTemplate translates a resolved task definition into a pod template and the objects it needs. */
export function buildPodTemplate(td: ResolvedTaskDefinition, ctx: PodContext): PodTemplateResult {
  const { options, kind } = ctx;
  const sink = new FindingSink('TaskDefinition');
  const spec = applyOverrides(td.spec, ctx.overrides, sink);
  const defs = spec.containerDefinitions ?? [];
  if (defs.length === 0) throw new InputError('containerDefinitions', 'a task definition needs at least one container');
  const seen = new Set<string>();
  defs.forEach((c, i) => {
    if (!c.name) throw new InputError(cpath(i, '.name'), 'a container needs a name');
    if (seen.has(c.name)) throw new InputError(cpath(i, '.name'), `container name "${c.name}" is used twice`);
    if (!c.image?.trim()) throw new InputError(cpath(i, '.image'), 'a container needs an image');
    seen.add(c.name);
  });
  if (!defs.some(isEssential)) throw new InputError('containerDefinitions', 'at least one container must be essential');

  const names = new NameMap(defs.map((c) => c.name));
  const k8sNames = defs.map((c) => names.get(c.name)!);
  const windows = isWindows(spec);
  const order = orderContainers(defs, kind, sink);
  const network = podNetworking(spec, options, sink);
  const plan = buildVolumes(spec, ctx.workloadName, options, sink);
  const mounts = containerMounts(defs, k8sNames, plan, sink);

  const participants: Participant[] = defs.map((c, i) => ({
    index: i,
    role: order.roles[i],
    res: containerResourceSpec(c, i, windows, sink),
  }));
  const main = order.containers.find((i) => isEssential(defs[i])) ?? order.containers[0];
  applyEphemeralStorage(
    spec,
    main === undefined ? undefined : participants[main],
    main === undefined ? '' : defs[main].name,
    sink,
  );
  const podResources = applyTaskResources(
    spec,
    participants,
    options.podLevelResources,
    windows,
    (i) => `"${defs[i].name}"`,
    sink,
  ).podResources;

  const portState: PortState = { names: new Set(), hostPorts: new Map(), infos: [] };
  const sources: SecretSource[] = [];
  const mode = effectiveNetworkMode(spec);
  const built = defs.map((c, i) => {
    const role = order.roles[i];
    // The kubelet restarts a Service pod's containers and sidecars when they exit; ECS leaves a
    // non-essential one stopped (init containers run once in both).
    if (kind === 'Service' && !isEssential(c) && role !== 'init' && !c.restartPolicy?.enabled)
      sink.approximated(
        cpath(i, '.essential'),
        'a non-essential container that exits is restarted in place by the kubelet; ECS leaves it stopped (the task keeps running in both)',
      );
    const env = containerEnv(c, i, sources, options.integrations.externalSecrets, sink);
    return {
      ...containerBasics(c, i, k8sNames[i], kind, sink, options.imagePullPolicy),
      ports: containerPorts(c, i, k8sNames[i], mode, portState, options.policy, sink),
      env: env.env,
      envFrom: env.envFrom,
      resources: toResources(participants[i].res),
      volumeMounts: mounts[i],
      securityContext: containerSecurityContext(c, i, options, sink),
      ...probesFor(
        c,
        i,
        { role, essential: isEssential(c), kind, healthyTarget: order.healthyTargets.has(i), windows },
        sink,
      ),
      ...(role === 'sidecar' ? { restartPolicy: 'Always' } : {}),
    };
  });

  // ECS kills each container stopTimeout seconds after SIGTERM (30 s without one); Kubernetes has one
  // grace period for the pod: the largest, so that no container is killed sooner than in ECS.
  const stopTimeouts = defs.map((c) => c.stopTimeout ?? DEFAULT_STOP_TIMEOUT);
  const grace = Math.max(...stopTimeouts);
  defs.forEach((c, i) => {
    if (c.stopTimeout !== null && c.stopTimeout !== undefined && c.stopTimeout !== grace) {
      sink.approximated(
        cpath(i, '.stopTimeout'),
        `the grace period is pod-wide in Kubernetes: ${grace}s (the largest stop timeout; ${DEFAULT_STOP_TIMEOUT}s for a container without one) instead of ${c.stopTimeout}s`,
      );
    }
  });

  const security = podSecurity(spec, network.hostNetwork === true, options, sink);
  const sa = serviceAccountFor(spec, ctx.workloadName, options, sink);
  const pullSecrets = imagePullSecrets(spec, sink);
  const placement = nodePlacement(spec, options, sink);
  const meta = podLabels(spec, ctx.labels, sink);

  const podSpec = compact({
    automountServiceAccountToken: false,
    containers: order.containers.map((i) => built[i]),
    initContainers: order.initOrder.map((i) => built[i]),
    enableServiceLinks: false,
    restartPolicy: kind === 'Service' ? 'Always' : 'Never',
    terminationGracePeriodSeconds: grace,
    serviceAccountName: sa?.metadata.name,
    imagePullSecrets: pullSecrets,
    volumes: plan.volumes,
    resources: podResources,
    ...network,
    hostPID: security.hostPID,
    hostIPC: security.hostIPC,
    shareProcessNamespace: security.shareProcessNamespace,
    securityContext: security.sysctls ? { sysctls: security.sysctls } : undefined,
    ...placement,
  }) as Record<string, unknown>;

  const objects: KubeObject[] = [
    ...(sa ? [sa] : []),
    ...(options.integrations.externalSecrets ? externalSecrets(sources, options) : []),
    ...plan.objects,
  ]
    .map((o) => compact(o))
    .sort((a, b) => (a.kind === b.kind ? (a.metadata.name < b.metadata.name ? -1 : 1) : a.kind < b.kind ? -1 : 1));

  // The operator stops a task when an essential container exits and reports containers by their ECS
  // names: both facts travel on the pod, so a task's status can be computed from its pod alone.
  // The containers whose exit stops the task: the essential ones, except in a Service those with an ECS
  // restartPolicy, which ECS restarts in place (as the kubelet does) instead of stopping the task.
  const essential = defs
    .filter((c) => isEssential(c) && !(kind === 'Service' && c.restartPolicy?.enabled))
    .map((c) => names.get(c.name)!)
    .sort();
  const ecsNames = Object.fromEntries(
    [...names.entries()]
      .map(([ecs, k8s]): [string, string] => [k8s, ecs])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const annotations = sortRecord({
    ...meta.annotations,
    [ANNOTATION_ESSENTIAL_CONTAINERS]: essential.join(','),
    [ANNOTATION_CONTAINER_NAMES]: JSON.stringify(ecsNames),
  });
  return {
    template: {
      metadata: compact({ labels: meta.labels, annotations }),
      spec: podSpec,
    },
    objects,
    findings: sink.list,
    containerNames: Object.fromEntries(names.entries()),
    ports: portState.infos,
    placementConstraints: (spec.placementConstraints ?? []).map((p) => ({ ...p })),
  };
}
