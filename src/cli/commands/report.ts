/**
 * `ecs2eks report DIR`: a migration report over every ECS definition under DIR. A file that cannot
 * be read, parsed or converted is a row with its error; the report goes on.
 */
import { join } from 'node:path';
import { isInputError } from '../../ecs/errors.js';
import { parseInput, type ParsedResource, type ParsedTaskDefinition } from '../../ecs/parse/index.js';
import { str } from '../args.js';
import type { Command } from '../command.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import { countByLevel, dedupeFindings } from '../findings.js';
import { MAX_INPUT_BYTES, readTextFile, stemOf } from '../io.js';
import { INPUT_FLAGS, maxInputBytes } from '../load.js';
import { byFamily, definitionsByFamily, isUnitError, pairResources } from '../pairing.js';
import { findInputFiles } from '../report/files.js';
import { checklist, type ChecklistSource } from '../report/checklist.js';
import { toCsv } from '../report/csv.js';
import { toMarkdown } from '../report/markdown.js';
import { summarize, type FileEntry, type Report, type ResourceRow } from '../report/model.js';
import { translateUnit } from '../translate.js';
import { readableNames } from '../../translate/names.js';
import type { TranslateOptions } from '../../translate/options.js';
import { TRANSLATE_FLAGS, translateOptions } from '../translate-options.js';

interface Parsed {
  file: string;
  resources?: ParsedResource[];
  error?: string;
}

function errorText(e: unknown): string {
  if (isInputError(e) || e instanceof CliError) return e.message;
  // Anything else escaping parse/translate is a bug there; the report records it instead of stopping.
  return `internal error (this is a bug): ${e instanceof Error ? e.message : String(e)}`;
}

