/**
 * Small shared helpers of the pod-template translation: a finding collector and the output
 * normaliser that strips null/undefined and sorts object keys so that output is byte-stable.
 */
import type { Finding, FindingLevel, FindingSource } from './types.js';

/** FindingSink collects findings in the order they are reported. */
export class FindingSink {
  readonly list: Finding[] = [];

  constructor(private readonly source: FindingSource = 'TaskDefinition') {}

  add(level: FindingLevel, path: string, message: string, source: FindingSource = this.source): void {
    this.list.push({ source, path, level, message });
  }
  info(path: string, message: string, source?: FindingSource): void {
    this.add('Info', path, message, source);
  }
  approximated(path: string, message: string, source?: FindingSource): void {
    this.add('Approximated', path, message, source);
  }
  unsupported(path: string, message: string, source?: FindingSource): void {
    this.add('Unsupported', path, message, source);
  }
}

/** cpath returns the spec path of container `i`, with an optional member suffix (`.portMappings[0]`). */
export function cpath(i: number, suffix = ''): string {
  return `containerDefinitions[${i}]${suffix}`;
}

/**
 * compact returns a deep copy of `value` without null/undefined members and without empty arrays,
 * with object keys sorted. Empty objects are kept (`emptyDir: {}` is meaningful).
 */
export function compact<T>(value: T): T {
  return compactAny(value) as T;
}

function compactAny(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(compactAny);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === null || v === undefined) continue;
      if (Array.isArray(v) && v.length === 0) continue;
      out[key] = compactAny(v);
    }
    return out;
  }
  return value;
}

/** isIp reports whether `s` looks like an IPv4 or IPv6 address (validated again by the apiserver). */
export function isIp(s: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  return v4.test(s) || (/^[0-9a-fA-F:.]+$/.test(s) && s.includes(':') && !s.includes(':::'));
}

/** dedupeFindings drops exact repeats, keeping the first occurrence's position. */
export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.source}\u0000${f.path}\u0000${f.level}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** How many findings of each level a status carries, and how long each message may be. */
export const STATUS_FINDINGS_PER_LEVEL = 50;
export const STATUS_FINDING_MESSAGE_CHARS = 1024;

/**
 * boundFindings keeps what a resource's status can carry: the first `perLevel` findings of each level
 * (in order), each message cut to `messageChars`, and for each level with more, one Info finding that
 * counts the rest. A definition with thousands of findings must not make its status larger than the
 * apiserver accepts (the write would be refused, and the resource would never get a status at all).
 */
export function boundFindings(
  findings: readonly Finding[],
  perLevel = STATUS_FINDINGS_PER_LEVEL,
  messageChars = STATUS_FINDING_MESSAGE_CHARS,
): Finding[] {
  const kept: Finding[] = [];
  const omitted = new Map<Finding['level'], { count: number; source: Finding['source'] }>();
  const shown = new Map<Finding['level'], number>();
  for (const f of findings) {
    const n = shown.get(f.level) ?? 0;
    if (n >= perLevel) {
      const o = omitted.get(f.level) ?? { count: 0, source: f.source };
      omitted.set(f.level, { ...o, count: o.count + 1 });
      continue;
    }
    shown.set(f.level, n + 1);
    kept.push(
      f.message.length > messageChars ? { ...f, message: `${f.message.slice(0, messageChars - 1)}…` } : { ...f },
    );
  }
  for (const [level, { count, source }] of omitted)
    kept.push({
      source,
      path: '',
      level: 'Info',
      message: `${count} more ${level} finding(s) not shown in status (ecs2eks report lists them all)`,
    });
  return kept;
}
