// There is no Docker engine in CI, so the Dockerfile is never built there: this lints what a build
// would depend on. The parser handles what our Dockerfile uses: comments, `\` continuations,
// FROM ... AS, COPY [--from=stage] [--chown] src... dest, RUN, USER, ENTRYPOINT (exec form).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Instruction {
  op: string;
  args: string;
  line: number;
}
interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (line.startsWith('#')) return; // a comment inside a continuation
    if (pending === '') start = i + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const m = /^(\S+)\s*(.*)$/.exec(full)!;
    instructions.push({ op: m[1].toUpperCase(), args: m[2], line: start });
  });
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`line ${ins.line}: cannot parse FROM ${ins.args}`);
      stages.push({ image: m[1], ...(m[2] ? { name: m[2] } : {}), instructions: [] });
    } else if (stages.length === 0) {
      if (ins.op !== 'ARG') throw new Error(`line ${ins.line}: ${ins.op} before FROM`);
    } else {
      stages.at(-1)!.instructions.push(ins);
    }
  }
  return stages;
}

/** `COPY [--from=x] [--chown=..] a b dest` → {from, sources, dest}. */
function copyOf(ins: Instruction): { from?: string; sources: string[]; dest: string } {
  const words = ins.args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const rest = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { ...(from ? { from } : {}), sources: rest.slice(0, -1), dest: rest.at(-1)! };
}

const dockerfile = readFileSync(`${ROOT}Dockerfile`, 'utf8');
const stages = parseDockerfile(dockerfile);
const final = stages.at(-1)!;
const stageNamed = (name: string) => stages.find((s) => s.name === name);
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  bin: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
};

