/**
 * Operator configuration: the optional YAML file, validated by a strict zod schema (so a typo is an
 * error naming its path instead of a silently ignored key), its defaults, and the resolved
 * {@link OperatorConfig}. Command-line flags are in `flags.ts`; they are validated by the same
 * schema, merged as defaults < file < flags.
 */
import yaml from 'js-yaml';
import { z } from 'zod';
import {
  DEFAULT_CAPACITY_PROVIDERS,
  DEFAULT_PLACEMENT_ATTRIBUTES,
  defaultOptions,
  POLICY_KEYS,
  POLICY_PRESETS,
  type NodePlacement,
  type Policy,
  type PolicyDecision,
  type TranslateOptions,
} from '../translate/options.js';
import { isDnsLabel, labelKey, labelValue } from '../translate/names.js';
import { LOG_FORMATS, levelFromEnv, type LogFormat } from '../base/log.js';
import type { ListenAddress } from '../kube/health.js';

export type { ListenAddress };

// ---------------------------------------------------------------------------------------------
// Schema of the file (and of flag values, which are written into the same shape before validation)

const durationRe = /^(\d+(\.\d+)?)(ms|s|m|h)$/;
/** A duration: a number of seconds, or a string such as `500ms`, `30s`, `10m`, `1h`. */
const Duration = z.union([
  z.number().nonnegative(),
  z.string().regex(durationRe, 'expected a duration such as 30s, 10m or 1h'),
]);
/** `host:port` (port may be 0 for "any free port"), or `0` to disable the server. */
const Address = z
  .string()
  .refine(
    (s) => s === '0' || parseAddress(s) !== undefined,
    'expected host:port (e.g. 127.0.0.1:8080) or 0 to disable',
  );
const LabelKey = z.string().refine((s) => labelKey(s) !== undefined, 'not a valid label key');
const LabelValue = z.string().refine((s) => labelValue(s) !== undefined, 'not a valid label value');
const Decision = z.enum(['allow', 'refuse']);
const Namespace = z.string().refine((s) => isDnsLabel(s), 'not a valid namespace name');

const Toleration = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Equal', 'Exists']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().optional(),
});

/** The YAML configuration file; every key optional, unknown keys rejected. */
export const ConfigFileSchema = z.strictObject({
  kubeconfig: z.string().min(1).optional(),
  /** Namespaces to watch; empty or absent means all namespaces. */
  namespaces: z.array(Namespace).optional(),
  workers: z.number().int().min(1).max(64).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** json, text (pino-pretty) or auto: text when stdout is a terminal. */
  logFormat: z.enum(LOG_FORMATS).optional(),
  client: z
    .strictObject({ qps: z.number().positive().optional(), burst: z.number().int().min(1).optional() })
    .optional(),
  queue: z
    .strictObject({
      qps: z.number().positive().optional(),
      burst: z.number().int().min(1).optional(),
      baseDelay: Duration.optional(),
      maxDelay: Duration.optional(),
    })
    .optional(),
  leaderElection: z
    .strictObject({
      enabled: z.boolean().optional(),
      namespace: Namespace.optional(),
      name: z.string().min(1).optional(),
      leaseDuration: Duration.optional(),
      renewDeadline: Duration.optional(),
      retryPeriod: Duration.optional(),
    })
    .optional(),
  metricsAddress: Address.optional(),
  metricsSecure: z.boolean().optional(),
  metricsCertDir: z.string().min(1).optional(),
  probeAddress: Address.optional(),
  resyncPeriod: Duration.optional(),
  shutdownTimeout: Duration.optional(),
  stoppedTaskRetention: Duration.optional(),
  stoppedTasksKept: z.number().int().min(0).optional(),
  integrations: z
    .strictObject({
      targetGroupBinding: z.boolean().optional(),
      externalSecrets: z.boolean().optional(),
      efs: z.boolean().optional(),
      fargateNodeSelection: z.boolean().optional(),
      securityGroupPolicy: z.boolean().optional(),
    })
    .optional(),
  secretStoreName: z.string().min(1).optional(),
  fargateRuntimeClass: z.string().optional(),
  efsStorageClass: z.string().min(1).optional(),
  maxTasksPerService: z.number().int().min(1).optional(),
  imagePullPolicy: z.enum(['ecs', 'IfNotPresent']).optional(),
  podLevelResources: z.enum(['auto', 'enabled', 'disabled']).optional(),
  /** ECS attribute → node label key; merged over the defaults. */
  placementAttributes: z.record(z.string().min(1), LabelKey).optional(),
  /** Capacity provider name → node selector and tolerations; merged over the defaults by name. */
  capacityProviders: z
    .record(
      z.string().min(1),
      z.strictObject({
        nodeSelector: z.record(LabelKey, LabelValue).optional(),
        tolerations: z.array(Toleration).optional(),
      }),
    )
    .optional(),
  policy: z
    .strictObject({
      preset: z.enum(['local', 'strict']).optional(),
      privileged: Decision.optional(),
      hostNetwork: Decision.optional(),
      hostPath: Decision.optional(),
      addedCapabilities: Decision.optional(),
      hostPorts: Decision.optional(),
      unconfinedProfiles: Decision.optional(),
      unsafeSysctls: Decision.optional(),
    })
    .optional(),
});

