/**
 * Renders a Report as CSV (RFC 4180: CRLF line ends, every field quoted when it holds a comma,
 * a double quote, CR or LF, quotes doubled). One row per service/task, plus one row per file that
 * could not be read or parsed (kind empty, grade `blocked`, error set).
 *
 * Columns: file, kind, name, origin, converts (true/false), grade, Info, Approximated, Unsupported
 * (finding counts), then one count column per reason kind (grade.ts REASON_KINDS), then error.
 */
import { LEVELS } from '../findings.js';
import { REASON_KINDS } from './grade.js';
import type { Report } from './model.js';

/** field quotes one CSV field when RFC 4180 requires it. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(fields: readonly (string | number | boolean)[]): string {
  return fields.map((f) => csvField(String(f))).join(',');
}

export const CSV_HEADER: readonly string[] = [
  'file',
  'kind',
  'name',
  'origin',
  'converts',
  'grade',
  ...LEVELS,
  ...REASON_KINDS,
  'error',
];

export function toCsv(report: Report): string {
  const out = [line(CSV_HEADER)];
  for (const f of report.files) {
    if (f.error !== undefined) {
      out.push(
        line([f.file, '', '', '', false, 'blocked', ...LEVELS.map(() => ''), ...REASON_KINDS.map(() => ''), f.error]),
      );
      continue;
    }
    for (const r of f.resources) {
      const perKind = REASON_KINDS.map((k) => r.reasons.find((g) => g.kind === k)?.reasons.length ?? 0);
      out.push(
        line([
          f.file,
          r.kind,
          r.name,
          r.origin,
          r.ok,
          r.grade,
          ...LEVELS.map((l) => r.counts[l]),
          ...perKind,
          r.error ?? '',
        ]),
      );
    }
  }
  return `${out.join('\r\n')}\r\n`;
}
