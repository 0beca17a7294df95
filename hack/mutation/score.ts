/**
 * score.ts: per-file mutation scores from StrykerJS's JSON report, with and without the mutants of
 * message text, and the 85 % gate of `make mutation`.
 *
 *   npx tsx hack/mutation/score.ts [REPORT] [--survivors] [--out FILE]
 *
 * REPORT defaults to reports/mutation/mutation.json. `--survivors` (or MUTATION_SURVIVORS=1) also
 * prints every surviving and uncovered mutant as `file:line:column  Mutator  original → replacement`
 * (tagged [no coverage], [static], [message text]); `--out FILE` writes that list to FILE. Exit
 * status 1 when a target file that the report contains scores below the threshold without message
 * text, 2 on a missing or bad report or a bad option.
 *
 * Score (Stryker's definition): (killed + timeout) / (killed + timeout + survived + noCoverage).
 * Compile and runtime errors and ignored mutants are in neither part.
 *
 * Message-text mutants (left out of the "excl. messages" score), a conservative rule: a mutant is
 * message text only when ALL of these hold:
 *   1. its mutator is StringLiteral (a '…', "…" or `…` literal replaced by an empty one, or vice
 *      versa);
 *   2. the original literal is prose: its constant text (a template's `${…}` parts removed) contains
 *      whitespace and at least two words of two or more letters. Identifiers, keys, enum values
 *      and units ('Always', 'IfNotPresent', 'RUNNING', `${mib}Mi`, `${path}.command`) never are;
 *   3. the literal is used as a message: going up from it through parentheses, `a ? b : c`
 *      branches, `??`/`||`/`+` operands and the `${…}` of an enclosing template, one reaches
 *      - an argument of `new X(…)` or `X(…)` where X's name ends in Error (InputError,
 *        QueryParseError, Error, ...);
 *      - an argument of FindingSink's info/approximated/unsupported/add or of a logger's
 *        trace/debug/warn/error/fatal (by method name);
 *      - an argument of a function declared in one of the report's files (the same file first)
 *        whose parameter at that position is named like a message (below): `f(path, level,
 *        message)`, `reportMembers(..., message)`, `unsupportedMembers(..., message)`; or
 *      - the value of a property, variable or parameter default named like a message.
 *      "Named like a message": message, msg, or ending in reason/Reason (ECS stoppedReason,
 *      rolloutStateReason, events' and conditions' message).
 * Everything else counts, including prose that is data (a shell command, an annotation value),
 * prose returned by a function or kept in a table (placement's reasons, assemble's notes), words
 * spliced into a message through a parameter with another name (`refuseHost('pidMode', 'the host
 * PID namespace')`), templates with fewer than two words of their own (`task ${status}`), the empty
 * literals of messages ('' → "Stryker was here!") and non-StringLiteral mutants inside a message (an
 * operator in a `${…}`), since those change what the message says about the input.
 */
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import ts from 'typescript';

/** The files held to THRESHOLD (without message text) whenever they were mutated. */
const TARGETS = [
  'src/translate/rollout.ts',
  'src/translate/probes.ts',
  'src/translate/ordering.ts',
  'src/ecs/units.ts',
  'src/translate/names.ts',
  'src/translate/resources.ts',
  'src/controller/task-status.ts',
  'src/controller/service-status.ts',
];
const THRESHOLD = 85;

const MESSAGE_METHODS = new Set([
  'info',
  'approximated',
  'unsupported',
  'add',
  'trace',
  'debug',
  'warn',
  'error',
  'fatal',
]);
const MESSAGE_NAME = /^(message|msg)$|reason$/i;

interface Position {
  line: number; // 1-based
  column: number; // 1-based
}
interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  static?: boolean;
  location: { start: Position; end: Position };
}
interface FileResult {
  source: string;
  mutants: Mutant[];
}
interface Report {
  files: Record<string, FileResult>;
}

function usage(message: string): never {
  writeSync(2, `score.ts: ${message}\n`);
  process.exit(2);
}

// `score.ts --survivors | head` closes the pipe early: stop quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

const args = process.argv.slice(2);
let reportPath = 'reports/mutation/mutation.json';
let survivors = process.env.MUTATION_SURVIVORS === '1';
let outPath: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--survivors') survivors = true;
  else if (a === '--out') outPath = args[++i] ?? usage('--out needs a file');
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else reportPath = a;
}

let report: Report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
} catch (err) {
  usage(`cannot read ${reportPath}: ${(err as Error).message} (run make mutation first)`);
}