/** The file's shape as written. */
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** The resolved configuration: every value present, durations in milliseconds. */
export interface OperatorConfig {
  kubeconfig?: string;
  namespaces: string[];
  workers: number;
  logLevel: string;
  /** Resolved against stdout when the logger is created (`auto` depends on whether it is a terminal). */
  logFormat: LogFormat;
  client: { qps: number; burst: number };
  queue: { qps: number; burst: number; baseDelayMs: number; maxDelayMs: number };
  leaderElection: {
    enabled: boolean;
    namespace: string;
    name: string;
    leaseDurationMs: number;
    renewDeadlineMs: number;
    retryPeriodMs: number;
  };
  metricsAddress: ListenAddress | null;
  /** HTTPS, and only for callers allowed to `get /metrics` (TokenReview + SubjectAccessReview). */
  metricsSecure: boolean;
  /** tls.crt and tls.key for secure metrics; without it a self-signed certificate is made at start. */
  metricsCertDir?: string;
  probeAddress: ListenAddress | null;
  resyncPeriodMs: number;
  shutdownTimeoutMs: number;
  /** How long the pod of a stopped task is kept (for its logs), and at most how many per service. */
  stoppedTaskRetentionMs: number;
  stoppedTasksKept: number;
  integrations: TranslateOptions['integrations'];
  secretStoreName: string;
  fargateRuntimeClass: string;
  efsStorageClass: string;
  maxTasksPerService: number;
  imagePullPolicy: TranslateOptions['imagePullPolicy'];
  podLevelResources: 'auto' | 'enabled' | 'disabled';
  placementAttributes: Record<string, string>;
  capacityProviders: Record<string, NodePlacement>;
  policy: Policy;
}

/** Defaults, in the file's shape, so `--help` can print them. */
export const DEFAULTS = {
  workers: 2,
  logLevel: 'info',
  logFormat: 'auto',
  // Sized for a controller that makes ~12 requests per new service (bench/README.md): 20 QPS made the
  // operator 2.5x slower than applying the same objects with kubectl; APF still protects the apiserver.
  client: { qps: 100, burst: 200 },
  queue: { qps: 10, burst: 100, baseDelay: '5ms', maxDelay: '1000s' },
  leaderElection: {
    enabled: false,
    namespace: 'ecs2eks-system',
    name: 'ecs2eks-leader',
    leaseDuration: '15s',
    renewDeadline: '10s',
    retryPeriod: '2s',
  },
  metricsAddress: '127.0.0.1:8080',
  // As kubebuilder's operators: metrics carry the cluster's inner workings, so they are not for anyone
  // who can reach the port.
  metricsSecure: true,
  probeAddress: '127.0.0.1:8081',
  resyncPeriod: '10m',
  shutdownTimeout: '30s',
  // ECS shows a stopped task for about an hour.
  stoppedTaskRetention: '1h',
  stoppedTasksKept: 10,
  secretStoreName: defaultOptions().secretStoreName,
  fargateRuntimeClass: '',
  efsStorageClass: defaultOptions().efsStorageClass,
  maxTasksPerService: defaultOptions().maxTasksPerService,
  imagePullPolicy: defaultOptions().imagePullPolicy,
  podLevelResources: 'auto',
  // Safe by default: whoever may create ECS resources gets no more than a Pod Security baseline namespace
  // would give them. `make run` passes --policy=local on the cluster it starts for the developer.
  policy: 'strict',
} as const;

