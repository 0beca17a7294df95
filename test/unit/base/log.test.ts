import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger, resolveLogFormat, type LogFormat } from '../../../src/base/log.js';

/** A stream that keeps what is written to it; `isTTY` makes it look like a terminal. */
function sink(isTTY = false): Writable & { text: () => string } {
  const chunks: string[] = [];
  const s = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  }) as Writable & { text: () => string; isTTY?: boolean };
  if (isTTY) s.isTTY = true;
  s.text = () => chunks.join('');
  return s;
}

/** What the runner logs for one reconcile (a controller, then the key and the reconcile's id). */
function logReconcile(format: LogFormat, out: Writable): void {
  const root = createLogger(out, { level: 'info' }, format);
  root
    .child({ controller: 'service' })
    .child({ key: 'team-a/web', reconcileID: 'r-1' })
    .info({ pod: 'web-1' }, 'reconciled');
}

/** The start of an ANSI escape sequence (colors). */
const ANSI = `${String.fromCharCode(27)}[`;
const uncolored = (s: string): string => s.replaceAll(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '');

describe('log format', () => {
  let noColor: string | undefined;
  beforeEach(() => {
    noColor = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
  });
  afterEach(() => {
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
  });

  it('resolves auto to text on a terminal and to json otherwise, and keeps an explicit choice', () => {
    expect(resolveLogFormat('auto', true)).to.equal('text');
    expect(resolveLogFormat('auto', false)).to.equal('json');
    expect(resolveLogFormat('json', true)).to.equal('json');
    expect(resolveLogFormat('text', false)).to.equal('text');
  });

  it('writes one JSON object per line with the same keys as before, for json and for auto off a terminal', () => {
    const out = sink();
    const root = createLogger(out, { level: 'info' }, 'json');
    root.child({ controller: 'service' }).child({ key: 'team-a/web' }).info('reconciled');
    root.warn({ why: 'test' }, 'second line');
    const lines = out.text().split('\n');
    expect(lines.pop(), 'every line ends with a newline').to.equal('');
    expect(lines).to.have.length(2);
    const first = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(Object.keys(first)).to.deep.equal(['level', 'time', 'pid', 'hostname', 'name', 'controller', 'key', 'msg']);
    expect(first).to.include({ level: 'info', name: 'ecs2eks', controller: 'service', key: 'team-a/web' });
    expect(first['time']).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(JSON.parse(lines[1])).to.include({ level: 'warn', why: 'test', msg: 'second line' });

    // Byte for byte what the logger wrote before --log-format existed (no format argument).
    const fixed = { level: 'info', timestamp: () => ',"time":"2026-01-01T00:00:00.000Z"' };
    const [before, json, auto] = [sink(), sink(), sink()];
    createLogger(before, fixed).info({ a: 1 }, 'same');
    createLogger(json, fixed, 'json').info({ a: 1 }, 'same');
    createLogger(auto, fixed, 'auto').info({ a: 1 }, 'same');
    expect(json.text()).to.equal(before.text());
    expect(auto.text()).to.equal(before.text());
  });

  it('writes text as one readable line with the time, level, controller, key, message and other fields, uncolored off a terminal', () => {
    const out = sink();
    logReconcile('text', out);
    // Synchronous: the line is there as soon as the call returns, so nothing is lost on exit.
    const text = out.text();
    expect(text).to.match(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[service\] team-a\/web: reconciled \{"reconcileID":"r-1","pod":"web-1"\}\n$/,
    );
    expect(text).to.not.contain(ANSI);
    expect(text, 'constant fields are left out').to.not.match(/ecs2eks|hostname|pid/);
  });

  it('writes colored text when auto meets a terminal, and uncolored when NO_COLOR is set', () => {
    const tty = sink(true);
    logReconcile('auto', tty);
    expect(tty.text()).to.contain(ANSI);
    expect(uncolored(tty.text())).to.contain('INFO: [service] team-a/web: reconciled');

    process.env.NO_COLOR = '1';
    const plain = sink(true);
    logReconcile('auto', plain);
    expect(plain.text()).to.not.contain(ANSI);
    expect(plain.text()).to.contain('INFO: [service] team-a/web: reconciled');
  });

  it('shows the component of a component logger and the error of an error line', () => {
    const out = sink();
    createLogger(out, { level: 'info' }, 'text')
      .child({ component: 'informer', resource: 'pods' })
      .error({ err: new Error('watch closed') }, 'watch ended');
    const [line, ...rest] = out.text().split('\n');
    expect(line).to.match(/ ERROR: \[informer\] watch ended \{"resource":"pods"\}$/);
    expect(rest.join('\n')).to.contain('Error: watch closed');
  });
});
