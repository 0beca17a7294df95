// Shared pieces of the operator e2e tests: the CRDs, ECS resource builders, status read-outs,
// a kubectl watch, and the diagnostics every failure message carries (operator log + kubectl get).
//
// Run the ten operator scenarios alone (fresh cluster, ~3.5 min on 2 cores):
//   bash test/cluster/with-cluster.sh npx mocha --config test/e2e/operator/.mocharc.json
// They are also part of `make e2e` (test/e2e/.mocharc.json picks up test/e2e/**/*.test.ts).
// E2E_OPERATOR_LOG_DIR=DIR keeps every operator's full JSON log there.
import type { V1Pod } from '@kubernetes/client-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'mocha';
import { repoRoot } from '../support/env.js';
import { kubectl, kubectlJson } from '../support/kubectl.js';
import { startOperator, type OperatorOptions, type OperatorProcess } from '../support/operator.js';
import { dropNamespace, freshNamespace } from '../support/namespace.js';
import type { List } from '../support/pods.js';
import { waitFor } from '../support/wait.js';

export const API_VERSION = 'ecs2eks.dev/v1alpha1';
export const MANAGED_BY = 'app.kubernetes.io/managed-by=ecs2eks';

// ---------------------------------------------------------------------------------------------
// CRDs

let crdsInstalled: Promise<void> | undefined;

/** Applies crds/ server-side and waits for Established; once per test process (idempotent anyway). */
export function ensureCrds(): Promise<void> {
  crdsInstalled ??= (async () => {
    const dir = join(repoRoot, 'crds');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    if (files.length === 0) throw new Error('crds/ is empty: run make manifests');
    await kubectl([
      'apply',
      '--server-side',
      '--force-conflicts',
      '--field-manager=ecs2eks-e2e',
      ...files.flatMap((f) => ['-f', join(dir, f)]),
    ]);
    // Right after a create, kubectl wait can fail on a CRD with no status.conditions yet: retry.
    await waitFor(
      async () => {
        await kubectl([
          'wait',
          '--for=condition=Established',
          '--timeout=20s',
          ...['taskdefinitions', 'services', 'tasks'].map((p) => `crd/${p}.ecs2eks.dev`),
        ]);
        return true;
      },
      60_000,
      'the ecs2eks CRDs to be Established',
      500,
    );
  })();
  crdsInstalled.catch(() => (crdsInstalled = undefined));
  return crdsInstalled;
}

// ---------------------------------------------------------------------------------------------
// Resource builders (the spec is the ECS request, as a user would paste it)

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface EcsObject<S = Record<string, unknown>> {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; generation?: number; labels?: Record<string, string> };
  spec: S;
  status?: Record<string, unknown> & { conditions?: Condition[] };
}

/** An essential container with a memory limit (kwok never pulls the image). */
export function container(name: string, image: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, image, essential: true, memory: 64, ...extra };
}

export function taskDefinition(name: string, spec: Record<string, unknown>): EcsObject {
  return { apiVersion: API_VERSION, kind: 'TaskDefinition', metadata: { name }, spec };
}

/** A one-container task definition (container `app`, port 8080) running `image`. */
export function webTaskDefinition(
  name: string,
  image: string,
  containerExtra: Record<string, unknown> = {},
): EcsObject {
  return taskDefinition(name, {
    containerDefinitions: [container('app', image, { portMappings: [{ containerPort: 8080 }], ...containerExtra })],
  });
}

export function ecsService(name: string, spec: Record<string, unknown>): EcsObject {
  return { apiVersion: API_VERSION, kind: 'Service', metadata: { name }, spec };
}

export function ecsTask(name: string, spec: Record<string, unknown>): EcsObject {
  return { apiVersion: API_VERSION, kind: 'Task', metadata: { name }, spec };
}

// ---------------------------------------------------------------------------------------------
// Read-outs

export interface ServiceDeployment {
  id: string;
  status: string;
  taskDefinition: string;
  desiredCount?: number;
  runningCount?: number;
  pendingCount?: number;
  failedTasks?: number;
  rolloutState?: string;
  rolloutStateReason?: string;
}