function isProse(literal: ts.Node, sf: ts.SourceFile): boolean {
  let text: string;
  if (ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal)) text = literal.text;
  else if (ts.isTemplateExpression(literal))
    text = [literal.head.text, ...literal.templateSpans.map((s) => s.literal.text)].join(' ');
  else text = literal.getText(sf);
  return /\S\s+\S/.test(text) && (text.match(/[A-Za-z]{2,}/g) ?? []).length >= 2;
}

function calleeName(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

function nameOf(name: ts.Node): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** Parameter names of the functions, arrow functions and methods declared in a file, by function name. */
type Declarations = Map<string, string[][]>;

function declarationsOf(sf: ts.SourceFile): Declarations {
  const out: Declarations = new Map();
  const add = (name: string | undefined, fn: ts.SignatureDeclarationBase): void => {
    if (name === undefined) return;
    const params = fn.parameters.map((p) => nameOf(p.name) ?? '');
    out.set(name, [...(out.get(name) ?? []), params]);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) add(n.name && nameOf(n.name), n);
    else if (
      ts.isVariableDeclaration(n) &&
      n.initializer &&
      (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))
    )
      add(nameOf(n.name), n.initializer);
    n.forEachChild(visit);
  };
  visit(sf);
  return out;
}

/** inMessagePosition: rule 3 above. */
function inMessagePosition(literal: ts.Node, local: Declarations, global: Declarations): boolean {
  let node: ts.Node = literal;
  for (;;) {
    const parent = node.parent;
    if (!parent) return false;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isTemplateSpan(parent) ||
      ts.isTemplateExpression(parent) ||
      (ts.isConditionalExpression(parent) && node !== parent.condition) ||
      (ts.isBinaryExpression(parent) &&
        [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.PlusToken].includes(
          parent.operatorToken.kind,
        ))
    ) {
      node = parent;
      continue;
    }
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && node !== parent.expression) {
      const name = calleeName(parent.expression);
      if (name === undefined) return false;
      if (/Error$/.test(name)) return true;
      if (ts.isPropertyAccessExpression(parent.expression) && MESSAGE_METHODS.has(name)) return true;
      const callArgs: readonly ts.Expression[] = parent.arguments ?? [];
      const index = callArgs.indexOf(node as ts.Expression);
      const signatures = local.get(name) ?? global.get(name) ?? [];
      return signatures.some((params) => MESSAGE_NAME.test(params[index] ?? ''));
    }
    if (
      (ts.isPropertyAssignment(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent)) &&
      node === parent.initializer
    ) {
      const name = nameOf(parent.name);
      return name !== undefined && MESSAGE_NAME.test(name);
    }
    return false;
  }
}

/** The smallest string or template literal that spans exactly the mutant's location, if any. */
function literalAt(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (n.getStart(sf) > start || n.getEnd() < end) return;
    if (
      n.getStart(sf) === start &&
      n.getEnd() === end &&
      (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n))
    )
      found = n;
    n.forEachChild(visit);
  };
  visit(sf);
  return found;
}

interface Counts {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  errors: number;
  ignored: number;
  static: number;
}
const zero = (): Counts => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0, static: 0 });

function tally(c: Counts, m: Mutant): void {
  if (m.static) c.static++;
  switch (m.status) {
    case 'Killed':
      c.killed++;
      break;
    case 'Timeout':
      c.timeout++;
      break;
    case 'Survived':
      c.survived++;
      break;
    case 'NoCoverage':
      c.noCoverage++;
      break;
    case 'Ignored':
      c.ignored++;
      break;
    default: // CompileError, RuntimeError, Pending
      c.errors++;
  }
}

const valid = (c: Counts): number => c.killed + c.timeout + c.survived + c.noCoverage;
const score = (c: Counts): number | undefined =>
  valid(c) === 0 ? undefined : (100 * (c.killed + c.timeout)) / valid(c);
const pct = (s: number | undefined): string => (s === undefined ? 'n/a' : s.toFixed(2));

interface Row {
  file: string;
  all: Counts;
  withoutMessages: Counts;
  messages: number;
}
const rows: Row[] = [];
const survivorLines: string[] = [];

