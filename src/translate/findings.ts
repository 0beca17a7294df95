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
