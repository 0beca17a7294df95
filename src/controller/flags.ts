/**
 * Command-line flags of `ecs2eks operator`. Every flag is declared once in {@link FLAGS}; parsing
 * and `--help` both read that table, so the help text cannot drift from what is parsed. Flag values
 * are written into the config file's shape and validated by the same schema as the file
 * (`config.ts`), merged as defaults < file < flags.
 */
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  ConfigFileSchema,
  DEFAULTS,
  issuesOf,
  parseConfigFile,
  resolveConfig,
  validateConfigFile,
  type ConfigFile,
  type ConfigIssue,
  type OperatorConfig,
} from './config.js';

type FlagKind = 'string' | 'int' | 'number' | 'bool' | 'list' | 'duration' | 'keyValue';

/** One command-line flag: where its value goes in the file shape, and its help. */
export interface FlagSpec {
  name: string;
  /** Dotted path in {@link ConfigFile}; `-` for flags handled specially. */
  path: string;
  kind: FlagKind;
  help: string;
  /** Shown in --help. */
  default?: string;
  /** Placeholder in --help, e.g. `QPS`. */
  value?: string;
}

/** Every flag of `ecs2eks operator`. */
export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'config',
    path: '-',
    kind: 'string',
    value: 'FILE',
    help: 'YAML configuration file; flags override its values',
  },
  {
    name: 'kubeconfig',
    path: 'kubeconfig',
    kind: 'string',
    value: 'FILE',
    help: 'kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, then in-cluster)',
  },
  {
    name: 'namespace',
    path: 'namespaces',
    kind: 'list',
    value: 'NS',
    help: 'namespace to watch; repeat or comma-separate for several',
    default: 'all namespaces',
  },
  {
    name: 'workers',
    path: 'workers',
    kind: 'int',
    value: 'N',
    help: 'concurrent reconciles per controller',
    default: String(DEFAULTS.workers),
  },
  {
    name: 'log-level',
    path: 'logLevel',
    kind: 'string',
    value: 'LEVEL',
    help: 'fatal, error, warn, info, debug, trace or silent (also $LOG_LEVEL)',
    default: DEFAULTS.logLevel,
  },
  {
    name: 'log-format',
    path: 'logFormat',
    kind: 'string',
    value: 'FORMAT',
    help: 'json (one object per line), text (pino-pretty lines, colored on a terminal) or auto: text when stdout is a terminal, json otherwise',
    default: DEFAULTS.logFormat,
  },
  {
    name: 'kube-api-qps',
    path: 'client.qps',
    kind: 'number',
    value: 'QPS',
    help: 'client-side limit of API requests per second',
    default: String(DEFAULTS.client.qps),
  },
  {
    name: 'kube-api-burst',
    path: 'client.burst',
    kind: 'int',
    value: 'N',
    help: 'client-side burst of API requests',
    default: String(DEFAULTS.client.burst),
  },
  {
    name: 'queue-qps',
    path: 'queue.qps',
    kind: 'number',
    value: 'QPS',
    help: 'overall rate of retries across all keys',
    default: String(DEFAULTS.queue.qps),
  },
  {
    name: 'queue-burst',
    path: 'queue.burst',
    kind: 'int',
    value: 'N',
    help: 'overall burst of retries across all keys',
    default: String(DEFAULTS.queue.burst),
  },
  {
    name: 'leader-elect',
    path: 'leaderElection.enabled',
    kind: 'bool',
    help: 'elect a leader through a Lease so that only one replica reconciles',
    default: String(DEFAULTS.leaderElection.enabled),
  },
  {
    name: 'leader-election-namespace',
    path: 'leaderElection.namespace',
    kind: 'string',
    value: 'NS',
    help: 'namespace of the leader election Lease',
    default: DEFAULTS.leaderElection.namespace,
  },
  {
    name: 'leader-election-id',
    path: 'leaderElection.name',
    kind: 'string',
    value: 'NAME',
    help: 'name of the leader election Lease',
    default: DEFAULTS.leaderElection.name,
  },
  {
    name: 'leader-election-lease-duration',
    path: 'leaderElection.leaseDuration',
    kind: 'duration',
    value: 'DUR',
    help: 'how long a standby waits before taking over a Lease that is not renewed',
    default: DEFAULTS.leaderElection.leaseDuration,
  },
  {
    name: 'leader-election-renew-deadline',
    path: 'leaderElection.renewDeadline',
    kind: 'duration',
    value: 'DUR',
    help: 'how long the leader keeps retrying a renewal before giving up leadership',
    default: DEFAULTS.leaderElection.renewDeadline,
  },
  {
    name: 'leader-election-retry-period',
    path: 'leaderElection.retryPeriod',
    kind: 'duration',
    value: 'DUR',
    help: 'interval between Lease acquire/renew attempts',
    default: DEFAULTS.leaderElection.retryPeriod,
  },
  {
    name: 'metrics-bind-address',
    path: 'metricsAddress',
    kind: 'string',
    value: 'ADDR',
    help: 'where /metrics is served (host:port, 0 disables)',
    default: DEFAULTS.metricsAddress,
  },
  {
    name: 'metrics-secure',
    path: 'metricsSecure',
    kind: 'bool',
    help: 'serve /metrics over HTTPS, only to callers allowed to get /metrics (TokenReview, SubjectAccessReview)',
    default: String(DEFAULTS.metricsSecure),
  },
  {
    name: 'metrics-cert-dir',
    path: 'metricsCertDir',
    kind: 'string',
    value: 'DIR',
    help: 'directory with tls.crt and tls.key for secure metrics (default: a self-signed certificate)',
  },
  {
    name: 'health-probe-bind-address',
    path: 'probeAddress',
    kind: 'string',
    value: 'ADDR',
    help: 'where /healthz and /readyz are served (host:port, 0 disables)',
    default: DEFAULTS.probeAddress,
  },
  {
    name: 'resync-period',
    path: 'resyncPeriod',
    kind: 'duration',
    value: 'DUR',
    help: 'how often every cached resource is reconciled again (0 disables)',
    default: DEFAULTS.resyncPeriod,
  },
  {
    name: 'stopped-task-retention',
    path: 'stoppedTaskRetention',
    kind: 'duration',
    value: 'DUR',
    help: 'how long the pod of a stopped task is kept for kubectl logs (ECS shows stopped tasks about an hour)',
    default: DEFAULTS.stoppedTaskRetention,
  },
  {
    name: 'stopped-tasks-kept',
    path: 'stoppedTasksKept',
    kind: 'int',
    value: 'N',
    help: 'at most this many stopped tasks (pods) kept per service, newest first',
    default: String(DEFAULTS.stoppedTasksKept),
  },
  {
    name: 'shutdown-timeout',
    path: 'shutdownTimeout',
    kind: 'duration',
    value: 'DUR',
    help: 'how long shutdown waits for in-flight reconciles',
    default: DEFAULTS.shutdownTimeout,
  },
  {
    name: 'enable-target-group-binding',
    path: 'integrations.targetGroupBinding',
    kind: 'bool',
    help: 'generate TargetGroupBindings (AWS Load Balancer Controller) for target group ARNs',
    default: 'false',
  },
  {
    name: 'enable-external-secrets',
    path: 'integrations.externalSecrets',
    kind: 'bool',
    help: 'generate ExternalSecrets (External Secrets Operator) that fill referenced Secrets',
    default: 'false',
  },
  {
    name: 'enable-efs',
    path: 'integrations.efs',
    kind: 'bool',
    help: 'generate PersistentVolumeClaims for the EFS CSI driver',
    default: 'false',
  },
  {
    name: 'enable-security-group-policy',
    path: 'integrations.securityGroupPolicy',
    kind: 'bool',
    help: 'generate SecurityGroupPolicies (security groups for pods, VPC CNI) for awsvpc securityGroups',
    default: 'false',
  },
  {
    name: 'enable-fargate-node-selection',
    path: 'integrations.fargateNodeSelection',
    kind: 'bool',
    help: 'apply the capacity-provider node selection for FARGATE',
    default: 'false',
  },
  {
    name: 'secret-store',
    path: 'secretStoreName',
    kind: 'string',
    value: 'NAME',
    help: 'SecretStore that generated ExternalSecrets refer to',
    default: DEFAULTS.secretStoreName,
  },
  {
    name: 'max-tasks-per-service',
    path: 'maxTasksPerService',
    kind: 'int',
    value: 'N',
    help: 'refuse a desiredCount or autoScaling.maxCapacity above N (the ECS quota of tasks per service)',
    default: String(DEFAULTS.maxTasksPerService),
  },
  {
    name: 'efs-storage-class',
    path: 'efsStorageClass',
    kind: 'string',
    value: 'NAME',
    help: 'StorageClass of generated EFS PersistentVolumeClaims',
    default: DEFAULTS.efsStorageClass,
  },
  {
    name: 'fargate-runtime-class',
    path: 'fargateRuntimeClass',
    kind: 'string',
    value: 'NAME',
    help: 'RuntimeClass (gVisor, Kata...) for FARGATE task definitions: Fargate isolates each task in its own kernel',
    default: DEFAULTS.fargateRuntimeClass,
  },
  {
    name: 'image-pull-policy',
    path: 'imagePullPolicy',
    kind: 'string',
    value: 'MODE',
    help: 'ecs: Always for a tag, IfNotPresent for a digest, as ECS pulls; IfNotPresent: use images already on the node (kind load, minikube image load)',
    default: DEFAULTS.imagePullPolicy,
  },
  {
    name: 'pod-level-resources',
    path: 'podLevelResources',
    kind: 'string',
    value: 'MODE',
    help: 'auto, enabled or disabled: use pod-level spec.resources for task cpu/memory',
    default: DEFAULTS.podLevelResources,
  },
  {
    name: 'placement-attribute',
    path: 'placementAttributes',
    kind: 'keyValue',
    value: 'ATTR=LABEL',
    help: 'map an ECS attribute to a node label (repeatable); adds to the defaults',
  },
  {
    name: 'policy',
    path: 'policy.preset',
    kind: 'string',
    value: 'PRESET',
    help: 'strict (refuse what Pod Security baseline forbids: privileged, host namespaces, hostPath, host ports, capabilities beyond the baseline set, unconfined profiles, unsafe sysctls) or local (allow everything; only on your own cluster)',
    default: DEFAULTS.policy,
  },
  {
    name: 'policy-privileged',
    path: 'policy.privileged',
    kind: 'string',
    value: 'allow|refuse',
    help: 'override the preset for privileged containers',
  },
  {
    name: 'policy-host-network',
    path: 'policy.hostNetwork',
    kind: 'string',
    value: 'allow|refuse',
    help: 'override the preset for networkMode host',
  },
  {
    name: 'policy-host-path',
    path: 'policy.hostPath',
    kind: 'string',
    value: 'allow|refuse',
    help: 'override the preset for host volumes',
  },
  {
    name: 'policy-added-capabilities',
    path: 'policy.addedCapabilities',
    kind: 'string',
    value: 'allow|refuse',
    help: 'override the preset for linuxParameters.capabilities.add',
  },
  {
    name: 'policy-host-ports',
    path: 'policy.hostPorts',
    kind: 'string',
    value: 'allow|refuse',
    help: 'override the preset for portMappings[].hostPort in bridge mode',
  },
  {
    name: 'policy-unconfined-profiles',
    path: 'policy.unconfinedProfiles',
    kind: 'string',
    value: 'allow|refuse',
    help: 'override the preset for seccomp/apparmor unconfined and SELinux user, role or non-container types',
  },
  {
    name: 'policy-unsafe-sysctls',
    path: 'policy.unsafeSysctls',
    kind: 'string',
    value: 'allow|refuse',
    help: 'override the preset for systemControls outside the kubelet safe set',
  },
  { name: 'help', path: '-', kind: 'bool', help: 'print this help and exit' },
];

