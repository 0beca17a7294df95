/**
 * A parser for the ECS cluster query language, the expression language of `memberOf` placement
 * constraints (`attribute:ecs.instance-type =~ t2.* and task:group != service:db`).
 *
 * Grammar (keywords and operator words are case-insensitive):
 *
 *   expr     := orExpr
 *   orExpr   := andExpr (('or' | '||') andExpr)*
 *   andExpr  := unary (('and' | '&&') unary)*
 *   unary    := ('not' | '!') unary | primary
 *   primary  := '(' expr ')' | subject operator [argument]
 *   subject  := 'attribute:'<name> | 'task:group' | 'ec2InstanceId' | 'agentVersion'
 *             | 'agentConnected' | 'registeredAt' | 'runningTasksCount'
 *   operator := '==' | 'equals' | '!=' | 'not_equals' | '>' | 'greater_than' | '>=' | 'greater_than_equal'
 *             | '<' | 'less_than' | '<=' | 'less_than_equal' | 'exists' | '!exists' | 'not_exists'
 *             | 'in' | '!in' | 'not_in' | '=~' | 'matches' | '!~' | 'not_matches'
 *   argument := value | '[' value (',' value)* ']'          (lists only after in / not_in)
 *   value    := bare word | 'single quoted' | "double quoted"
 *
 * `and` binds tighter than `or`, as in the ECS documentation's examples. Errors are
 * {@link QueryParseError}s carrying the 0-based character offset of the offending token.
 */

/** The canonical comparison operators (word forms are normalised to these). */
export type Operator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'exists' | '!exists' | 'in' | 'not_in' | '=~' | '!~';

/** The instance fields a query can test besides attributes and the task group. */
export const FIELD_SUBJECTS = [
  'agentConnected',
  'agentVersion',
  'ec2InstanceId',
  'registeredAt',
  'runningTasksCount',
] as const;
export type FieldSubject = (typeof FIELD_SUBJECTS)[number];

export type Subject =
  { kind: 'attribute'; name: string } | { kind: 'taskGroup' } | { kind: 'field'; name: FieldSubject };

/** The syntax tree of a query: `and`/`or` are n-ary and flattened. */
export type QueryExpr =
  | { kind: 'and'; terms: QueryExpr[] }
  | { kind: 'or'; terms: QueryExpr[] }
  | { kind: 'not'; expr: QueryExpr }
  | { kind: 'compare'; subject: Subject; op: Operator; values: string[] };

/** QueryParseError: a syntax error at `position` (0-based offset into the expression). */
export class QueryParseError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.name = 'QueryParseError';
    this.position = position;
  }
}

type TokenKind =
  'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'comma' | 'and' | 'or' | 'not' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

const SYMBOL_OPERATORS: Array<[string, Operator]> = [
  ['==', '=='],
  ['!=', '!='],
  ['>=', '>='],
  ['<=', '<='],
  ['=~', '=~'],
  ['!~', '!~'],
  ['>', '>'],
  ['<', '<'],
];

const WORD_OPERATORS: Record<string, Operator> = {
  equals: '==',
  not_equals: '!=',
  greater_than: '>',
  greater_than_equal: '>=',
  less_than: '<',
  less_than_equal: '<=',
  exists: 'exists',
  not_exists: '!exists',
  in: 'in',
  not_in: 'not_in',
  matches: '=~',
  not_matches: '!~',
};