/** One validation problem: where (config path, or flag) and what. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Invalid configuration; the message lists every issue as `source: path: message`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly issues: ConfigIssue[],
    readonly source = 'configuration',
  ) {
    super(issues.map((i) => `${source}: ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'));
  }
}

/** `a.b[0].c` from a zod issue path. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

export function issuesOf(error: z.ZodError): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const base = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: base ? `${base}.${key}` : key, message: 'unknown key' });
    } else {
      out.push({ path: base, message: issue.message });
    }
  }
  return out;
}

/** Validates a parsed file (any value) and returns it typed; throws {@link ConfigError} naming the paths. */
export function validateConfigFile(doc: unknown, source = 'config file'): ConfigFile {
  if (doc === undefined || doc === null) return {};
  const r = ConfigFileSchema.safeParse(doc);
  if (!r.success) throw new ConfigError(issuesOf(r.error), source);
  return r.data;
}

/** Parses the YAML text of a configuration file. */
export function parseConfigFile(text: string, source = 'config file'): ConfigFile {
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch (err) {
    throw new ConfigError([{ path: '', message: `not valid YAML: ${(err as Error).message}` }], source);
  }
  return validateConfigFile(doc, source);
}

/** Milliseconds of a {@link Duration} value (numbers are seconds). */
export function durationMs(v: number | string): number {
  if (typeof v === 'number') return v * 1000;
  const m = durationRe.exec(v);
  if (!m) throw new Error(`not a duration: ${v}`);
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[3] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(n * unit);
}

/** `host:port` → {host, port}; `[::1]:80` accepted; undefined when malformed. */
export function parseAddress(s: string): ListenAddress | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):(\d{1,5})$/.exec(s);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port > 65535) return undefined;
  const host = m[1].replace(/^\[|\]$/g, '');
  return { host: host === '' ? '0.0.0.0' : host, port };
}

/**
 * resolveConfig turns a validated file (flags already merged in) into the full configuration with
 * defaults applied and cross-field checks done (e.g. renew deadline shorter than the lease).
 */