/** What {@link parseOperatorArgs} found on the command line. */
export interface ParsedArgs {
  help: boolean;
  configFile?: string;
  /** Flag values written into the file's shape (not yet validated). */
  values: Record<string, unknown>;
  /** Config path → the flag that set it, so errors can name the flag. */
  flagOf: Record<string, string>;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = target;
  for (const p of parts.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts.at(-1)!] = value;
}

function getPath(target: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((cur, p) => (cur as Record<string, unknown> | undefined)?.[p], target);
}

/**
 * parseOperatorArgs reads `--flag value` / `--flag=value` arguments into the file shape. Numbers
 * and booleans are converted here; range checks happen in the schema, so a flag and the same key in
 * the file are validated identically. Throws {@link ConfigError} for unknown flags or bad syntax.
 */
export function parseOperatorArgs(argv: readonly string[]): ParsedArgs {
  const byName = new Map(FLAGS.map((f) => [f.name, f]));
  const out: ParsedArgs = { help: false, values: {}, flagOf: {} };
  const issues: ConfigIssue[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      out.help = true;
      continue;
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) {
      issues.push({ path: arg, message: 'unexpected argument (flags look like --name=value)' });
      continue;
    }
    const [, name, inline] = m as unknown as [string, string, string | undefined];
    const spec = byName.get(name);
    if (!spec) {
      issues.push({ path: `--${name}`, message: 'unknown flag (see --help)' });
      continue;
    }
    let raw: string | undefined = inline;
    if (spec.kind === 'bool') {
      if (raw === undefined) raw = 'true';
      if (raw !== 'true' && raw !== 'false') {
        issues.push({ path: `--${name}`, message: `expected true or false, got "${raw}"` });
        continue;
      }
    } else if (raw === undefined) {
      raw = argv[++i];
      if (raw === undefined) {
        issues.push({ path: `--${name}`, message: 'needs a value' });
        continue;
      }
    }
    if (name === 'help') {
      out.help = raw === 'true';
      continue;
    }
    if (name === 'config') {
      out.configFile = raw;
      continue;
    }
    out.flagOf[spec.path] = `--${name}`;
    switch (spec.kind) {
      case 'bool':
        setPath(out.values, spec.path, raw === 'true');
        break;
      case 'int':
      case 'number': {
        const n = Number(raw);
        // Non-numbers are passed through as strings so the schema reports them with the path.
        setPath(out.values, spec.path, raw.trim() !== '' && Number.isFinite(n) ? n : raw);
        break;
      }
      case 'list': {
        const prev = (getPath(out.values, spec.path) as string[] | undefined) ?? [];
        setPath(out.values, spec.path, [
          ...prev,
          ...raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ]);
        break;
      }
      case 'keyValue': {
        const eq = raw.indexOf('=');
        if (eq <= 0) {
          issues.push({ path: `--${name}`, message: `expected KEY=VALUE, got "${raw}"` });
          break;
        }
        const prev = (getPath(out.values, spec.path) as Record<string, string> | undefined) ?? {};
        setPath(out.values, spec.path, { ...prev, [raw.slice(0, eq)]: raw.slice(eq + 1) });
        break;
      }
      default: {
        // durations given as plain numbers on the command line are seconds, as in the file
        const asNumber = spec.kind === 'duration' && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
        setPath(out.values, spec.path, asNumber);
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, 'command line');
  return out;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      typeof b === 'object' &&
      b !== null &&
      !Array.isArray(b)
        ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** Options of {@link loadOperatorConfig}; `readFile` is injectable for tests. */
export interface LoadOptions {
  readFile?: (path: string) => string;
}

/** What {@link loadOperatorConfig} returns: the config, or a request to print help. */
export type LoadResult = { help: true; text: string } | { help: false; config: OperatorConfig };

/**
 * loadOperatorConfig parses flags, reads the `--config` file if given, merges defaults < file <
 * flags, validates and resolves. Errors name the file and path, or the flag.
 */
export function loadOperatorConfig(argv: readonly string[], opts: LoadOptions = {}): LoadResult {
  const args = parseOperatorArgs(argv);
  if (args.help) return { help: true, text: renderHelp() };
  let file: ConfigFile = {};
  if (args.configFile) {
    let text: string;
    try {
      text = (opts.readFile ?? ((p) => readFileSync(p, 'utf8')))(args.configFile);
    } catch (err) {
      throw new ConfigError([{ path: '', message: `cannot read: ${(err as Error).message}` }], args.configFile);
    }
    file = parseConfigFile(text, args.configFile);
  }
  // Flags are validated through the same schema; an issue on a path a flag set names the flag.
  const flagged = ConfigFileSchema.safeParse(args.values);
  if (!flagged.success) {
    const issues = issuesOf(flagged.error).map((i) => {
      const flag = Object.entries(args.flagOf).find(
        ([p]) => i.path === p || i.path.startsWith(`${p}.`) || i.path.startsWith(`${p}[`),
      )?.[1];
      return flag ? { path: `${flag} (${i.path})`, message: i.message } : i;
    });
    throw new ConfigError(issues, 'command line');
  }
  const merged = validateConfigFile(deepMerge(file, flagged.data), args.configFile ?? 'configuration');
  return { help: false, config: resolveConfig(merged, args.configFile ?? 'configuration') };
}

/** The `--help` text: every flag with its value placeholder, help and default. */
export function renderHelp(command = 'ecs2eks operator'): string {
  const rows = FLAGS.map((f) => {
    const left = `  --${f.name}${f.kind === 'bool' ? '' : `=${f.value ?? 'VALUE'}`}`;
    const right = f.default !== undefined ? `${f.help} (default: ${f.default})` : f.help;
    return [left, right] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [
    `Usage: ${command} [flags]`,
    '',
    'Runs the ecs2eks controllers against the cluster of the current kubeconfig.',
    'Precedence: defaults < --config file < flags. Durations: 500ms, 30s, 10m, 1h or plain seconds.',
    '',
    'Flags:',
    ...rows.map(([l, r]) => `${l.padEnd(width)}${r}`),
    '',
  ].join('\n');
}
