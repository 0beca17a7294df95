/**
 * What every operation handler gets: the Kubernetes API acting as the caller, the server's
 * configuration, and the clock.
 */
import type { z } from 'zod';
import type { Logger } from '../base/log.js';
import type { ECS_API_REQUESTS, EcsApiOperation } from '../ecs/api-requests.gen.js';
import type { KubeApi, LiveObject } from '../kube/api.js';
import type { ServiceSpec, TaskDefinitionSpec, TaskSpec } from '../ecs/model.js';
import type { ServiceStatus, TaskDefinitionStatus, TaskStatus } from '../api/resources.js';
import type { Partition } from './arns.js';

export interface ApiConfig extends Partition {
  /** The namespace of the cluster named `default`, which also holds the task definitions (see README). */
  defaultNamespace: string;
  /** How long RegisterTaskDefinition waits for the operator to record the revision. */
  registerTimeoutMs: number;
}

export interface Ctx {
  kube: KubeApi;
  config: ApiConfig;
  now(): Date;
  log: Logger;
}

export interface TaskDefinitionObject extends LiveObject {
  spec: TaskDefinitionSpec;
  status?: TaskDefinitionStatus | null;
}
export interface ServiceObject extends LiveObject {
  spec: ServiceSpec;
  status?: ServiceStatus | null;
}
export interface TaskObject extends LiveObject {
  spec: TaskSpec;
  status?: TaskStatus | null;
}

/** The field manager of the server's writes: kubectl and the operator see who set what. */
export const API_FIELD_MANAGER = 'ecs2eks-ecs-api';
/** Tags set through TagResource/UntagResource (JSON object): the effective tags once present. */
export const ANNOTATION_RESOURCE_TAGS = 'ecs2eks.dev/resource-tags';

/** The validated input of one ECS operation (its generated request schema). */
export type EcsRequest<K extends EcsApiOperation> = z.infer<(typeof ECS_API_REQUESTS)[K]>;

/** The members of a request that are set: `null` and absent alike leave a spec alone. */
export function present(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}

/** A JSON annotation, or `fallback` when it is absent or was hand-edited into something else. */
export function jsonAnnotation<T>(annotations: Record<string, string> | undefined, key: string, fallback: T): T {
  const raw = annotations?.[key];
  if (raw === undefined) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}
