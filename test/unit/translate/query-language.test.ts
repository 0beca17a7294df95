import { expect } from 'chai';
import fc from 'fast-check';
import {
  parseQuery,
  QueryParseError,
  toDisjunctiveNormalForm,
  toNegationNormalForm,
  type QueryExpr,
} from '../../../src/translate/query-language.js';

const attr = (name: string, op: string, ...values: string[]): QueryExpr =>
  ({ kind: 'compare', subject: { kind: 'attribute', name }, op, values }) as QueryExpr;
const group = (op: string, ...values: string[]): QueryExpr =>
  ({ kind: 'compare', subject: { kind: 'taskGroup' }, op, values }) as QueryExpr;

describe('parseQuery', () => {
  const valid: Array<[string, string, QueryExpr]> = [
    ['an attribute equality', 'attribute:ecs.instance-type == t2.small', attr('ecs.instance-type', '==', 't2.small')],
    ['the word form of an operator', 'attribute:ecs.os-type equals linux', attr('ecs.os-type', '==', 'linux')],
    ['an operator written without spaces', 'attribute:color!=red', attr('color', '!=', 'red')],
    [
      'an in list',
      'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]',
      attr('ecs.availability-zone', 'in', 'us-east-1a', 'us-east-1b'),
    ],
    [
      'a !in list with quoted values',
      'ec2InstanceId !in [\'i-abcd1234\', "i-wxyz7890"]',
      {
        kind: 'compare',
        subject: { kind: 'field', name: 'ec2InstanceId' },
        op: 'not_in',
        values: ['i-abcd1234', 'i-wxyz7890'],
      },
    ],
    ['not_in as a word', 'attribute:a not_in [x]', attr('a', 'not_in', 'x')],
    ['exists without an argument', 'attribute:gpu exists', attr('gpu', 'exists')],
    [
      '!exists and not_exists',
      'attribute:gpu !exists or attribute:tpu not_exists',
      { kind: 'or', terms: [attr('gpu', '!exists'), attr('tpu', '!exists')] },
    ],
    ['a regex match', 'attribute:ecs.instance-type =~ t2.*', attr('ecs.instance-type', '=~', 't2.*')],
    [
      'matches and not_matches words',
      'attribute:a matches x.* && attribute:b not_matches y',
      { kind: 'and', terms: [attr('a', '=~', 'x.*'), attr('b', '!~', 'y')] },
    ],
    [
      'numeric comparisons',
      'runningTasksCount >= 2',
      { kind: 'compare', subject: { kind: 'field', name: 'runningTasksCount' }, op: '>=', values: ['2'] },
    ],
    ['task:group with a service value', 'task:group == service:production', group('==', 'service:production')],
    ['not() around a comparison', 'not(task:group == database)', { kind: 'not', expr: group('==', 'database') }],
    ['! as not', '!(attribute:a == b)', { kind: 'not', expr: attr('a', '==', 'b') }],
    [
      'and binding tighter than or',
      'attribute:a == 1 or attribute:b == 2 and attribute:c == 3',
      {
        kind: 'or',
        terms: [attr('a', '==', '1'), { kind: 'and', terms: [attr('b', '==', '2'), attr('c', '==', '3')] }],
      },
    ],
    [
      'parentheses overriding precedence',
      '(attribute:a == 1 || attribute:b == 2) && attribute:c == 3',
      {
        kind: 'and',
        terms: [{ kind: 'or', terms: [attr('a', '==', '1'), attr('b', '==', '2')] }, attr('c', '==', '3')],
      },
    ],
    [
      'flattened chains of and',
      'attribute:a == 1 and attribute:b == 2 AND attribute:c == 3',
      {
        kind: 'and',
        terms: [attr('a', '==', '1'), attr('b', '==', '2'), attr('c', '==', '3')],
      },
    ],
    ['a quoted value with spaces', "attribute:team == 'data platform'", attr('team', '==', 'data platform')],
  ];
  for (const [what, src, ast] of valid) {
    it(`parses ${what}`, () => expect(parseQuery(src)).to.deep.equal(ast));
  }

  const invalid: Array<[string, string, number, RegExp]> = [
    ['an empty expression', '   ', 0, /empty/],
    ['an unknown subject', 'instanceType == t2.micro', 0, /unknown subject 'instanceType'/],
    ['a missing operator', 'attribute:a b', 12, /expected an operator/],
    ['a missing argument', 'attribute:a ==', 14, /expected a value/],
    ['an in without a list', 'attribute:a in x', 15, /expected '\['/],
    ['an unclosed list', 'attribute:a in [x, y', 20, /expected ',' or '\]'/],
    ['an unclosed parenthesis', '(attribute:a == b', 17, /expected '\)'/],
    ['trailing tokens', 'attribute:a == b c', 17, /unexpected 'c'/],
    ['an unterminated quote', "attribute:a == 'b", 15, /unterminated/],
    ['a dangling and', 'attribute:a == b and', 20, /expected a subject/],
    ['an empty attribute name', 'attribute: == x', 0, /attribute name missing/],
  ];
  for (const [what, src, pos, message] of invalid) {
    it(`rejects ${what} naming position ${pos}`, () => {
      let caught: unknown;
      try {
        parseQuery(src);
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(QueryParseError);
      expect((caught as QueryParseError).position).to.equal(pos);
      expect((caught as Error).message)
        .to.match(message)
        .and.to.contain(`position ${pos}`);
    });
  }
});

describe('toNegationNormalForm', () => {
  it('pushes not through and/or with De Morgan and complements the operators', () => {
    const nnf = toNegationNormalForm(
      parseQuery('not (attribute:a == 1 and (attribute:b in [x] or attribute:c exists))'),
    );
    expect(nnf).to.deep.equal({
      kind: 'or',
      terms: [attr('a', '!=', '1'), { kind: 'and', terms: [attr('b', 'not_in', 'x'), attr('c', '!exists')] }],
    });
  });

  it('cancels a double negation', () => {
    expect(toNegationNormalForm(parseQuery('!!attribute:a > 3'))).to.deep.equal(attr('a', '>', '3'));
  });
});

describe('toDisjunctiveNormalForm', () => {
  it('distributes and over or', () => {
    const dnf = toDisjunctiveNormalForm(parseQuery('(attribute:a == 1 or attribute:a == 2) and attribute:b exists'));
    expect(dnf).to.deep.equal([
      [attr('a', '==', '1'), attr('b', 'exists')],
      [attr('a', '==', '2'), attr('b', 'exists')],
    ]);
  });

  it('gives up when the product exceeds the limit', () => {
    const big = Array.from({ length: 7 }, (_, i) => `(attribute:a${i} == 1 or attribute:b${i} == 1)`).join(' and ');
    expect(toDisjunctiveNormalForm(parseQuery(big), 64)).to.equal(undefined);
    expect(toDisjunctiveNormalForm(parseQuery(big), 128)).to.have.length(128);
  });

  it('keeps the truth table of random expressions', () => {
    // Evaluate both forms over random assignments of three boolean attributes.
    const leaf = fc.constantFrom('a', 'b', 'c').map((n) => attr(n, '==', '1'));
    const expr: fc.Arbitrary<QueryExpr> = fc.letrec<{ e: QueryExpr }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        tie('e').map((x) => ({ kind: 'not' as const, expr: x })),
        fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((terms) => ({ kind: 'and' as const, terms })),
        fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((terms) => ({ kind: 'or' as const, terms })),
      ),
    })).e;
    const evalExpr = (e: QueryExpr, env: Record<string, boolean>): boolean => {
      switch (e.kind) {
        case 'not':
          return !evalExpr(e.expr, env);
        case 'and':
          return e.terms.every((t) => evalExpr(t, env));
        case 'or':
          return e.terms.some((t) => evalExpr(t, env));
        case 'compare': {
          const v = env[(e.subject as { name: string }).name];
          return e.op === '==' ? v : !v;
        }
      }
    };
    fc.assert(
      fc.property(expr, fc.record({ a: fc.boolean(), b: fc.boolean(), c: fc.boolean() }), (e, env) => {
        const dnf = toDisjunctiveNormalForm(e, 10_000);
        if (!dnf) return true;
        const viaDnf = dnf.some((term) => term.every((c) => evalExpr(c, env)));
        return viaDnf === evalExpr(e, env);
      }),
      { numRuns: 300 },
    );
  });
});
