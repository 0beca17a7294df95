/**
 * Container kinds and start order from `essential` and `dependsOn` (ecs-mapping.md §5):
 * targets of SUCCESS/COMPLETE become init containers, targets of START/HEALTHY native sidecars
 * (init containers with `restartPolicy: Always`), the rest regular containers; init containers are
 * ordered topologically (declaration order breaks ties). For one-off tasks, non-essential containers
 * that nothing depends on become sidecars too, so that the pod can complete, unless every essential
 * container is itself a sidecar: then they stay the pod's regular containers.
 */
import { InputError } from '../ecs/errors.js';
import type { ContainerDefinition } from '../ecs/model.js';
import { cpath, type FindingSink } from './findings.js';

/** How a container runs in the pod: a regular container, a native sidecar or a run-to-completion init container. */
export type ContainerRole = 'container' | 'sidecar' | 'init';

export interface Ordering {
  /** Role of each container, by declaration index. */
  roles: ContainerRole[];
  /** Indexes of init containers and sidecars in start order. */
  initOrder: number[];
  /** Indexes of regular containers in declaration order. */
  containers: number[];
  /** Indexes of containers some other container waits on with condition HEALTHY. */
  healthyTargets: Set<number>;
}

/** isEssential applies the ECS default (true). */
export function isEssential(c: ContainerDefinition): boolean {
  return c.essential !== false;
}

/**
 * orderContainers classifies and orders the containers. Throws InputError for a dependency on a
 * missing container, a SUCCESS/COMPLETE dependency on an essential container, a HEALTHY dependency
 * on a container without healthCheck, and (reason DependencyCycle) for a cycle, naming its containers.
 */
export function orderContainers(defs: ContainerDefinition[], kind: 'Service' | 'Task', sink: FindingSink): Ordering {
  const index = new Map(defs.map((c, i) => [c.name, i]));
  const deps: number[][] = defs.map(() => []);
  const runTargets = new Set<number>();
  const startTargets = new Set<number>();
  const healthyTargets = new Set<number>();
  // healthyOn[i]: the containers i waits on with condition HEALTHY.
  const healthyOn: Set<number>[] = defs.map(() => new Set<number>());
  defs.forEach((c, i) => {
    (c.dependsOn ?? []).forEach((d, j) => {
      const path = cpath(i, `.dependsOn[${j}]`);
      const t = index.get(d.containerName);
      if (t === undefined)
        throw new InputError(
          `${path}.containerName`,
          `no container named "${d.containerName}" in this task definition`,
        );
      const target = defs[t];
      deps[i].push(t);
      if (d.condition === 'SUCCESS' || d.condition === 'COMPLETE') {
        if (isEssential(target)) {
          throw new InputError(
            `${path}.condition`,
            `condition ${d.condition} requires "${target.name}" to be non-essential (an essential container must keep running)`,
          );
        }
        runTargets.add(t);
        if (d.condition === 'COMPLETE') {
          sink.approximated(
            `${path}.condition`,
            `"${target.name}" runs as an init container; ECS COMPLETE accepts any exit code, Kubernetes requires exit code 0 before "${c.name}" starts`,
          );
        }
      } else {
        startTargets.add(t);
        if (d.condition === 'HEALTHY') {
          if (!target.healthCheck)
            throw new InputError(`${path}.condition`, `condition HEALTHY requires a healthCheck on "${target.name}"`);
          healthyTargets.add(t);
          healthyOn[i].add(t);
        }
      }
    });
  });

  const order = topologicalOrder(defs, deps);
  // A pod needs a regular container. In a task whose essential containers are all dependencies of
  // others (so sidecars: SUCCESS/COMPLETE targets are never essential), the non-essential leaves stay
  // regular containers.
  const essentialLeaf = defs.some((c, i) => isEssential(c) && !startTargets.has(i));
  const roles: ContainerRole[] = defs.map((c, i) => {
    if (runTargets.has(i)) {
      if (startTargets.has(i)) {
        sink.approximated(
          cpath(i),
          `"${c.name}" is a dependency with both run-to-completion and START/HEALTHY conditions; it runs as an init container, so dependents start after it has exited`,
        );
      }
      return 'init';
    }
    if (startTargets.has(i)) {
      if (isEssential(c)) {
        sink.approximated(
          cpath(i, '.essential'),
          `essential container "${c.name}" runs as a native sidecar so that its dependents start after it; Kubernetes restarts it when it exits instead of stopping the task`,
        );
      }
      return 'sidecar';
    }
    if (isEssential(c)) return 'container';
    if (kind === 'Task' && essentialLeaf) {
      sink.approximated(
        cpath(i, '.essential'),
        `non-essential container "${c.name}" runs as a native sidecar so that the task completes when its essential containers exit`,
      );
      return 'sidecar';
    }
    if (kind === 'Task') {
      sink.approximated(
        cpath(i, '.essential'),
        `non-essential container "${c.name}" is a regular container because every essential container is a dependency that runs as a native sidecar: the task completes when its regular containers have exited, not when an essential container exits`,
      );
      return 'container';
    }
    sink.approximated(
      cpath(i, '.essential'),
      `non-essential container "${c.name}" is a regular container: Kubernetes restarts it when it exits, where ECS leaves it stopped`,
    );
    return 'container';
  });
  const initOrder = order.filter((i) => roles[i] !== 'container');
  const containers = defs.map((_, i) => i).filter((i) => roles[i] === 'container');
  reportHealthGateWaiters(defs, deps, healthyOn, healthyTargets, initOrder, containers, sink);
  return { roles, initOrder, containers, healthyTargets };
}

