// Summarises a V8 .cpuprofile (node --cpu-prof): top functions by self time, and top files.
//   npx tsx bench/profile-summary.ts FILE.cpuprofile [TOP=25]
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [TOP]');
const top = Number(process.argv[3] ?? 25);
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
// self time per node from samples x time deltas
const self = new Map<number, number>();
const samples = p.samples ?? [];
const deltas = p.timeDeltas ?? [];
for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fnSelf = new Map<string, number>();
const fileSelf = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const url = n.callFrame.url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, 'node_modules/')
    .replace(/.*\/dist\//, 'dist/');
  const key = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
  fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
  const f = url || `(${n.callFrame.functionName})`;
  fileSelf.set(f, (fileSelf.get(f) ?? 0) + us);
}
const pct = (us: number) => ((100 * us) / total).toFixed(1).padStart(5) + '%';
console.log(`profile ${file}: ${(total / 1e6).toFixed(2)} s sampled`);
console.log(`\ntop ${top} functions by self time:`);
for (const [k, v] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(v)} ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
console.log(`\ntop ${top} files by self time:`);
for (const [k, v] of [...fileSelf].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(v)} ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