/** Characters that end a bare word: whitespace, brackets, quotes, commas and operator symbols. */
const WORD_STOP = /[\s()[\],'"=!<>&|~]/;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const pos = i;
    const single: Partial<Record<string, TokenKind>> = {
      '(': 'lparen',
      ')': 'rparen',
      '[': 'lbracket',
      ']': 'rbracket',
      ',': 'comma',
    };
    if (single[c]) {
      tokens.push({ kind: single[c], text: c, pos });
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new QueryParseError(`unterminated quoted value`, pos);
      tokens.push({ kind: 'string', text: src.slice(i + 1, end), pos });
      i = end + 1;
      continue;
    }
    if (src.startsWith('&&', i)) {
      tokens.push({ kind: 'and', text: '&&', pos });
      i += 2;
      continue;
    }
    if (src.startsWith('||', i)) {
      tokens.push({ kind: 'or', text: '||', pos });
      i += 2;
      continue;
    }
    // `!exists` and `!in` are operators; a `!` before anything else is logical not.
    const bang = /^!(exists|in)(?![A-Za-z0-9_])/i.exec(src.slice(i));
    if (bang) {
      tokens.push({ kind: 'op', text: bang[1].toLowerCase() === 'in' ? 'not_in' : '!exists', pos });
      i += bang[0].length;
      continue;
    }
    const sym = SYMBOL_OPERATORS.find(([s]) => src.startsWith(s, i));
    if (sym) {
      tokens.push({ kind: 'op', text: sym[1], pos });
      i += sym[0].length;
      continue;
    }
    if (c === '!') {
      tokens.push({ kind: 'not', text: '!', pos });
      i++;
      continue;
    }
    if (WORD_STOP.test(c)) throw new QueryParseError(`unexpected character '${c}'`, pos);
    let j = i;
    while (j < src.length && !WORD_STOP.test(src[j])) j++;
    tokens.push({ kind: 'word', text: src.slice(i, j), pos });
    i = j;
  }
  tokens.push({ kind: 'end', text: '', pos: src.length });
  return tokens;
}

/** parseQuery parses one cluster query expression into its syntax tree; throws QueryParseError. */
export function parseQuery(src: string): QueryExpr {
  const tokens = tokenize(src);
  let at = 0;
  const peek = (): Token => tokens[at];
  const next = (): Token => tokens[at++];
  const isKeyword = (t: Token, word: string): boolean => t.kind === 'word' && t.text.toLowerCase() === word;
  const describe = (t: Token): string => (t.kind === 'end' ? 'end of expression' : `'${t.text}'`);

  function orExpr(): QueryExpr {
    const terms = [andExpr()];
    while (peek().kind === 'or' || isKeyword(peek(), 'or')) {
      next();
      terms.push(andExpr());
    }
    return terms.length === 1
      ? terms[0]
      : { kind: 'or', terms: terms.flatMap((t) => (t.kind === 'or' ? t.terms : [t])) };
  }

  function andExpr(): QueryExpr {
    const terms = [unary()];
    while (peek().kind === 'and' || isKeyword(peek(), 'and')) {
      next();
      terms.push(unary());
    }
    return terms.length === 1
      ? terms[0]
      : { kind: 'and', terms: terms.flatMap((t) => (t.kind === 'and' ? t.terms : [t])) };
  }

  function unary(): QueryExpr {
    const t = peek();
    if (t.kind === 'not' || isKeyword(t, 'not')) {
      next();
      return { kind: 'not', expr: unary() };
    }
    return primary();
  }

  function primary(): QueryExpr {
    const t = next();
    if (t.kind === 'lparen') {
      const inner = orExpr();
      const close = next();
      if (close.kind !== 'rparen') throw new QueryParseError(`expected ')' but found ${describe(close)}`, close.pos);
      return inner;
    }
    if (t.kind !== 'word') throw new QueryParseError(`expected a subject but found ${describe(t)}`, t.pos);
    const subject = parseSubject(t);
    const opTok = next();
    let op: Operator | undefined;
    if (opTok.kind === 'op') op = opTok.text as Operator;
    else if (opTok.kind === 'word') op = WORD_OPERATORS[opTok.text.toLowerCase()];
    if (!op)
      throw new QueryParseError(`expected an operator after '${t.text}' but found ${describe(opTok)}`, opTok.pos);
    if (op === 'exists' || op === '!exists') return { kind: 'compare', subject, op, values: [] };
    if (op === 'in' || op === 'not_in') return { kind: 'compare', subject, op, values: list() };
    return { kind: 'compare', subject, op, values: [value()] };
  }

  function parseSubject(t: Token): Subject {
    const lower = t.text.toLowerCase();
    if (lower.startsWith('attribute:')) {
      const name = t.text.slice('attribute:'.length);
      if (!name) throw new QueryParseError(`attribute name missing after 'attribute:'`, t.pos);
      return { kind: 'attribute', name };
    }
    if (lower === 'task:group') return { kind: 'taskGroup' };
    const field = FIELD_SUBJECTS.find((f) => f.toLowerCase() === lower);
    if (field) return { kind: 'field', name: field };
    throw new QueryParseError(
      `unknown subject '${t.text}' (expected attribute:<name>, task:group, ${FIELD_SUBJECTS.join(', ')})`,
      t.pos,
    );
  }

  function value(): string {
    const t = next();
    if (t.kind === 'word' || t.kind === 'string') return t.text;
    throw new QueryParseError(`expected a value but found ${describe(t)}`, t.pos);
  }

  function list(): string[] {
    const open = next();
    if (open.kind !== 'lbracket') throw new QueryParseError(`expected '[' but found ${describe(open)}`, open.pos);
    const values = [value()];
    for (;;) {
      const t = next();
      if (t.kind === 'rbracket') return values;
      if (t.kind !== 'comma') throw new QueryParseError(`expected ',' or ']' but found ${describe(t)}`, t.pos);
      values.push(value());
    }
  }

  if (peek().kind === 'end') throw new QueryParseError('empty expression', 0);
  const expr = orExpr();
  const rest = peek();
  if (rest.kind !== 'end') throw new QueryParseError(`unexpected ${describe(rest)}`, rest.pos);
  return expr;
}

