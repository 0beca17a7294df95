/**
 * What every operation handler gets: the Kubernetes API acting as the caller, the server's
 * configuration, and the clock.
 */
import type { Logger } from '../base/log.js';
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
