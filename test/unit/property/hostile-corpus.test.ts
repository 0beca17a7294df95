/**
 * The corpus of hostile inputs found so far (issue 16), each through the whole pipeline a user's file
 * takes (parse, then translate as a service), with a bound on time and memory per input: the outcome
 * is a translation or our typed InputError naming a field, never a crash, a hang or a heap blow-up.
 * The bounds are generous guards (a 50-fold margin), not speed targets: before the fixes, the alias
 * bomb ran for 111 s and 4 GB, and deep nesting overflowed the stack.
 */
import { expect } from 'chai';
import { isInputError } from '../../../src/ecs/errors.js';
import { parseInput, type ParsedTaskDefinition } from '../../../src/ecs/parse/index.js';
import { defaultOptions, translateService } from '../../../src/translate/index.js';
import { aliasBomb } from '../../support/hostile.js';

const TIME_BOUND_MS = 5_000;
const HEAP_BOUND_BYTES = 256 * 1024 * 1024;

const td = (over: Record<string, unknown> = {}, container: Record<string, unknown> = {}) =>
  JSON.stringify({
    family: 'hostile',
    containerDefinitions: [{ name: 'app', image: 'registry.example.com/app:1', memory: 128, ...container }],
    ...over,
  });

interface Case {
  item: string;
  file: string;
  text: string;
  service?: Record<string, unknown>;
  /** The path of the InputError, or 'translated'. */
  expect: string | RegExp;
}

const CORPUS: Case[] = [
  { item: '7 alias bomb', file: 'lol.yaml', text: aliasBomb(), expect: /^containerDefinitions\[0\]\.command/ },
  {
    item: '9 __proto__ key',
    file: 'p.json',
    text: '{"family":"a","containerDefinitions":[{"name":"app","image":"x","__proto__":{"memory":1}}]}',
    expect: 'containerDefinitions[0].__proto__',
  },
  { item: '10 byte-order mark', file: 'bom.json', text: `\uFEFF${td()}`, expect: 'translated' },
  { item: '11 negative cpu', file: 'cpu.json', text: td({}, { cpu: -5 }), expect: 'containerDefinitions[0].cpu' },
  {
    item: '11 negative memory',
    file: 'mem.json',
    text: td({}, { memory: -1 }),
    expect: 'containerDefinitions[0].memory',
  },
  {
    item: '12 environment name Kubernetes refuses',
    file: 'env.json',
    text: td({}, { environment: [{ name: 'CAFÉ', value: '1' }] }),
    expect: 'containerDefinitions[0].environment[0].name',
  },
  {
    item: '13 JSON nested 100,000 deep',
    file: 'deep.json',
    text: `{"family":"x","a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    expect: /^a(\[0\])+/,
  },
  {
    item: '13 YAML nested 100,000 deep',
    file: 'deep.yaml',
    text: `family: x\na: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    // The YAML parser stops before any path exists: the message names the file.
    expect: '',
  },
  {
    item: '13 duplicate JSON key',
    file: 'dup.json',
    text: '{"family":"a","family":"b","containerDefinitions":[{"name":"app","image":"x","memory":128}]}',
    expect: 'family',
  },
  {
    item: '13 constructor and toString docker labels',
    file: 'labels.json',
    text: td({}, { dockerLabels: { constructor: 'a', toString: 'b' } }),
    expect: 'translated',
  },
  {
    item: '14 desiredCount 2147483647',
    file: 'count.json',
    text: td(),
    service: { desiredCount: 2147483647 },
    expect: 'desiredCount',
  },
  {
    item: '16 Service name 9lives',
    file: 'name.json',
    text: td(),
    service: { serviceName: '9lives' },
    expect: 'translated',
  },
];

function outcome(c: Case): string {
  try {
    const [def] = parseInput(c.text, c.file, 'hostile') as ParsedTaskDefinition[];
    if (!def) return 'nothing';
    translateService(
      {
        name: (c.service?.['serviceName'] as string | undefined) ?? 'hostile',
        service: { serviceName: 'hostile', taskDefinition: def.spec.family, ...c.service },
        taskDefinition: { family: def.spec.family, revision: 1, spec: def.spec },
      },
      defaultOptions(),
    );
    return 'translated';
  } catch (e) {
    if (isInputError(e)) return e.path ?? '';
    throw e;
  }
}

describe('the corpus of hostile inputs: a translation or a typed error, in bounded time and memory', () => {
  for (const c of CORPUS)
    it(`${c.item}`, () => {
      const heap = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      const got = outcome(c);
      const ms = performance.now() - t0;
      const grown = process.memoryUsage().heapUsed - heap;
      if (typeof c.expect === 'string') expect(got).to.equal(c.expect);
      else expect(got).to.match(c.expect);
      expect(ms, 'time').to.be.below(TIME_BOUND_MS);
      expect(grown, 'heap growth').to.be.below(HEAP_BOUND_BYTES);
    });
});
