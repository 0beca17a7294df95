/**
 * The migration report as data: one entry per input file, one row per resource in it, and a
 * per-field summary across all files. Rendering (Markdown, JSON) reads only this.
 */
import type { Finding, FindingLevel, FindingSource } from '../../translate/types.js';
import { countByLevel, pathPattern } from '../findings.js';
import type { Checklist } from './checklist.js';
import { grade, type Grade, type ReasonGroup } from './grade.js';

export interface ResourceRow {
  kind: 'Service' | 'Task';
  name: string;
  origin: string;
  /** True when a task definition without a service was translated as a one-replica service (or task). */
  fromTaskDefinition: boolean;
  ok: boolean;
  /** Why it could not be converted (only when !ok). */
  error?: string;
  counts: Record<FindingLevel, number>;
  findings: Finding[];
}

/** A row with its grade (see grade.ts): `reasons` groups its error and non-Info findings by kind. */
export interface GradedRow extends ResourceRow {
  grade: Grade;
  reasons: ReasonGroup[];
}

export interface FileEntry {
  /** Path relative to the report's directory, with `/` separators. */
  file: string;
  /** Set when the file could not be read or parsed at all. */
  error?: string;
  resources: ResourceRow[];
}

export interface FieldSummary {
  /** Path with list indexes collapsed, e.g. `containerDefinitions[].ulimits`; '' for the resource as a whole. */
  path: string;
  source: FindingSource;
  level: FindingLevel;
  /** Number of files with at least one such finding. */
  files: number;
  /** Number of findings in all files. */
  occurrences: number;
}

export interface GradedFileEntry extends FileEntry {
  resources: GradedRow[];
}

export interface Report {
  directory: string;
  totals: {
    files: number;
    filesFailed: number;
    resources: number;
    converted: number;
    failed: number;
    findings: Record<FindingLevel, number>;
    grades: Record<Grade, number>;
  };
  files: GradedFileEntry[];
  fields: FieldSummary[];
  /** What to create before migrating (checklist.ts). */
  checklist: Checklist;
}

const LEVEL_RANK: Record<FindingLevel, number> = { Unsupported: 0, Approximated: 1, Info: 2 };

/** summarize computes totals and the per-field summary from the file entries. */
export function summarize(
  directory: string,
  files: FileEntry[],
  checklist: Checklist = { secrets: [], iamRoles: [], targetGroups: [], efsFileSystems: [] },
): Report {
  const fields = new Map<string, FieldSummary & { fileSet: Set<string> }>();
  const all: Finding[] = [];
  for (const f of files) {
    for (const r of f.resources) {
      for (const finding of r.findings) {
        all.push(finding);
        const path = pathPattern(finding.path);
        const key = `${finding.source}\u0000${path}\u0000${finding.level}`;
        let s = fields.get(key);
        if (!s) {
          s = { path, source: finding.source, level: finding.level, files: 0, occurrences: 0, fileSet: new Set() };
          fields.set(key, s);
        }
        s.occurrences++;
        s.fileSet.add(f.file);
      }
    }
  }
  const summary = [...fields.values()]
    .map(({ fileSet, ...s }) => ({ ...s, files: fileSet.size }))
    .sort(
      (a, b) =>
        b.files - a.files ||
        LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
        cmp(a.source, b.source) ||
        cmp(a.path, b.path),
    );
  const graded: GradedFileEntry[] = files.map((f) => ({
    ...f,
    resources: f.resources.map((r) => {
      const g = grade(r);
      return { ...r, grade: g.grade, reasons: g.groups };
    }),
  }));
  const resources = graded.flatMap((f) => f.resources);
  const grades: Record<Grade, number> = { ready: 0, 'needs work': 0, blocked: 0 };
  for (const r of resources) grades[r.grade]++;
  return {
    directory,
    totals: {
      files: files.length,
      filesFailed: files.filter((f) => f.error !== undefined).length,
      resources: resources.length,
      converted: resources.filter((r) => r.ok).length,
      failed: resources.filter((r) => !r.ok).length,
      findings: countByLevel(all),
      grades,
    },
    files: graded,
    fields: summary,
    checklist,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
