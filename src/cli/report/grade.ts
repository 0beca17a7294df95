/**
 * Grades one report row (a service or task) from what its conversion already produced: the row's
 * error, if any, and its findings. Pure: no I/O, no translation.
 *
 * Rules, first match wins for each finding (paths are ECS spec paths, list indexes written `[n]`):
 *
 * | grade      | kind              | decided by                                                                      |
 * | ---------- | ----------------- | ------------------------------------------------------------------------------- |
 * | blocked    | policy refusal    | row does not convert and its error says "refused by the operator policy"        |
 * | blocked    | conversion error  | row does not convert (any other error)                                           |
 * | blocked    | resource          | Unsupported finding with path '' (the resource as a whole, e.g. a name clash)   |
 * | needs work | cloudformation    | message says a CloudFormation value was "left as a/the placeholder" or "cannot  |
 * |            |                   | be resolved offline" (only the message tells; intrinsics.ts writes these)       |
 * | needs work | load balancer     | path `loadBalancers[n]…` (AWS Load Balancer Controller, target groups)          |
 * | needs work | secrets           | path `…secrets[n]…`, `…repositoryCredentials…`, `…secretOptions…` (External Secrets) |
 * | needs work | efs               | path `…efsVolumeConfiguration…` (EFS CSI driver)                                |
 * | needs work | iam role          | path `taskRoleArn` or `executionRoleArn` (IRSA)                                  |
 * | needs work | host access       | path `…privileged`, `…linuxParameters.capabilities…`, `…linuxParameters.devices…`, |
 * |            |                   | `…host.sourcePath` (hostPath, docker.sock), `pidMode`, `ipcMode`, `…systemControls…` |
 * | needs work | windows           | path `runtimePlatform.operatingSystemFamily`, `…fsxWindowsFileServerVolumeConfiguration…`, `…credentialSpecs…` |
 * | needs work | other             | any other Approximated or Unsupported finding                                   |
 * | ready      | —                 | only Info findings (or none)                                                     |
 *
 * Info findings never lower a grade. The row's grade is the worst of its reasons.
 */
import type { Finding } from '../../translate/types.js';

export type Grade = 'ready' | 'needs work' | 'blocked';

export type ReasonKind =
  | 'policy refusal'
  | 'conversion error'
  | 'resource'
  | 'cloudformation'
  | 'load balancer'
  | 'secrets'
  | 'efs'
  | 'iam role'
  | 'host access'
  | 'windows'
  | 'other';

/** The kinds in report order: blocking kinds first. */
export const REASON_KINDS: readonly ReasonKind[] = [
  'policy refusal',
  'conversion error',
  'resource',
  'cloudformation',
  'load balancer',
  'secrets',
  'efs',
  'iam role',
  'host access',
  'windows',
  'other',
];

const BLOCKING: ReadonlySet<ReasonKind> = new Set(['policy refusal', 'conversion error', 'resource']);

export interface ReasonGroup {
  kind: ReasonKind;
  grade: Exclude<Grade, 'ready'>;
  /** One line per finding (`path: message`) or the row's error, in input order. */
  reasons: string[];
}

export interface Grading {
  grade: Grade;
  /** Groups in REASON_KINDS order; empty when ready. */
  groups: ReasonGroup[];
}

/** What grade needs of a row: whether it converts, its error, its findings. */
export interface Gradable {
  ok: boolean;
  error?: string;
  findings: readonly Finding[];
}

const CFN_PLACEHOLDER = /left as (a|the) placeholder|cannot be resolved offline/;
const POLICY_REFUSAL = /refused by the operator policy/;

/** Path rules of the needs-work kinds, checked in this order. */
const PATH_RULES: ReadonlyArray<[ReasonKind, RegExp]> = [
  ['load balancer', /^loadBalancers(\[\d+\]|$)/],
  ['secrets', /(^|\.)(secrets\[\d+\]|repositoryCredentials|secretOptions)/],
  ['efs', /(^|\.)efsVolumeConfiguration/],
  ['iam role', /^(taskRoleArn|executionRoleArn)$/],
  [
    'host access',
    /(\.privileged$|\.linuxParameters\.(capabilities|devices)|\.host\.sourcePath$|^(pidMode|ipcMode)$|(^|\.)systemControls)/,
  ],
  [
    'windows',
    /^runtimePlatform\.operatingSystemFamily$|(^|\.)fsxWindowsFileServerVolumeConfiguration|(^|\.)credentialSpecs/,
  ],
];

/** kindOf classifies one Approximated or Unsupported finding. */
export function kindOf(f: Finding): ReasonKind {
  if (f.level === 'Unsupported' && f.path === '') return 'resource';
  if (CFN_PLACEHOLDER.test(f.message)) return 'cloudformation';
  for (const [kind, re] of PATH_RULES) if (re.test(f.path)) return kind;
  return 'other';
}

/** grade computes a row's grade and its reasons grouped by kind. */
export function grade(row: Gradable): Grading {
  const byKind = new Map<ReasonKind, string[]>();
  const add = (k: ReasonKind, s: string): void => {
    byKind.set(k, [...(byKind.get(k) ?? []), s]);
  };
  if (!row.ok) add(POLICY_REFUSAL.test(row.error ?? '') ? 'policy refusal' : 'conversion error', row.error ?? '');
  for (const f of row.findings) {
    if (f.level === 'Info') continue;
    add(kindOf(f), `${f.level}: ${f.path === '' ? '(resource)' : f.path}: ${f.message}`);
  }
  const groups: ReasonGroup[] = REASON_KINDS.filter((k) => byKind.has(k)).map((kind) => ({
    kind,
    grade: BLOCKING.has(kind) ? 'blocked' : 'needs work',
    reasons: byKind.get(kind) ?? [],
  }));
  const g: Grade = groups.some((x) => x.grade === 'blocked') ? 'blocked' : groups.length > 0 ? 'needs work' : 'ready';
  return { grade: g, groups };
}
