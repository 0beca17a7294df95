/**
 * The one pino root logger of the operator. Every other module takes a child of it (bound to a
 * component, a controller, a key) so that every line carries the resource it is about, which is what
 * makes operator logs greppable by `namespace/name`. Lines are JSON for machines, or pino-pretty text
 * for a person at a terminal (`--log-format`).
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import PinoPretty from 'pino-pretty';

export type { Logger } from 'pino';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** The level from `LOG_LEVEL` (default `info`); an unknown value falls back to `info`. */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const level = (env.LOG_LEVEL ?? '').trim().toLowerCase();
  return LEVELS.has(level) ? level : 'info';
}

/** What `--log-format` accepts: `auto` is text when the output is a terminal, JSON otherwise. */
export const LOG_FORMATS = ['json', 'text', 'auto'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The format `format` means for an output that is (or is not) a terminal. */
export function resolveLogFormat(format: LogFormat, isTTY: boolean): 'json' | 'text' {
  return format === 'auto' ? (isTTY ? 'text' : 'json') : format;
}

/**
 * pino-pretty's options for the text format: one line per entry, `[time] LEVEL: [component]
 * [controller] namespace/name: message {other fields}`; the constant name, pid and host left out.
 */
export function prettyOptions(colorize: boolean): PinoPretty.PrettyOptions {
  return {
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    singleLine: true,
    messageFormat: '{if component}[{component}] {end}{if controller}[{controller}] {end}{if key}{key}: {end}{msg}',
    // Printed by messageFormat, so not again among the other fields.
    ignore: 'pid,hostname,name,component,controller,key',
  };
}

/**
 * createLogger builds a root logger writing to `destination` (default stdout); tests pass a stream to
 * capture lines. JSON timestamps are ISO strings so logs from several processes sort correctly. The
 * text format goes through pino-pretty as a synchronous stream (not a worker transport), so no line
 * is lost when the process exits; it is colored only when the destination is a terminal.
 */
export function createLogger(
  destination?: DestinationStream,
  options: LoggerOptions = {},
  format: LogFormat = 'json',
): Logger {
  const opts: LoggerOptions = {
    name: 'ecs2eks',
    level: levelFromEnv(),
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    ...options,
  };
  const isTTY = isTerminal(destination ?? process.stdout);
  if (resolveLogFormat(format, isTTY) === 'text') {
    const colorize = isTTY && !process.env.NO_COLOR;
    return pino(opts, PinoPretty({ ...prettyOptions(colorize), sync: true, destination: destination ?? 1 }));
  }
  return destination ? pino(opts, destination) : pino(opts);
}

/** A TTY stream (process.stdout at a terminal, a tty.WriteStream) says so with `isTTY`. */
function isTerminal(stream: unknown): boolean {
  return (stream as { isTTY?: unknown }).isTTY === true;
}

/** The process-wide root logger (JSON on stdout). */
export const rootLogger: Logger = createLogger();

/** A child of the root logger for one component, e.g. `loggerFor('informer', { resource: 'pods' })`. */
export function loggerFor(
  component: string,
  bindings: Record<string, unknown> = {},
  parent: Logger = rootLogger,
): Logger {
  return parent.child({ component, ...bindings });
}

/** A logger that discards everything (default for library classes constructed without one). */
export const silentLogger: Logger = pino({ level: 'silent' });
