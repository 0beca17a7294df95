/**
 * The one pino root logger of the operator. Every other module takes a child of it (bound to a
 * component, a controller, a key) so that every line is JSON and carries the resource it is about,
 * which is what makes operator logs greppable by `namespace/name`.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** The level from `LOG_LEVEL` (default `info`); an unknown value falls back to `info`. */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const level = (env.LOG_LEVEL ?? '').trim().toLowerCase();
  return LEVELS.has(level) ? level : 'info';
}

/**
 * createLogger builds a root logger; tests pass a destination stream to capture lines.
 * Timestamps are ISO strings so logs from several processes sort correctly.
 */
export function createLogger(destination?: DestinationStream, options: LoggerOptions = {}): Logger {
  const opts: LoggerOptions = {
    name: 'ecs2eks',
    level: levelFromEnv(),
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    ...options,
  };
  return destination ? pino(opts, destination) : pino(opts);
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
