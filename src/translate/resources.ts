/**
 * Container and task resources. Container `cpu` is a share (request only), `memory` the limit (and
 * the request without `memoryReservation`), `memoryReservation` the request. Task-level cpu/memory
 * cap the whole pod: pod-level `spec.resources` when the cluster has PodLevelResources, otherwise
 * divided over the containers' limits. Every choice is reported as a finding.
 */
import { InputError } from '../ecs/errors.js';
import type { ContainerDefinition, TaskDefinitionSpec } from '../ecs/model.js';
import {
  cpuUnitsToMillicores,
  gibToQuantity,
  mibToQuantity,
  millicoresToQuantity,
  parseTaskCpu,
  parseTaskMemory,
} from '../ecs/units.js';
import { cpath, type FindingSink } from './findings.js';
import type { ContainerRole } from './ordering.js';

/** Numeric resources of one container before they become quantities. */
export interface ContainerResourceSpec {
  cpuRequestM?: number;
  cpuLimitM?: number;
  memRequestMiB?: number;
  memLimitMiB?: number;
  /** Extended resources and ephemeral storage, already as quantities (limits). */
  extendedLimits: Record<string, string>;
}

/** containerResourceSpec reads cpu, memory, memoryReservation and resourceRequirements of container `i`. */
export function containerResourceSpec(
  c: ContainerDefinition,
  i: number,
  windows: boolean,
  sink: FindingSink,
): ContainerResourceSpec {
  const out: ContainerResourceSpec = { extendedLimits: {} };
  // ECS refuses negative values; dropping them silently would change the task's resources unannounced.
  for (const field of ['cpu', 'memory', 'memoryReservation'] as const) {
    const v = c[field];
    if (typeof v === 'number' && v < 0)
      throw new InputError(cpath(i, `.${field}`), `${field} ${v} is negative; ECS refuses it`);
  }
  // null, absent and 0 all mean "not set" for these three.
  const cpu = c.cpu ?? 0;
  const memory = c.memory ?? 0;
  const reservation = c.memoryReservation ?? 0;
  if (cpu > 0) {
    out.cpuRequestM = cpuUnitsToMillicores(cpu);
    if (windows) out.cpuLimitM = out.cpuRequestM; // Windows containers treat cpu as an absolute cap.
  }
  // An absent value never conflicts (-Infinity, Infinity). ECS accepts a reservation equal to memory.
  if ((c.memoryReservation ?? -Infinity) > (c.memory ?? Infinity)) {
    throw new InputError(
      cpath(i, '.memoryReservation'),
      `memoryReservation (${c.memoryReservation}) must not exceed memory (${c.memory})`,
    );
  }
  if (reservation > 0) out.memRequestMiB = reservation;
  if (memory > 0) {
    out.memLimitMiB = memory;
    out.memRequestMiB ??= memory;
  }
  (c.resourceRequirements ?? []).forEach((r, j) => {
    const path = cpath(i, `.resourceRequirements[${j}]`);
    const value = String(r.value).trim();
    const count = /^\d+$/.test(value) ? Number(value) : undefined;
    if (r.type === 'InferenceAccelerator') {
      sink.unsupported(path, 'Elastic Inference accelerators have no Kubernetes equivalent; ignored');
    } else if (count === undefined || count === 0) {
      sink.unsupported(
        `${path}.value`,
        `${r.type} "${value}" is not a device count; Kubernetes needs a number of devices; ignored`,
      );
    } else {
      const name = r.type === 'GPU' ? 'nvidia.com/gpu' : 'aws.amazon.com/neuron';
      out.extendedLimits[name] = String(count);
      sink.info(path, `${count} × ${name} (needs the matching device plugin on the nodes)`);
    }
  });
  return out;
}

export interface TaskResourceResult {
  /** Pod-level `spec.resources`, when used. */
  podResources?: Record<string, Record<string, string>>;
}

export interface Participant {
  index: number;
  role: ContainerRole;
  res: ContainerResourceSpec;
}

/**
 * applyTaskResources applies task-level cpu, memory and ephemeralStorage: pod-level resources or a
 * division over the container limits (mutating the participants' specs), with findings.
 */
export function applyTaskResources(
  spec: TaskDefinitionSpec,
  participants: Participant[],
  podLevel: boolean,
  windows: boolean,
  nameOf: (index: number) => string,
  sink: FindingSink,
): TaskResourceResult {
  const taskCpu = spec.cpu === null || spec.cpu === undefined ? undefined : parseTaskCpu(spec.cpu, 'cpu');
  const taskMem =
    spec.memory === null || spec.memory === undefined ? undefined : parseTaskMemory(spec.memory, 'memory');
  const out: TaskResourceResult = {};
  if (windows && (taskCpu !== undefined || taskMem !== undefined)) {
    sink.info(
      taskCpu !== undefined ? 'cpu' : 'memory',
      'task-level cpu and memory are ignored for Windows containers, as in ECS',
    );
  } else if (podLevel) {
    const pod: Record<string, string> = {};
    if (taskCpu !== undefined) {
      const least = leastPodRequest(participants, (r) => r.cpuRequestM);
      pod.cpu = millicoresToQuantity(Math.max(cpuUnitsToMillicores(taskCpu), least));
      sink.info('cpu', `task cpu ${taskCpu} units is the pod-level cpu request and limit (${pod.cpu})`);
    }
    if (taskMem !== undefined) {
      const least = leastPodRequest(participants, (r) => r.memRequestMiB);
      // Kubernetes also refuses a container limit above the pod limit.
      const max = Math.max(0, ...participants.map((p) => p.res.memLimitMiB ?? 0));
      pod.memory = mibToQuantity(Math.max(taskMem, least, max));
      sink.info('memory', `task memory ${taskMem} MiB is the pod-level memory request and limit (${pod.memory})`);
    }
    if (Object.keys(pod).length > 0) out.podResources = { limits: { ...pod }, requests: { ...pod } };
  } else {
    if (taskCpu !== undefined) divideCpu(cpuUnitsToMillicores(taskCpu), participants, nameOf, sink);
    if (taskMem !== undefined) divideMemory(taskMem, participants, nameOf, sink);
  }
  return out;
}

