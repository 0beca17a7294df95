/**
 * The translation flags shared by `convert` and `report`, and how they become TranslateOptions.
 */
import { isDnsLabel, isDnsSubdomain } from '../translate/names.js';
import {
  DEFAULT_MAX_TASKS_PER_SERVICE,
  defaultOptions,
  IMAGE_PULL_MODES,
  POLICY_PRESETS,
  type ImagePullMode,
  type TranslateOptions,
} from '../translate/options.js';
import { flag, list, str, type OptionSpecs, type ParsedArgs } from './args.js';
import { UsageError } from './errors.js';

const INTEGRATIONS = {
  'target-group-binding': 'targetGroupBinding',
  'external-secrets': 'externalSecrets',
  efs: 'efs',
  'fargate-node-selection': 'fargateNodeSelection',
  'security-group-policy': 'securityGroupPolicy',
} as const satisfies Record<string, keyof TranslateOptions['integrations']>;

// `multiple` is spelled out on every flag: the golden tests hand this table to node:util parseArgs, which wants a boolean.
export const TRANSLATE_FLAGS: OptionSpecs = {
  namespace: {
    type: 'string',
    multiple: false,
    short: 'n',
    value: 'NS',
    help: 'namespace of every generated object (default: default)',
  },
  enable: {
    type: 'string',
    value: 'INTEGRATION',
    multiple: true,
    choices: Object.keys(INTEGRATIONS),
    help: 'turn on an optional integration',
  },
  policy: {
    type: 'string',
    multiple: false,
    value: 'PRESET',
    choices: ['local', 'strict'],
    help: 'local allows everything (default); strict refuses privileged, host network, host paths and added capabilities',
  },
  'max-tasks-per-service': {
    type: 'string',
    multiple: false,
    value: 'N',
    help: `refuse a desiredCount or autoScaling.maxCapacity above N (default ${DEFAULT_MAX_TASKS_PER_SERVICE}, the ECS quota)`,
  },
  'image-pull-policy': {
    type: 'string',
    multiple: false,
    value: 'MODE',
    choices: [...IMAGE_PULL_MODES],
    help: 'ecs (default): Always for a tag, IfNotPresent for a digest, as ECS pulls; IfNotPresent: use images already on the node (kind load, minikube image load)',
  },
  'fargate-runtime-class': {
    type: 'string',
    multiple: false,
    value: 'NAME',
    help: 'RuntimeClass (gVisor, Kata...) for FARGATE task definitions: Fargate isolates each task in its own kernel',
  },
  'no-pod-level-resources': {
    type: 'boolean',
    multiple: false,
    help: 'the target cluster has no pod-level resources: divide task cpu/memory over the containers',
  },
};

/** translateOptions builds the options from parsed flags (validated: an invalid namespace is a usage error). */
export function translateOptions(values: ParsedArgs['values']): TranslateOptions {
  const namespace = str(values, 'namespace') ?? 'default';
  if (!isDnsLabel(namespace))
    throw new UsageError(
      `option --namespace: ${JSON.stringify(namespace)} is not a valid namespace name (lowercase DNS-1123 label)`,
    );
  const opts = defaultOptions({
    namespace,
    podLevelResources: !flag(values, 'no-pod-level-resources'),
    appliedBy: 'cli',
  });
  for (const name of list(values, 'enable')) opts.integrations[INTEGRATIONS[name as keyof typeof INTEGRATIONS]] = true;
  const max = str(values, 'max-tasks-per-service');
  if (max !== undefined) {
    if (!/^\d+$/.test(max) || Number(max) < 1)
      throw new UsageError(
        `option --max-tasks-per-service: expected a positive whole number, got ${JSON.stringify(max)}`,
      );
    opts.maxTasksPerService = Number(max);
  }
  const runtimeClass = str(values, 'fargate-runtime-class');
  if (runtimeClass !== undefined) {
    if (!isDnsSubdomain(runtimeClass))
      throw new UsageError(
        `option --fargate-runtime-class: ${JSON.stringify(runtimeClass)} is not a RuntimeClass name`,
      );
    opts.fargateRuntimeClass = runtimeClass;
  }
  const pull = str(values, 'image-pull-policy') as ImagePullMode | undefined;
  if (pull) opts.imagePullPolicy = pull;
  const policy = str(values, 'policy') as 'local' | 'strict' | undefined;
  if (policy) opts.policy = { ...POLICY_PRESETS[policy] };
  return opts;
}