describe('Dockerfile', () => {
  it('parses into a multi-stage build', () => {
    expect(stages.length).to.be.at.least(2);
    expect(final.instructions.map((i) => i.op)).to.include.members(['USER', 'ENTRYPOINT']);
  });

  it('pins every base image by a full version tag (no latest, no untagged, no floating major)', () => {
    for (const s of stages) {
      if (stages.some((o) => o.name === s.image)) continue; // FROM an earlier stage
      const m = /^([^:@]+)(?::([^@]+))?(?:@sha256:[0-9a-f]{64})?$/.exec(s.image);
      expect(m, s.image).to.not.equal(null);
      const tag = m![2];
      expect(tag, `${s.image}: tag`).to.be.a('string');
      expect(tag, s.image).to.not.equal('latest');
      expect(tag, `${s.image}: a full x.y.z version`).to.match(/^\d+\.\d+\.\d+(-[a-z0-9.-]+)?$/);
    }
  });

  it('builds on the Node major the package declares', () => {
    const major = /(\d+)/.exec(pkg.engines.node)![1];
    for (const s of stages)
      if (!stages.some((o) => o.name === s.image)) expect(s.image, s.image).to.match(new RegExp(`^node:${major}\\.`));
  });

  it('runs the final stage as a numeric non-root user', () => {
    const users = final.instructions.filter((i) => i.op === 'USER');
    expect(users, 'USER in the final stage').to.not.be.empty;
    const user = users.at(-1)!.args.trim();
    const [uid, gid] = user.split(':');
    expect(uid, 'numeric uid (so runAsNonRoot can verify it)').to.match(/^\d+$/);
    expect(Number(uid), 'uid').to.be.above(0);
    if (gid !== undefined) expect(Number(gid), 'gid').to.be.above(0);
    // Nothing after USER may switch back.
    const last = final.instructions.findLastIndex((i) => i.op === 'USER');
    expect(final.instructions.slice(last + 1).map((i) => i.op)).to.not.include('USER');
  });

  it('puts no dev dependencies into the final stage', () => {
    for (const ins of final.instructions) {
      if (ins.op === 'RUN' && /\bnpm\s+(ci|install|i)\b/.test(ins.args))
        expect(ins.args, `line ${ins.line}`).to.match(/--omit=dev|--production\b/);
      if (ins.op !== 'COPY' && ins.op !== 'ADD') continue;
      const c = copyOf(ins);
      const touchesModules = c.sources.some((s) => /node_modules/.test(s)) || /node_modules/.test(c.dest);
      if (c.from === undefined) {
        // From the build context: .dockerignore keeps node_modules out, but never copy it anyway.
        expect(touchesModules, `line ${ins.line}: node_modules from the build context`).to.equal(false);
        continue;
      }
      if (!touchesModules) continue;
      const src = stageNamed(c.from);
      expect(src, `line ${ins.line}: --from=${c.from} is a stage of this file`).to.not.equal(undefined);
      const installs = src!.instructions.filter((i) => i.op === 'RUN' && /\bnpm\s+(ci|install|i)\b/.test(i.args));
      expect(installs, `stage ${c.from} installs node_modules`).to.not.be.empty;
      for (const i of installs)
        expect(i.args, `stage ${c.from}, line ${i.line}: production dependencies only`).to.match(
          /--omit=dev|--production\b/,
        );
    }
  });

  it('copies only dist/src from the build stage (no sources, tests or dev tooling)', () => {
    const fromBuild = final.instructions
      .filter((i) => i.op === 'COPY')
      .map(copyOf)
      .filter((c) => c.from !== undefined && !/node_modules/.test(c.sources.join(' ')));
    expect(fromBuild.flatMap((c) => c.sources)).to.deep.equal(['/app/dist/src']);
    const devNames = Object.keys(pkg.devDependencies);
    for (const ins of final.instructions)
      for (const d of devNames) expect(ins.args.split(/\s+/), `line ${ins.line}`).to.not.include(d);
  });

  it('the build stage compiles with tsc after npm ci', () => {
    const build = stages.find((s) => s.instructions.some((i) => i.op === 'RUN' && /\btsc\b/.test(i.args)));
    expect(build, 'a stage running tsc').to.not.equal(undefined);
    const ops = build!.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    const ci = ops.findIndex((a) => /\bnpm ci\b/.test(a));
    const tsc = ops.findIndex((a) => /\btsc\b/.test(a));
    expect(ci, 'npm ci').to.be.at.least(0);
    expect(tsc, 'tsc after npm ci').to.be.above(ci);
  });

  it('ENTRYPOINT runs `ecs2eks operator`, with ecs2eks linked to the package bin', () => {
    const ep = final.instructions.filter((i) => i.op === 'ENTRYPOINT').at(-1)!;
    const argv = JSON.parse(ep.args) as string[]; // exec form: signals reach node, no shell
    expect(argv.at(-1)).to.equal('operator');
    const bin = pkg.bin['ecs2eks'];
    if (argv[0] === 'node') {
      expect(argv.slice(1, -1)).to.deep.equal([bin]);
    } else {
      expect(argv).to.deep.equal(['ecs2eks', 'operator']);
      // `ecs2eks` must resolve on PATH to the package's bin, made executable.
      const runs = final.instructions
        .filter((i) => i.op === 'RUN')
        .map((i) => i.args)
        .join(' && ');
      const workdir = final.instructions
        .filter((i) => i.op === 'WORKDIR')
        .at(-1)!
        .args.trim();
      const target = `${workdir}/${bin}`;
      expect(runs).to.include(`ln -s ${target} /usr/local/bin/ecs2eks`);
      expect(runs).to.match(new RegExp(`chmod (0?755|\\+x) ${target.replace(/[.]/g, '\\.')}`));
      expect(readFileSync(`${ROOT}src/cli/main.ts`, 'utf8').split('\n')[0]).to.equal('#!/usr/bin/env node');
    }
  });

  it('.dockerignore lets in exactly what the build copies from the context', () => {
    const ignore = readFileSync(`${ROOT}.dockerignore`, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignore[0], 'an allowlist: ignore everything first').to.equal('*');
    const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    const copied = stages.flatMap((s) =>
      s.instructions
        .filter((i) => i.op === 'COPY')
        .map(copyOf)
        .filter((c) => c.from === undefined)
        .flatMap((c) => c.sources),
    );
    expect([...new Set(copied)].sort()).to.deep.equal([...allowed].sort());
    expect(allowed).to.not.include.members(['node_modules', 'dist', '.git', '.cache']);
  });
});
