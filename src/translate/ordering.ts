/**
 * Container kinds and start order from `essential` and `dependsOn` (ecs-mapping.md §5):
 * targets of SUCCESS/COMPLETE become init containers, targets of START/HEALTHY native sidecars
 * (init containers with `restartPolicy: Always`), the rest regular containers; init containers are
 * ordered topologically (declaration order breaks ties). For one-off tasks, non-essential containers
 * that nothing depends on become sidecars too, so that the pod can complete.
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
        }
      }
    });
  });

  const order = topologicalOrder(defs, deps);
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
    if (kind === 'Task') {
      sink.approximated(
        cpath(i, '.essential'),
        `non-essential container "${c.name}" runs as a native sidecar so that the task completes when its essential containers exit`,
      );
      return 'sidecar';
    }
    sink.approximated(
      cpath(i, '.essential'),
      `non-essential container "${c.name}" is a regular container: Kubernetes restarts it when it exits, where ECS leaves it stopped`,
    );
    return 'container';
  });

  // A pod needs at least one regular container: keep the non-essential leaves of a task regular.
  if (!roles.includes('container')) {
    defs.forEach((c, i) => {
      if (!runTargets.has(i) && !startTargets.has(i)) roles[i] = 'container';
    });
  }
  return {
    roles,
    initOrder: order.filter((i) => roles[i] !== 'container'),
    containers: defs.map((_, i) => i).filter((i) => roles[i] === 'container'),
    healthyTargets,
  };
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

function findCycle(deps: number[][], done: Set<number>): number[] {
  const state = new Map<number, 'visiting' | 'visited'>();
  const stack: number[] = [];
  const visit = (n: number): number[] | undefined => {
    state.set(n, 'visiting');
    stack.push(n);
    for (const d of deps[n]) {
      if (done.has(d)) continue;
      if (state.get(d) === 'visiting') return stack.slice(stack.indexOf(d));
      if (!state.has(d)) {
        const found = visit(d);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(n, 'visited');
    return undefined;
  };
  for (let i = 0; i < deps.length; i++) {
    if (done.has(i) || state.has(i)) continue;
    const found = visit(i);
    if (found) return found;
  }
  return [];
}
