/**
 * Parses how a Service or Task names its task definition: `family`, `family:revision`, or a full ARN
 * `arn:aws:ecs:<region>:<account>:task-definition/family:revision`, as ECS accepts.
 */
import { InputError } from './errors.js';

export interface TaskDefinitionRef {
  family: string;
  /** Absent: follow the latest revision. */
  revision?: number;
}

export function parseTaskDefinitionRef(value: string, path = 'taskDefinition'): TaskDefinitionRef {
  let s = value.trim();
  const arn = /^arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/(.+)$/.exec(s);
  if (arn) s = arn[1]!;
  else if (s.startsWith('arn:')) throw new InputError(path, `${JSON.stringify(value)} is not a task definition ARN`);
  const m = /^([A-Za-z0-9_-]{1,255})(?::(\d+))?$/.exec(s);
  if (!m)
    throw new InputError(
      path,
      `expected "family", "family:revision" or a task definition ARN, got ${JSON.stringify(value)}`,
    );
  const revision = m[2] === undefined ? undefined : Number(m[2]);
  if (revision !== undefined && revision < 1) throw new InputError(path, 'revision numbers start at 1');
  return revision === undefined ? { family: m[1] } : { family: m[1], revision };
}
