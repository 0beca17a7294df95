/**
 * The one error type the parsing and translation layers throw for bad input. Everything else that
 * escapes them is a bug. The CLI prints `path: message`; the operator puts it in a condition.
 */
export class InputError extends Error {
  /** Field path inside the resource, e.g. `containerDefinitions[1].portMappings[0].hostPort`; '' for the whole document. */
  readonly path: string;
  /** A short CamelCase reason for conditions and Events, e.g. `InvalidSpec`, `DependencyCycle`, `RefusedByPolicy`. */
  readonly reason: string;
  /** Where the input came from (file name, `spec`), when known. */
  readonly source?: string;

  constructor(path: string, message: string, reason = 'InvalidSpec', source?: string) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'InputError';
    this.path = path;
    this.reason = reason;
    this.source = source;
  }
}

/** isInputError narrows unknown errors without relying on instanceof across module copies. */
export function isInputError(e: unknown): e is InputError {
  return e instanceof Error && e.name === 'InputError' && 'path' in e;
}
