/**
 * The public API of the pure translation layer: what the operator, the CLI and the golden tests use.
 */
export { ANNOTATION_FORCE_NEW_DEPLOYMENT, translateService, type ServiceInput } from './service.js';
export { translateTask, type TaskInput } from './task.js';
export { ANNOTATION_CONTAINER_NAMES, ANNOTATION_ESSENTIAL_CONTAINERS } from './pod.js';
export { buildPodTemplate, type PodContext, type PodTemplateResult } from './pod.js';
export { defaultOptions, type TranslateOptions } from './options.js';
export type { Finding, FindingLevel, FindingSource, KubeObject, ObjectMeta, Translation } from './types.js';
export { circuitBreakerThreshold, rolloutPlan } from './rollout.js';
export { ANNOTATION_REPLICAS_MANAGED_BY, replicasManagedByHpa } from './hpa.js';
export {
  ANNOTATION_CIRCUIT_BREAKER,
  ANNOTATION_CIRCUIT_BREAKER_THRESHOLD,
  ANNOTATION_RESET_ON_HEALTHY,
  ANNOTATION_ROLLBACK,
} from './workload.js';
export {
  ANNOTATION_TAGS,
  LABEL_FAMILY,
  LABEL_GROUP,
  LABEL_MANAGED_BY,
  LABEL_REVISION,
  LABEL_SERVICE,
  LABEL_TASK,
  MANAGED_BY_VALUE,
  selectorLabels,
} from './labels.js';
export { parseQuery, QueryParseError, type QueryExpr } from './query-language.js';