const sources = new Map<string, ts.SourceFile>();
const locals = new Map<string, Declarations>();
const globalDeclarations: Declarations = new Map();
for (const file of Object.keys(report.files).sort()) {
  const sf = ts.createSourceFile(file, report.files[file].source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  sources.set(file, sf);
  const declarations = declarationsOf(sf);
  locals.set(file, declarations);
  for (const [name, signatures] of declarations)
    globalDeclarations.set(name, [...(globalDeclarations.get(name) ?? []), ...signatures]);
}

for (const file of Object.keys(report.files).sort()) {
  const { source, mutants } = report.files[file];
  const sf = sources.get(file)!;
  const offset = (p: Position): number => sf.getPositionOfLineAndCharacter(p.line - 1, p.column - 1);
  const row: Row = { file, all: zero(), withoutMessages: zero(), messages: 0 };
  const sorted = [...mutants].sort(
    (a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column,
  );
  for (const m of sorted) {
    let message = false;
    const start = offset(m.location.start);
    const end = offset(m.location.end);
    const original = source.slice(start, end);
    if (m.mutatorName === 'StringLiteral') {
      const lit = literalAt(sf, start, end);
      message = lit !== undefined && isProse(lit, sf) && inMessagePosition(lit, locals.get(file)!, globalDeclarations);
    }
    tally(row.all, m);
    if (message) row.messages++;
    else tally(row.withoutMessages, m);
    if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const oneLine = (s: string): string => {
        const flat = s.replace(/\s*\n\s*/g, ' ');
        return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
      };
      const tags = [
        m.status === 'NoCoverage' ? 'no coverage' : '',
        m.static ? 'static' : '',
        message ? 'message text' : '',
      ]
        .filter(Boolean)
        .join(', ');
      survivorLines.push(
        `${file}:${m.location.start.line}:${m.location.start.column}  ${m.mutatorName}  ${oneLine(original)} → ${oneLine(m.replacement ?? '')}${tags ? `  [${tags}]` : ''}`,
      );
    }
  }
  rows.push(row);
}

const total = (pick: (r: Row) => Counts): Counts => {
  const t = zero();
  for (const r of rows) for (const k of Object.keys(t) as (keyof Counts)[]) t[k] += pick(r)[k];
  return t;
};
const totalAll = total((r) => r.all);
const totalWithout = total((r) => r.withoutMessages);

const header = [
  'file',
  'killed',
  'survived',
  'no-cov',
  'timeout',
  'total',
  'score',
  'msg',
  'score excl. msg',
  'errors',
  'ignored',
  'static',
];
const line = (file: string, a: Counts, w: Counts, messages: number, target: string): string[] => [
  file + target,
  String(a.killed),
  String(a.survived),
  String(a.noCoverage),
  String(a.timeout),
  String(valid(a)),
  pct(score(a)),
  String(messages),
  pct(score(w)),
  String(a.errors),
  String(a.ignored),
  String(a.static),
];
const table = [
  header,
  ...rows.map((r) => line(r.file, r.all, r.withoutMessages, r.messages, TARGETS.includes(r.file) ? ' *' : '')),
  line(
    'all files',
    totalAll,
    totalWithout,
    rows.reduce((n, r) => n + r.messages, 0),
    '',
  ),
];
const widths = header.map((_, i) => Math.max(...table.map((r) => r[i].length)));
const render = (r: string[]): string =>
  r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
const out: string[] = [];
out.push(render(table[0]), widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of table.slice(1, -1)) out.push(render(r));
out.push(widths.map((w) => '-'.repeat(w)).join('  '), render(table[table.length - 1]));
out.push(
  '',
  'total = killed + survived + no-cov + timeout; score = (killed + timeout) / total, in %; msg = mutants of message text',
  `(StringLiteral mutants of prose used as a message, see hack/mutation/score.ts), left out of "score excl. msg".`,
  `* = target file: must score at least ${THRESHOLD}% excluding message text.`,
);

const failing = rows.filter((r) => {
  if (!TARGETS.includes(r.file)) return false;
  const s = score(r.withoutMessages);
  return s !== undefined && s < THRESHOLD;
});
if (failing.length > 0) {
  out.push('', `Below ${THRESHOLD}% (excluding message text):`);
  for (const r of failing) out.push(`  ${r.file}: ${pct(score(r.withoutMessages))}%`);
} else if (rows.some((r) => TARGETS.includes(r.file))) {
  out.push('', `Every target file in this run scores at least ${THRESHOLD}% excluding message text.`);
}
const absent = TARGETS.filter((t) => !(t in report.files));
if (absent.length > 0) out.push(`Target files not in this run (not checked): ${absent.join(', ')}`);
process.stdout.write(out.join('\n') + '\n');

const survivorText = `Surviving and uncovered mutants (${survivorLines.length}):\n${survivorLines.join('\n')}\n`;
if (outPath !== undefined) {
  writeFileSync(outPath, survivorText);
  if (!survivors)
    process.stdout.write(`${survivorLines.length} surviving and uncovered mutants listed in ${outPath}\n`);
}
if (survivors) process.stdout.write(`\n${survivorText}`);
// exitCode, not exit(): exit() would cut off output still queued for a pipe.
process.exitCode = failing.length > 0 ? 1 : 0;