/**
 * leastPodRequest is the smallest pod-level request Kubernetes accepts for one resource: the sum over
 * the running containers (regular ones and sidecars), or an init container together with the sidecars
 * started before it, whichever is larger. The start order is not known here, so an init container is
 * counted with all sidecars (at most a few millicores more than needed, from rounding).
 */
function leastPodRequest(participants: Participant[], pick: (r: ContainerResourceSpec) => number | undefined): number {
  const sum = (ps: Participant[]) => ps.reduce((s, p) => s + (pick(p.res) ?? 0), 0);
  const running = participants.filter((p) => p.role !== 'init');
  const sidecars = sum(running.filter((p) => p.role === 'sidecar'));
  const inits = participants.filter((p) => p.role === 'init').map((p) => (pick(p.res) ?? 0) + sidecars);
  return Math.max(sum(running), ...inits);
}

function describe(participants: Participant[], names: (i: number) => string, pick: (p: Participant) => string): string {
  return participants.map((p) => `${names(p.index)} ${pick(p)}`).join(', ');
}

function divideCpu(taskM: number, participants: Participant[], nameOf: (i: number) => string, sink: FindingSink): void {
  const running = participants.filter((p) => p.role !== 'init');
  const free = Math.max(0, taskM - running.reduce((s, p) => s + (p.res.cpuRequestM ?? 0), 0));
  for (const p of running) p.res.cpuLimitM = Math.max(1, (p.res.cpuRequestM ?? 0) + Math.floor(free / running.length));
  for (const p of participants.filter((q) => q.role === 'init'))
    p.res.cpuLimitM = Math.max(taskM, p.res.cpuRequestM ?? 0);
  sink.approximated(
    'cpu',
    `no pod-level resources on this cluster: task cpu (${millicoresToQuantity(taskM)}) divided over the container limits: ` +
      describe(participants, nameOf, (p) => millicoresToQuantity(p.res.cpuLimitM!)),
  );
}

function divideMemory(
  taskMiB: number,
  participants: Participant[],
  nameOf: (i: number) => string,
  sink: FindingSink,
): void {
  const running = participants.filter((p) => p.role !== 'init');
  const open = running.filter((p) => p.res.memLimitMiB === undefined);
  const used = running.reduce((s, p) => s + (p.res.memLimitMiB ?? p.res.memRequestMiB ?? 0), 0);
  const free = Math.max(0, taskMiB - used);
  for (const p of open) p.res.memLimitMiB = Math.max(6, (p.res.memRequestMiB ?? 0) + Math.floor(free / open.length));
  // Only init containers can still be without a limit: while they run alone, the whole task is theirs.
  for (const p of participants) p.res.memLimitMiB ??= taskMiB;
  sink.approximated(
    'memory',
    `no pod-level resources on this cluster: task memory (${mibToQuantity(taskMiB)}) divided over the container limits: ` +
      describe(participants, nameOf, (p) => mibToQuantity(p.res.memLimitMiB!)),
  );
}

/** ephemeralStorageLimit puts the task's ephemeral storage on container `target` (the first essential one). */
export function applyEphemeralStorage(
  spec: TaskDefinitionSpec,
  target: Participant | undefined,
  targetName: string,
  sink: FindingSink,
): void {
  const size = spec.ephemeralStorage?.sizeInGiB;
  if (size === undefined || !target) return;
  target.res.extendedLimits['ephemeral-storage'] = gibToQuantity(size);
  sink.approximated(
    'ephemeralStorage',
    `Kubernetes has no pod-level ephemeral storage: ${size}Gi set as the ephemeral-storage limit of "${targetName}"`,
  );
}

/** toResources renders a container's resource spec as a Kubernetes `resources` object (undefined when empty). */
export function toResources(res: ContainerResourceSpec): Record<string, Record<string, string>> | undefined {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = { ...res.extendedLimits };
  if (res.cpuRequestM !== undefined) requests.cpu = millicoresToQuantity(res.cpuRequestM);
  if (res.cpuLimitM !== undefined) limits.cpu = millicoresToQuantity(Math.max(res.cpuLimitM, res.cpuRequestM ?? 0));
  if (res.memRequestMiB !== undefined) requests.memory = mibToQuantity(res.memRequestMiB);
  if (res.memLimitMiB !== undefined) limits.memory = mibToQuantity(Math.max(res.memLimitMiB, res.memRequestMiB ?? 0));
  const out: Record<string, Record<string, string>> = {};
  if (Object.keys(requests).length > 0) out.requests = requests;
  if (Object.keys(limits).length > 0) out.limits = limits;
  return Object.keys(out).length > 0 ? out : undefined;
}