export interface ServiceStatus {
  desiredCount?: number;
  runningCount?: number;
  pendingCount?: number;
  taskDefinition?: string;
  rolloutState?: string;
  selector?: string;
  deployments?: ServiceDeployment[];
  events?: Array<{ id: string; createdAt: string; message: string }>;
  conditions?: Condition[];
  observedGeneration?: number;
}

export type EcsService = EcsObject & { status?: ServiceStatus };

export async function getEsvc(ns: string, name: string): Promise<EcsService> {
  return kubectlJson<EcsService>(['-n', ns, 'get', 'services.ecs2eks.dev', name]);
}

export async function getEtd(ns: string, name: string): Promise<EcsObject> {
  return kubectlJson<EcsObject>(['-n', ns, 'get', 'taskdefinitions.ecs2eks.dev', name]);
}

export async function getEtask(ns: string, name: string): Promise<EcsObject> {
  return kubectlJson<EcsObject>(['-n', ns, 'get', 'tasks.ecs2eks.dev', name]);
}

export function condition(
  obj: { status?: { conditions?: Condition[] } } | undefined,
  type: string,
): Condition | undefined {
  return obj?.status?.conditions?.find((c) => c.type === type);
}

export function isTrue(obj: { status?: { conditions?: Condition[] } } | undefined, type: string): boolean {
  return condition(obj, type)?.status === 'True';
}

/** Waits until `read()`'s condition `type` has `status` and `reason`, and returns it. */
export async function waitForCondition(
  read: () => Promise<EcsObject>,
  type: string,
  status: 'True' | 'False',
  reason: string,
  what: string,
  timeoutMs = 60_000,
): Promise<Condition> {
  return waitFor(
    async () => {
      const c = condition(await read(), type);
      return c?.status === status && c.reason === reason ? c : undefined;
    },
    timeoutMs,
    `${what} ${type}=${status} ${reason}`,
  );
}

/** One line summarising a Service's status, for messages. */
export function describeService(s: EcsService | undefined): string {
  if (!s) return '(none)';
  const st = s.status ?? {};
  const conds = (st.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? `(${c.reason})` : ''}`).join(',');
  const deps = (st.deployments ?? [])
    .map(
      (d) =>
        `${d.status}:${d.taskDefinition}:${d.rolloutState ?? '?'}:r${d.runningCount ?? '?'}/d${d.desiredCount ?? '?'}:f${d.failedTasks ?? 0}`,
    )
    .join(' ');
  return `${s.metadata.name}: td=${st.taskDefinition} desired=${st.desiredCount} running=${st.runningCount} pending=${st.pendingCount} rollout=${st.rolloutState} [${conds}] deployments=[${deps}]`;
}

/**
 * Waits until the ECS Service is Ready, running `running` tasks of `family:revision` with its
 * rollout COMPLETED (what DescribeServices shows for a service in steady state).
 */
export async function waitServiceSteady(
  ns: string,
  name: string,
  expect: { taskDefinition: string; running: number },
  timeoutMs = 90_000,
): Promise<EcsService> {
  let last: EcsService | undefined;
  try {
    return await waitFor(
      async () => {
        last = await getEsvc(ns, name);
        const st = last.status;
        return (
          isTrue(last, 'Ready') &&
          st?.taskDefinition === expect.taskDefinition &&
          st.rolloutState === 'COMPLETED' &&
          st.desiredCount === expect.running &&
          st.runningCount === expect.running &&
          last
        );
      },
      timeoutMs,
      `esvc/${name} steady on ${expect.taskDefinition} with ${expect.running} running`,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\n  last status: ${describeService(last)}`, { cause: err });
  }
}

/** `kubectl wait --for=condition=Ready esvc/NAME`; resolves with kubectl's output (rejects on non-zero). */
export async function kubectlWaitReady(ns: string, name: string, timeout = '120s'): Promise<string> {
  return kubectl(['-n', ns, 'wait', '--for=condition=Ready', `esvc/${name}`, `--timeout=${timeout}`]);
}

