/**
 * Findings as the CLI shows them: deduplicated, as an aligned table (LEVEL, SOURCE, PATH, MESSAGE)
 * or as JSON, and path patterns with list indexes collapsed for the report's per-field summary.
 */
import type { Finding, FindingLevel } from '../translate/types.js';

export const LEVELS: readonly FindingLevel[] = ['Info', 'Approximated', 'Unsupported'];

export { dedupeFindings } from '../translate/findings.js';

/** pathPattern collapses list indexes: `containerDefinitions[1].ulimits[0]` → `containerDefinitions[].ulimits[]`. */
export function pathPattern(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/** countByLevel counts findings per level (every level present, zero included). */
export function countByLevel(findings: readonly Finding[]): Record<FindingLevel, number> {
  const out: Record<FindingLevel, number> = { Info: 0, Approximated: 0, Unsupported: 0 };
  for (const f of findings) out[f.level]++;
  return out;
}

/** Single-line text: newlines and tabs in messages would break a table. */
function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').replace(/\t/g, ' ');
}

/** findingsTable renders an aligned text table with a header; '' when there are no findings. */
export function findingsTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return '';
  const rows = [
    ['LEVEL', 'SOURCE', 'PATH', 'MESSAGE'],
    ...findings.map((f) => [f.level, f.source, f.path || '(resource)', oneLine(f.message)]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return (
    rows
      .map((r) =>
        `${r
          .slice(0, 3)
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')}  ${r[3]}`.trimEnd(),
      )
      .join('\n') + '\n'
  );
}