export function resolveConfig(file: ConfigFile, source = 'configuration'): OperatorConfig {
  const le = { ...DEFAULTS.leaderElection, ...file.leaderElection };
  const preset = POLICY_PRESETS[file.policy?.preset ?? DEFAULTS.policy];
  const policy: Policy = { ...preset };
  for (const k of POLICY_KEYS) {
    const v: PolicyDecision | undefined = file.policy?.[k];
    if (v) policy[k] = v;
  }
  const address = (s: string): ListenAddress | null => (s === '0' ? null : parseAddress(s)!);
  const capacityProviders = structuredClone(DEFAULT_CAPACITY_PROVIDERS) as Record<string, NodePlacement>;
  for (const [name, placement] of Object.entries(file.capacityProviders ?? {})) {
    capacityProviders[name] = placement;
  }
  const cfg: OperatorConfig = {
    ...(file.kubeconfig ? { kubeconfig: file.kubeconfig } : {}),
    namespaces: [...new Set(file.namespaces ?? [])].sort(),
    workers: file.workers ?? DEFAULTS.workers,
    // The flag or file wins; else $LOG_LEVEL, as the help says; else info.
    logLevel: file.logLevel ?? levelFromEnv(),
    logFormat: file.logFormat ?? DEFAULTS.logFormat,
    client: { ...DEFAULTS.client, ...file.client },
    queue: {
      qps: file.queue?.qps ?? DEFAULTS.queue.qps,
      burst: file.queue?.burst ?? DEFAULTS.queue.burst,
      baseDelayMs: durationMs(file.queue?.baseDelay ?? DEFAULTS.queue.baseDelay),
      maxDelayMs: durationMs(file.queue?.maxDelay ?? DEFAULTS.queue.maxDelay),
    },
    leaderElection: {
      enabled: le.enabled,
      namespace: le.namespace,
      name: le.name,
      leaseDurationMs: durationMs(le.leaseDuration),
      renewDeadlineMs: durationMs(le.renewDeadline),
      retryPeriodMs: durationMs(le.retryPeriod),
    },
    metricsAddress: address(file.metricsAddress ?? DEFAULTS.metricsAddress),
    metricsSecure: file.metricsSecure ?? DEFAULTS.metricsSecure,
    ...(file.metricsCertDir ? { metricsCertDir: file.metricsCertDir } : {}),
    probeAddress: address(file.probeAddress ?? DEFAULTS.probeAddress),
    resyncPeriodMs: durationMs(file.resyncPeriod ?? DEFAULTS.resyncPeriod),
    shutdownTimeoutMs: durationMs(file.shutdownTimeout ?? DEFAULTS.shutdownTimeout),
    stoppedTaskRetentionMs: durationMs(file.stoppedTaskRetention ?? DEFAULTS.stoppedTaskRetention),
    stoppedTasksKept: file.stoppedTasksKept ?? DEFAULTS.stoppedTasksKept,
    integrations: { ...defaultOptions().integrations, ...file.integrations },
    secretStoreName: file.secretStoreName ?? DEFAULTS.secretStoreName,
    fargateRuntimeClass: file.fargateRuntimeClass ?? DEFAULTS.fargateRuntimeClass,
    efsStorageClass: file.efsStorageClass ?? DEFAULTS.efsStorageClass,
    maxTasksPerService: file.maxTasksPerService ?? DEFAULTS.maxTasksPerService,
    imagePullPolicy: file.imagePullPolicy ?? DEFAULTS.imagePullPolicy,
    podLevelResources: file.podLevelResources ?? DEFAULTS.podLevelResources,
    placementAttributes: { ...DEFAULT_PLACEMENT_ATTRIBUTES, ...file.placementAttributes },
    capacityProviders,
    policy,
  };
  const issues: ConfigIssue[] = [];
  const l = cfg.leaderElection;
  if (l.renewDeadlineMs >= l.leaseDurationMs)
    issues.push({ path: 'leaderElection.renewDeadline', message: 'must be shorter than leaderElection.leaseDuration' });
  if (l.retryPeriodMs >= l.renewDeadlineMs)
    issues.push({ path: 'leaderElection.retryPeriod', message: 'must be shorter than leaderElection.renewDeadline' });
  if (l.retryPeriodMs <= 0) issues.push({ path: 'leaderElection.retryPeriod', message: 'must be positive' });
  if (cfg.queue.baseDelayMs <= 0 || cfg.queue.baseDelayMs > cfg.queue.maxDelayMs)
    issues.push({ path: 'queue.baseDelay', message: 'must be positive and at most queue.maxDelay' });
  const [m, p] = [cfg.metricsAddress, cfg.probeAddress];
  if (cfg.metricsSecure && m && p && m.port !== 0 && m.host === p.host && m.port === p.port)
    issues.push({
      path: 'probeAddress',
      message: 'must differ from metricsAddress while metrics are secure (probes are plain HTTP for the kubelet)',
    });
  if (issues.length > 0) throw new ConfigError(issues, source);
  return cfg;
}

/** The translation options this configuration implies for objects in `namespace`. */
export function translateOptionsFor(
  cfg: OperatorConfig,
  namespace: string,
  serverSupportsPodLevelResources: boolean,
): TranslateOptions {
  return defaultOptions({
    namespace,
    integrations: { ...cfg.integrations },
    placementAttributes: { ...cfg.placementAttributes },
    capacityProviders: structuredClone(cfg.capacityProviders),
    policy: { ...cfg.policy },
    podLevelResources:
      cfg.podLevelResources === 'auto' ? serverSupportsPodLevelResources : cfg.podLevelResources === 'enabled',
    secretStoreName: cfg.secretStoreName,
    fargateRuntimeClass: cfg.fargateRuntimeClass,
    efsStorageClass: cfg.efsStorageClass,
    maxTasksPerService: cfg.maxTasksPerService,
    imagePullPolicy: cfg.imagePullPolicy,
  });
}
