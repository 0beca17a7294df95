/**
 * Renders a Report as Markdown: totals, a table of every resource in every file, the findings of
 * each resource, and the per-field summary.
 */
import { LEVELS } from '../findings.js';
import type { GradedRow, Report, ResourceRow } from './model.js';

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

/** kinds lists a row's reason kinds after its grade, e.g. ` (load balancer, other)`. */
function kinds(r: GradedRow): string {
  return r.reasons.length === 0 ? '' : ` (${r.reasons.map((g) => g.kind).join(', ')})`;
}

export function toMarkdown(report: Report): string {
  const t = report.totals;
  const out: string[] = [];
  out.push('# ecs2eks migration report', '');
  out.push(`Directory: ${code(report.directory)}`, '');
  out.push(
    `- ${t.files} file(s), ${t.filesFailed} could not be read or parsed`,
    `- ${t.resources} resource(s): ${t.converted} convert, ${t.failed} do not`,
    `- grades: ${t.grades.ready} ready, ${t.grades['needs work']} needs work, ${t.grades.blocked} blocked`,
    `- findings: ${LEVELS.map((l) => `${t.findings[l]} ${l}`).join(', ')}`,
    '',
  );

  out.push('## Files', '');
  out.push(
    `| file | resource | result | grade | ${LEVELS.join(' | ')} |`,
    `| --- | --- | --- | --- | ${LEVELS.map(() => '---:').join(' | ')} |`,
  );
  for (const f of report.files) {
    if (f.error !== undefined) {
      out.push(`| ${cell(f.file)} | — | error: ${cell(f.error)} | — | ${LEVELS.map(() => '').join(' | ')} |`);
      continue;
    }
    for (const r of f.resources) {
      const result = r.ok ? 'OK' : `error: ${cell(r.error ?? '')}`;
      out.push(
        `| ${cell(f.file)} | ${cell(resourceLabel(r))} | ${result} | ${r.grade}${kinds(r)} | ${LEVELS.map((l) => String(r.counts[l])).join(' | ')} |`,
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
      out.push(`Grade: **${r.grade}**`, '');
      for (const g of r.reasons) out.push(`- ${g.kind} (${g.grade}): ${g.reasons.length} reason(s)`);
      if (r.reasons.length > 0) out.push('');
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
  out.push(...checklistMarkdown(report));
  return `${out.join('\n')}`;
}

/** checklistMarkdown renders the "create before you migrate" section. */
function checklistMarkdown(report: Report): string[] {
  const c = report.checklist;
  const out = ['## Create before you migrate', ''];
  const used = (u: readonly string[]) => cell(u.join(', '));
  if (c.secrets.length + c.iamRoles.length + c.targetGroups.length + c.efsFileSystems.length === 0)
    return [...out, 'Nothing to create.', ''];
  if (c.secrets.length > 0) {
    out.push('### Secrets', '', '| Secret | keys | used by |', '| --- | --- | --- |');
    for (const s of c.secrets) out.push(`| ${code(s.name)} | ${cell(s.keys.join(', '))} | ${used(s.usedBy)} |`);
    out.push('');
  }
  if (c.iamRoles.length > 0) {
    out.push(
      "### IAM roles to trust the cluster's OIDC provider",
      '',
      '| role | as | service accounts | used by |',
      '| --- | --- | --- | --- |',
    );
    for (const r of c.iamRoles)
      out.push(
        `| ${code(r.arn)} | ${r.as.join(', ')} | ${cell(r.serviceAccounts.join(', ') || '—')} | ${used(r.usedBy)} |`,
      );
    out.push(
      '',
      `Trust policy skeleton for ${code(c.iamRoles[0].arn)} (replace the placeholders; -o json has one per role):`,
      '',
    );
    out.push('```json', JSON.stringify(c.iamRoles[0].trustPolicy, null, 2), '```', '');
  }
  if (c.targetGroups.length > 0) {
    out.push('### Target groups', '', '| target group | used by |', '| --- | --- |');
    for (const t of c.targetGroups) out.push(`| ${code(t.arn)} | ${used(t.usedBy)} |`);
    out.push('');
  }
  if (c.efsFileSystems.length > 0) {
    out.push('### EFS file systems', '', '| file system | access points | used by |', '| --- | --- | --- |');
    for (const e of c.efsFileSystems)
      out.push(`| ${code(e.fileSystemId)} | ${cell(e.accessPointIds.join(', ') || '—')} | ${used(e.usedBy)} |`);
    out.push('');
  }
  return out;
}