export interface KubeEvent {
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string; apiVersion?: string; uid?: string };
  count?: number;
}

/** Kubernetes Events about `kind/name` (core/v1 events, what `kubectl describe` shows). */
export async function eventsFor(
  ns: string,
  kind: string,
  name: string,
  type?: 'Warning' | 'Normal',
): Promise<KubeEvent[]> {
  const selector = [
    `involvedObject.name=${name}`,
    `involvedObject.kind=${kind}`,
    ...(type ? [`type=${type}`] : []),
  ].join(',');
  return (await kubectlJson<List<KubeEvent>>(['-n', ns, 'get', 'events', '--field-selector', selector])).items;
}

export async function podsWithSelector(ns: string, selector: string): Promise<V1Pod[]> {
  return (await kubectlJson<List<V1Pod>>(['-n', ns, 'get', 'pods', '-l', selector])).items;
}

/** Names of objects of `resource` in `ns` matching a label selector. */
export async function namesOf(ns: string, resource: string, selector?: string): Promise<string[]> {
  const out = await kubectl(['-n', ns, 'get', resource, '-o', 'name', ...(selector ? ['-l', selector] : [])]);
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Watching through kubectl (every change the apiserver reports, in order, no missed transient)

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface Watch {
  /** Stops kubectl and resolves when it has exited. */
  stop(): Promise<void>;
  /** Events received so far. */
  count(): number;
  /** Why the watch ended early, if it did. */
  error(): string | undefined;
}

/**
 * `kubectl get RESOURCE --watch --output-watch-events -o json` (initial list included), calling
 * `onEvent` for every event. kubectl prints one pretty JSON document per event; this splits them.
 */
export function watchKubectl<T>(ns: string, args: readonly string[], onEvent: (e: WatchEvent<T>) => void): Watch {
  const child: ChildProcess = spawn(
    'kubectl',
    ['-n', ns, 'get', ...args, '--watch', '--output-watch-events', '-o', 'json'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let n = 0;
  let stderr = '';
  let ended: string | undefined;
  let stopping = false;
  let buf = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const base = buf.length;
    buf += chunk;
    for (let i = base; i < buf.length; i++) {
      const c = buf[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{') {
        if (depth === 0) start = i;
        depth++;
      } else if (c === '}') {
        depth--;
        if (depth === 0 && start >= 0) {
          const doc = buf.slice(start, i + 1);
          n++;
          onEvent(JSON.parse(doc) as WatchEvent<T>);
          buf = buf.slice(i + 1);
          i = -1;
          start = -1;
        }
      }
    }
  });
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      if (!stopping) ended = `kubectl watch exited ${code ?? signal}: ${stderr.trim()}`;
      resolve();
    }),
  );
  return {
    stop: async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    count: () => n,
    error: () => ended,
  };
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

function clip(s: string, max = 6000): string {
  return s.length > max ? `${s.slice(0, max)}\n… (${s.length - max} more characters)` : s;
}

async function section(title: string, args: string[], max?: number): Promise<string> {
  try {
    return `--- kubectl ${args.join(' ')} ---\n${clip((await kubectl(args)).trimEnd(), max)}`;
  } catch (err) {
    return `--- ${title}: ${(err as Error).message} ---`;
  }
}

/** kubectl get of everything relevant in `ns`, the ECS resources' status and the operators' logs. */
export async function diagnostics(ns: string, operators: readonly (OperatorProcess | undefined)[]): Promise<string> {
  const parts = await Promise.all([
    section('ecs', [
      '-n',
      ns,
      'get',
      'taskdefinitions.ecs2eks.dev,services.ecs2eks.dev,tasks.ecs2eks.dev',
      '-o',
      'wide',
    ]),
    section('workloads', [
      '-n',
      ns,
      'get',
      'deployments,daemonsets,replicasets,services,poddisruptionbudgets,horizontalpodautoscalers,controllerrevisions',
      '-o',
      'wide',
    ]),
    section('pods', ['-n', ns, 'get', 'pods', '-o', 'wide', '-L', 'ecs2eks.dev/revision'], 4000),
    section('status', [
      '-n',
      ns,
      'get',
      'services.ecs2eks.dev,tasks.ecs2eks.dev,taskdefinitions.ecs2eks.dev',
      '-o',
      'jsonpath={range .items[*]}{.kind}/{.metadata.name} {.status.conditions}{"\\n"}{end}',
    ]),
    section(
      'events',
      [
        '-n',
        ns,
        'get',
        'events',
        '--sort-by=.lastTimestamp',
        '-o',
        'custom-columns=TYPE:.type,REASON:.reason,OBJECT:.involvedObject.name,KIND:.involvedObject.kind,MESSAGE:.message',
      ],
      5000,
    ),
  ]);
  for (const op of operators) if (op) parts.push(op.logSection(40));
  return parts.join('\n');
}

