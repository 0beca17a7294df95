/**
 * The import graph of src/ only points down. Layers, lowest first:
 *
 *   base → ecs → translate → api → crd → kube → controller → ecsapi → cli
 *
 * A module may import from its own layer or a lower one, never a higher one. The pure layers
 * (ecs, translate, api, crd) may import only the packages in PURE_PACKAGES: no I/O, no logger, no
 * client, so that parsing and translation stay functions of their input.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const LAYERS = ['base', 'ecs', 'translate', 'api', 'crd', 'kube', 'controller', 'ecsapi', 'cli'] as const;
const PURE_LAYERS = new Set(['ecs', 'translate', 'api', 'crd']);
/** zod and js-yaml parse; node:crypto hashes names. None of them does I/O. */
const PURE_PACKAGES = new Set(['zod', 'js-yaml', 'node:crypto']);

interface SourceFile {
  /** Path relative to the repository root, e.g. `src/kube/apply.ts`. */
  file: string;
  text: string;
}

type Layer = (typeof LAYERS)[number];

/** The layer of a path under src/, or undefined when it is in none. */
function layerOf(file: string): Layer | undefined {
  const [top, dir] = file.split('/');
  return top === 'src' ? LAYERS.find((l) => l === dir) : undefined;
}

/** Every import, re-export and dynamic import specifier of one module. */
function specifiersOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Violations of the layering rules in a set of modules, as `from -> to: why` lines. */
export function layerViolations(files: SourceFile[]): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    const layer = layerOf(file);
    if (!layer) {
      out.push(`${file}: not in any layer (${LAYERS.join(', ')}); place it in one of them`);
      continue;
    }
    for (const spec of specifiersOf(text)) {
      if (spec.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        const to = layerOf(target);
        if (!to) out.push(`${file} -> ${target}: imports outside src/ layers`);
        else if (LAYERS.indexOf(to) > LAYERS.indexOf(layer))
          out.push(`${file} -> ${target}: ${layer} must not import from the higher layer ${to}`);
      } else if (PURE_LAYERS.has(layer) && !PURE_PACKAGES.has(spec)) {
        out.push(`${file} -> ${spec}: the pure layer ${layer} may import only ${[...PURE_PACKAGES].join(', ')}`);
      }
    }
  }
  return out;
}

function sourcesUnder(dir: string): SourceFile[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')))
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

describe('layers: imports of src/ only point down', () => {
  it('has no import from a lower layer to a higher one, and no I/O in the pure layers', () => {
    const files = sourcesUnder('src');
    expect(files.length).to.be.greaterThan(100);
    expect(layerViolations(files)).to.deep.equal([]);
  });

  it('lets the ECS API server use only the pure status and revision functions of the controller layer', () => {
    // DESIGN.md §5: the ECS API is a layer beside the reconcilers, never through them; it reads what
    // they write, with the same pure functions.
    const allowed = new Set([
      'src/controller/observe.js',
      'src/controller/task-status.js',
      'src/controller/revisions.js',
      'src/controller/config.js',
    ]);
    const uses = sourcesUnder('src/ecsapi').flatMap(({ file, text }) =>
      specifiersOf(text)
        .filter((s) => s.startsWith('.'))
        .map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s)))
        .filter((t) => t.startsWith('src/controller/'))
        .map((t) => `${file} -> ${t}`),
    );
    expect(uses.length).to.be.greaterThan(0);
    expect(uses.filter((u) => !allowed.has(u.split(' -> ')[1]))).to.deep.equal([]);
  });

  it('reports an upward import, a dynamic one, a re-export and an I/O package in a pure layer', () => {
    const files: SourceFile[] = [
      { file: 'src/kube/apply.ts', text: "import { UserError } from '../controller/errors.js';" },
      { file: 'src/ecs/parse/index.ts', text: "export type { Finding } from '../../translate/types.js';" },
      { file: 'src/translate/pod.ts', text: "const m = await import('../cli/run.js');" },
      { file: 'src/translate/names.ts', text: "import { readFileSync } from 'node:fs';" },
      { file: 'src/util.ts', text: '' },
      // Allowed: down, same layer, and the pure packages.
      {
        file: 'src/controller/runner.ts',
        text: "import { x } from '../kube/apply.js'; import { y } from './errors.js';",
      },
      { file: 'src/translate/types.ts', text: "import { z } from 'zod'; import type { F } from '../ecs/findings.js';" },
    ];
    expect(layerViolations(files)).to.deep.equal([
      'src/kube/apply.ts -> src/controller/errors.js: kube must not import from the higher layer controller',
      'src/ecs/parse/index.ts -> src/translate/types.js: ecs must not import from the higher layer translate',
      'src/translate/pod.ts -> src/cli/run.js: translate must not import from the higher layer cli',
      'src/translate/names.ts -> node:fs: the pure layer translate may import only zod, js-yaml, node:crypto',
      'src/util.ts: not in any layer (base, ecs, translate, api, crd, kube, controller, ecsapi, cli); place it in one of them',
    ]);
  });
});
