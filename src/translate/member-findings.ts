/**
 * reportMembers: one finding per set leaf of a structure that has no Kubernetes equivalent, so that
 * each finding's path names the exact member that was not reproduced (`...tls.kmsKey`), as the
 * coverage declarations require.
 */
import type { Finding, FindingLevel, FindingSource } from './types.js';

/** reportMembers appends a finding for every non-null leaf under `path` of `value` (keys visited in sorted order). */
export function reportMembers(
  findings: Finding[],
  source: FindingSource,
  path: string,
  value: unknown,
  level: FindingLevel,
  message: string,
): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
    value.forEach((v, i) => reportMembers(findings, source, `${path}[${i}]`, v, level, message));
  } else if (!Array.isArray(value) && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const k of Object.keys(value).sort())
      reportMembers(findings, source, `${path}.${k}`, (value as Record<string, unknown>)[k], level, message);
  } else {
    findings.push({ source, path, level, message });
  }
}