/** For afterEach: on a failed test, appends the diagnostics to its error message. */
export async function attachDiagnostics(
  ctx: Context,
  ns: string,
  operators: () => readonly (OperatorProcess | undefined)[],
): Promise<void> {
  const test = ctx.currentTest;
  if (!test || test.state !== 'failed' || !ns) return;
  const err = (test as unknown as { err?: Error & { showDiff?: boolean } }).err;
  const diag = `==== diagnostics (namespace ${ns}) ====\n${await diagnostics(ns, operators())}`;
  if (!err) {
    console.error(diag);
    return;
  }
  // Mocha prints the non-frame lines of err.stack (and, for a diff, only the message's prefix):
  // put the diagnostics into both and print the message in full instead of a diff.
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at\s/.test(l));
  err.message = `${err.message}\n\n${diag}`;
  err.stack = `${err.name}: ${err.message}\n${frames.join('\n')}`;
  err.showDiff = false;
}

// ---------------------------------------------------------------------------------------------
// Ownership

interface Owned {
  metadata?: {
    name?: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }>;
  };
}

/** The object carries managed-by=ecs2eks and a controller ownerReference to `owner`. */
export function expectOwnedBy(obj: Owned, owner: EcsObject, what: string): void {
  const labels = obj.metadata?.labels ?? {};
  if (labels['app.kubernetes.io/managed-by'] !== 'ecs2eks') {
    throw new Error(
      `${what}: label app.kubernetes.io/managed-by is ${JSON.stringify(labels['app.kubernetes.io/managed-by'])}, want "ecs2eks" (labels ${JSON.stringify(labels)})`,
    );
  }
  const refs = obj.metadata?.ownerReferences ?? [];
  const ctl = refs.filter((r) => r.controller);
  const ok =
    ctl.length === 1 &&
    ctl[0].uid === owner.metadata.uid &&
    ctl[0].kind === owner.kind &&
    ctl[0].apiVersion === API_VERSION &&
    ctl[0].name === owner.metadata.name;
  if (!ok) {
    throw new Error(
      `${what}: want one controller ownerReference to ${owner.kind}/${owner.metadata.name} (uid ${owner.metadata.uid}), got ${JSON.stringify(refs)}`,
    );
  }
}

/** A load balancer entry that makes the Service expose container `app` port 8080 (core Service). */
export const APP_LOAD_BALANCER = {
  targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/e2e/0123456789abcdef',
  containerName: 'app',
  containerPort: 8080,
};

/**
 * useOperator registers the hooks every scenario file needs: a fresh namespace and an operator
 * watching only it (before), diagnostics on failure (afterEach), and cleanup (after). `set` hands
 * both to the file's own variables.
 */
export function useOperator(
  prefix: string,
  name: string,
  set: (ns: string, op: OperatorProcess) => void,
  options: Omit<OperatorOptions, 'namespace' | 'name'> = {},
): void {
  let ns = '';
  let op: OperatorProcess | undefined;
  before(async function () {
    ns = await freshNamespace(prefix);
    op = await startOperator({ ...options, namespace: ns, name });
    set(ns, op);
  });
  afterEach(async function () {
    await attachDiagnostics(this, ns, () => [op]);
  });
  after(async function () {
    await op?.stop();
    if (ns) await dropNamespace(ns);
  });
}