/** NEGATED maps each operator to its complement, for pushing `not` inward. */
export const NEGATED: Readonly<Record<Operator, Operator>> = {
  '==': '!=',
  '!=': '==',
  '>': '<=',
  '<=': '>',
  '<': '>=',
  '>=': '<',
  exists: '!exists',
  '!exists': 'exists',
  in: 'not_in',
  not_in: 'in',
  '=~': '!~',
  '!~': '=~',
};

/**
 * toNegationNormalForm pushes every `not` down to the comparisons with De Morgan's laws and the
 * operator complements, so that the result contains no `not` node.
 */
export function toNegationNormalForm(e: QueryExpr, negate = false): QueryExpr {
  switch (e.kind) {
    case 'not':
      return toNegationNormalForm(e.expr, !negate);
    case 'compare':
      return negate ? { ...e, op: NEGATED[e.op] } : e;
    case 'and':
    case 'or': {
      const kind = (e.kind === 'and') !== negate ? 'and' : 'or';
      return { kind, terms: e.terms.map((t) => toNegationNormalForm(t, negate)) };
    }
  }
}

type Comparison = Extract<QueryExpr, { kind: 'compare' }>;

/**
 * toDisjunctiveNormalForm returns the expression as an OR of ANDs of comparisons, or undefined when
 * that would exceed `limit` terms (the product of ORs inside ANDs can explode).
 */
export function toDisjunctiveNormalForm(e: QueryExpr, limit = 64): Comparison[][] | undefined {
  const nnf = toNegationNormalForm(e);
  const go = (x: QueryExpr): Comparison[][] | undefined => {
    if (x.kind === 'compare') return [[x]];
    if (x.kind === 'not') return undefined; // unreachable after NNF
    const parts: Comparison[][][] = [];
    for (const t of x.terms) {
      const d = go(t);
      if (!d) return undefined;
      parts.push(d);
    }
    if (x.kind === 'or') {
      const all = parts.flat();
      return all.length > limit ? undefined : all;
    }
    let acc: Comparison[][] = [[]];
    for (const d of parts) {
      const product: Comparison[][] = [];
      for (const a of acc) for (const b of d) product.push([...a, ...b]);
      if (product.length > limit) return undefined;
      acc = product;
    }
    return acc;
  };
  return go(nnf);
}

/** formatComparison prints one comparison back in the query language (for finding messages). */
export function formatComparison(c: Comparison): string {
  const subject =
    c.subject.kind === 'attribute'
      ? `attribute:${c.subject.name}`
      : c.subject.kind === 'taskGroup'
        ? 'task:group'
        : c.subject.name;
  if (c.op === 'exists' || c.op === '!exists') return `${subject} ${c.op}`;
  if (c.op === 'in' || c.op === 'not_in') return `${subject} ${c.op} [${c.values.join(', ')}]`;
  return `${subject} ${c.op} ${c.values[0]}`;
}
