/**
 * Renders a Report as Markdown: totals, a table of every resource in every file, the findings of
 * each resource, and the per-field summary.
 */
import { LEVELS } from '../findings.js';
import type { Report, ResourceRow } from './model.js';

/** cell escapes text for a Markdown table cell. */
function cell(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
}

function code(s: string): string {
  return s === '' ? '(resource)' : `\`${s.replace(/`/g, "'")}\``;
}

function resourceLabel(r: ResourceRow): string {
  return `${r.kind} ${code(r.name)}${r.fromTaskDefinition ? ' (from a task definition alone)' : ''}`;
}

export function toMarkdown(report: Report): string {
  const t = report.totals;
  const out: string[] = [];
  out.push('# ecs2eks migration report', '');
  out.push(`Directory: ${code(report.directory)}`, '');
  out.push(
    `- ${t.files} file(s), ${t.filesFailed} could not be read or parsed`,
    `- ${t.resources} resource(s): ${t.converted} convert, ${t.failed} do not`,
    `- findings: ${LEVELS.map((l) => `${t.findings[l]} ${l}`).join(', ')}`,
    '',
  );

  out.push('## Files', '');
  out.push(
    `| file | resource | result | ${LEVELS.join(' | ')} |`,
    `| --- | --- | --- | ${LEVELS.map(() => '---:').join(' | ')} |`,
  );
  for (const f of report.files) {
    if (f.error !== undefined) {
      out.push(`| ${cell(f.file)} | — | error: ${cell(f.error)} | ${LEVELS.map(() => '').join(' | ')} |`);
      continue;
    }
    for (const r of f.resources) {
      const result = r.ok ? 'OK' : `error: ${cell(r.error ?? '')}`;
      out.push(
        `| ${cell(f.file)} | ${cell(resourceLabel(r))} | ${result} | ${LEVELS.map((l) => String(r.counts[l])).join(' | ')} |`,
      );
    }
  }
  out.push('');

  out.push('## Findings by file', '');
  for (const f of report.files) {
    out.push(`### ${f.file}`, '');
    if (f.error !== undefined) {
      out.push(`Error: ${f.error}`, '');
      continue;
    }
    for (const r of f.resources) {
      out.push(`**${resourceLabel(r)}** — ${r.ok ? 'converts' : `does not convert: ${r.error ?? ''}`}`, '');
      if (r.findings.length === 0) {
        out.push('No findings.', '');
        continue;
      }
      out.push('| level | source | path | message |', '| --- | --- | --- | --- |');
      for (const x of r.findings) out.push(`| ${x.level} | ${x.source} | ${cell(code(x.path))} | ${cell(x.message)} |`);
      out.push('');
    }
  }

  out.push('## Findings by field', '');
  if (report.fields.length === 0) out.push('No findings.', '');
  else {
    out.push('| field | source | level | files | findings |', '| --- | --- | --- | ---: | ---: |');
    for (const s of report.fields)
      out.push(`| ${cell(code(s.path))} | ${s.source} | ${s.level} | ${s.files} | ${s.occurrences} |`);
    out.push('');
  }
  return `${out.join('\n')}`;
}