/**
 * A HEALTHY target is a native sidecar with a startup probe, and Kubernetes starts nothing after a
 * sidecar until its startup probe passes: every later sidecar and every regular container waits for
 * its health, also those that ECS would start at once (no dependency, or only START on it). Seen on a
 * real kubelet: a START dependent of a HEALTHY target started 9 s after it, when it turned healthy.
 * Names those containers, so the difference is not silent.
 */
function reportHealthGateWaiters(
  defs: ContainerDefinition[],
  deps: number[][],
  healthyOn: Set<number>[],
  healthyTargets: Set<number>,
  initOrder: number[],
  containers: number[],
  sink: FindingSink,
): void {
  const memo = new Map<string, boolean>();
  // Whether ECS too makes i wait for t's health: i, or something i depends on, has HEALTHY on t.
  const ecsWaits = (i: number, t: number): boolean => {
    const key = `${i}/${t}`;
    let v = memo.get(key);
    if (v === undefined) {
      v = healthyOn[i].has(t) || deps[i].some((j) => ecsWaits(j, t));
      memo.set(key, v);
    }
    return v;
  };
  for (const t of [...healthyTargets].sort((a, b) => a - b)) {
    const after = [...initOrder.slice(initOrder.indexOf(t) + 1), ...containers];
    const extra = after.filter((i) => !ecsWaits(i, t)).map((i) => `"${defs[i].name}"`);
    if (extra.length === 0) continue;
    sink.approximated(
      cpath(t, '.healthCheck'),
      `${extra.join(', ')} ${extra.length === 1 ? 'starts' : 'start'} only once "${defs[t].name}" is healthy (a native sidecar's startup probe holds every container after it), where ECS starts them without waiting for its health`,
    );
  }
}

/** Kahn's algorithm; dependencies first, the lowest declaration index first among ready ones. */
function topologicalOrder(defs: ContainerDefinition[], deps: number[][]): number[] {
  const remaining = deps.map((d) => new Set(d));
  const done = new Set<number>();
  const order: number[] = [];
  while (order.length < defs.length) {
    const next = defs.findIndex((_, i) => !done.has(i) && [...remaining[i]].every((d) => done.has(d)));
    if (next < 0) {
      const cycle = findCycle(deps, done);
      throw new InputError(
        cpath(cycle[0], '.dependsOn'),
        `dependsOn forms a cycle: ${[...cycle, cycle[0]].map((i) => defs[i].name).join(' -> ')}`,
        'DependencyCycle',
      );
    }
    done.add(next);
    order.push(next);
  }
  return order;
}

/**
 * findCycle returns a cycle among the containers not `done`. Each of them has a dependency that is not
 * done either (else Kahn's algorithm would have taken it), so following the first such dependency
 * from the lowest index must come back to a container already on the path.
 */
function findCycle(deps: number[][], done: Set<number>): number[] {
  // Stryker disable next-line ArrayDeclaration: a non-number first entry is never a container index, so it neither closes the walk nor lands in the returned slice
  const path: number[] = [];
  let n = deps.findIndex((_, i) => !done.has(i));
  while (!path.includes(n)) {
    path.push(n);
    n = deps[n].find((d) => !done.has(d))!;
  }
  return path.slice(path.indexOf(n));
}
