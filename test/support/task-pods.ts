/**
 * Fixture builders for Task (RunTask) status tests: the pods and containers of a task as
 * `observeTaskPod` reports them, and the input of `computeTaskStatus`.
 *
 * The default task definition has two essential containers, `App` and `Worker`, and one
 * non-essential `log_router`, which runs as a native sidecar (an init container that keeps running).
 * Kubernetes names are `app`, `worker` and `log-router`.
 */
import type { ObservedContainer, ObservedTaskPod, TaskStatusInput } from '../../src/controller/task-status.js';

/** The ECS names of the default task definition's containers, by Kubernetes name (the pod annotation). */
export const ECS_NAMES: Readonly<Record<string, string>> = { app: 'App', worker: 'Worker', 'log-router': 'log_router' };

/** The Kubernetes names of the default task definition's essential containers. */
export const ESSENTIAL: readonly string[] = ['app', 'worker'];

/** A container that runs. */
export function running(name: string): ObservedContainer {
  return { name, state: 'running', started: true };
}

/** A container that ran and exited with `exitCode` (kubelet's reason: Completed for 0, Error otherwise). */
export function exited(name: string, exitCode: number): ObservedContainer {
  return { name, state: 'terminated', exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', started: true };
}

/** A container that has not started yet (being created, pulling its image, ...). */
export function waiting(name: string, reason = 'ContainerCreating'): ObservedContainer {
  return { name, state: 'waiting', reason, started: false };
}

/** A task pod named `name` in `phase` with the default task definition's annotations, overridable. */
export function taskPod(
  name: string,
  phase: string,
  containers: ObservedContainer[],
  over: Partial<ObservedTaskPod> = {},
): ObservedTaskPod {
  return {
    name,
    phase,
    terminating: false,
    ecsNames: { ...ECS_NAMES },
    essential: [...ESSENTIAL],
    containers,
    ...over,
  };
}

/** The input of computeTaskStatus for task `job` of `job:2`, one pod `job-0` expected and none observed, overridable. */
export function taskInput(over: Partial<TaskStatusInput> = {}): TaskStatusInput {
  return {
    family: 'job',
    revision: 2,
    count: over.expectedPods?.length ?? 1,
    expectedPods: ['job-0'],
    pods: [],
    previous: undefined,
    generation: 1,
    now: '2026-11-26T10:00:00Z',
    ...over,
  };
}