/** buildReport reads, parses and converts every input file under `dir`. */
export async function buildReport(dir: string, options: TranslateOptions, maxBytes = MAX_INPUT_BYTES): Promise<Report> {
  const files = await findInputFiles(dir);
  if (files.length === 0) throw new CliError(`${dir}: no .json, .yaml or .yml files found`);

  const parsed: Parsed[] = [];
  for (const file of files) {
    try {
      const text = await readTextFile(join(dir, file), maxBytes);
      parsed.push({ file, resources: parseInput(text, file, stemOf(file)) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      parsed.push({ file, error: code ? `cannot read: ${(e as Error).message}` : errorText(e) });
    }
  }
  // A service may name a task definition kept in another file of the directory.
  const everything = parsed.flatMap((p) => p.resources ?? []);
  const elsewhere = byFamily(everything);
  const alternatives = definitionsByFamily(everything);

  const entries: FileEntry[] = [];
  const sources: ChecklistSource[] = [];
  for (const p of parsed) entries.push(await reportFile(p, elsewhere, alternatives, options, sources));
  return summarize(dir, withNameClashes(entries), checklist(sources));
}

/**
 * Two inputs that become objects of the same kind and name (two files each with a Service "web")
 * overwrite each other when applied to one namespace: each row says so, naming the other.
 */
function withNameClashes(entries: FileEntry[]): FileEntry[] {
  const seen = new Map<string, string[]>();
  for (const e of entries)
    for (const r of e.resources)
      if (r.ok) seen.set(`${r.kind}/${r.name}`, [...(seen.get(`${r.kind}/${r.name}`) ?? []), r.origin]);
  return entries.map((e) => ({
    ...e,
    resources: e.resources.map((r) => {
      const others = (seen.get(`${r.kind}/${r.name}`) ?? []).filter((o) => o !== r.origin);
      if (!r.ok || others.length === 0) return r;
      const findings = [
        ...r.findings,
        {
          source: r.kind,
          path: '',
          level: 'Unsupported' as const,
          message: `${others.join(', ')} also becomes ${r.kind} ${JSON.stringify(r.name)}: applied to one namespace, the generated objects of one replace the other's`,
        },
      ];
      return { ...r, findings, counts: countByLevel(findings) };
    }),
  }));
}

/** reportFile pairs and converts the resources of one parsed file. */
async function reportFile(
  p: Parsed,
  elsewhere: ReadonlyMap<string, ParsedTaskDefinition>,
  alternatives: ReadonlyMap<string, readonly ParsedTaskDefinition[]>,
  options: TranslateOptions,
  sources: ChecklistSource[],
): Promise<FileEntry> {
  if (!p.resources) return { file: p.file, error: p.error ?? 'unknown error', resources: [] };
  const rows: ResourceRow[] = [];
  let planned;
  try {
    planned = pairResources(p.resources, {
      elsewhere,
      alternatives,
      searched: 'this file or elsewhere in the directory',
    });
  } catch (e) {
    return { file: p.file, error: errorText(e), resources: [] };
  }
  const names = readableNames(planned.filter((u) => !isUnitError(u)).map((u) => u.name));
  for (const u of planned) {
    const base = { kind: u.kind, name: u.name, origin: u.origin, fromTaskDefinition: u.lone === true };
    if (isUnitError(u)) {
      const findings = dedupeFindings(u.findings);
      rows.push({ ...base, ok: false, error: u.error, counts: countByLevel(findings), findings });
      continue;
    }
    try {
      const t = translateUnit(u, options, names.get(u.name));
      rows.push({ ...base, ok: true, counts: countByLevel(t.findings), findings: t.findings });
      sources.push({
        resource: `${u.kind} ${u.name}`,
        taskDefinition: u.taskDefinition.spec,
        service: u.kind === 'Service' ? u.service : undefined,
        objects: t.objects,
      });
    } catch (e) {
      rows.push({ ...base, ok: false, error: errorText(e), counts: countByLevel(u.findings), findings: u.findings });
    }
  }
  return { file: p.file, resources: rows };
}

export const report: Command = {
  name: 'report',
  summary: 'a migration report over every ECS definition in a directory',
  usage: 'ecs2eks report [options] DIR',
  description: `
Reads every .json, .yaml and .yml file under DIR (recursively, in sorted order; hidden directories
skipped) and reports, per file and per resource, whether it converts and the findings by level,
then a per-field summary across all files (list indexes collapsed, e.g. containerDefinitions[].ulimits).
Each service/task gets a grade: ready (Info findings only), needs work (Approximated or Unsupported
findings, grouped by kind: cloudformation, load balancer, secrets, efs, iam role, host access,
windows, other) or blocked (does not convert, refused by policy, or Unsupported as a whole).
-o json: {directory, totals, files[{file, error?, resources[{kind, name, origin, ok, grade,
reasons[{kind, grade, reasons[]}], counts, findings}]}], fields, checklist{secrets, iamRoles,
targetGroups, efsFileSystems}}. -o csv: one row per resource. The checklist lists what to create
before migrating: Secrets (name, keys), IAM roles to trust the cluster's OIDC provider (with a
trust-policy skeleton), target groups and EFS file systems.
Services are paired with task definitions in the same file, else anywhere in DIR, by family.
A task definition that no service uses is converted as a one-replica service, as convert does.

A file that cannot be read, parsed or converted is a row with its error: the report does not stop.
Exit status: 0 when the report was produced (even if some files failed), 1 when DIR cannot be read
or has no input files, 2 usage error.`,
  flags: {
    output: {
      type: 'string',
      short: 'o',
      value: 'FORMAT',
      choices: ['markdown', 'md', 'json', 'csv'],
      help: 'report format: markdown (or md), json, csv (default: markdown)',
    },
    ...TRANSLATE_FLAGS,
    ...INPUT_FLAGS,
  },
  examples: [
    'ecs2eks report ./ecs > migration.md',
    'ecs2eks report ./ecs -o json | jq .fields',
    'ecs2eks report ./ecs -o csv > migration.csv',
  ],
  async run({ values, positionals }, io) {
    if (positionals.length !== 1)
      throw new UsageError(`report takes exactly one DIR, got ${positionals.length} (see 'ecs2eks report --help')`);
    // The report plans a migration onto ecs2eks, so it grades what the operator runs: findings that
    // only hold for `convert` output applied without the operator (appliedBy 'cli') do not count.
    const r = await buildReport(
      positionals[0],
      { ...translateOptions(values), appliedBy: 'operator' },
      maxInputBytes(values),
    );
    const format = str(values, 'output');
    if (format === 'json') io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else if (format === 'csv') io.stdout.write(toCsv(r));
    else io.stdout.write(`${toMarkdown(r)}\n`);
    return EXIT_OK;
  },
};
