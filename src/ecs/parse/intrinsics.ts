/**
 * Offline evaluation of CloudFormation intrinsic functions, as far as a template alone allows:
 * parameter defaults, mappings, conditions, `Ref` to a task definition in the same template, `Fn::Sub`,
 * `Fn::Join`, `Fn::If`, `Fn::FindInMap`, `Fn::Select`. Anything else (`Fn::ImportValue`, `Fn::GetAtt`, ...)
 * becomes a visible placeholder string plus a finding that names the field, never a crash.
 */

/**
 * `rec[key]` for the template's own keys only: a name such as `constructor` or `toString` in a
 * template must not find Object.prototype's members.
 */
function own<T>(rec: Record<string, T> | undefined, key: string): T | undefined {
  return typeof rec === 'object' && rec !== null && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

export interface TemplateContext {
  parameters: Record<string, { Default?: unknown }>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  conditions: Record<string, unknown>;
  /** Logical ID → the value a `Ref` to that resource stands for offline (a task definition's family). */
  resourceRefs: Record<string, string>;
  /** All logical IDs of the template, to tell a resource Ref from a typo. */
  resources: Set<string>;
}

export interface Note {
  level: 'Info' | 'Approximated' | 'Unsupported';
  message: string;
}

/** Resolved value, or `undefined` when the field must be removed (`AWS::NoValue`). */
export interface Resolution {
  value: unknown;
  notes: Note[];
  /** True when the value still contains an unresolved placeholder. */
  unresolved: boolean;
}

/** isIntrinsic: an object with exactly one key that is `Ref`, `Condition` or `Fn::*`. */
export function isIntrinsic(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** resolveIntrinsic evaluates `v` (recursively) in the template context. */
export function resolveIntrinsic(v: unknown, ctx: TemplateContext): Resolution {
  const notes: Note[] = [];
  let unresolved = false;
  const placeholder = (text: string, why: string): string => {
    unresolved = true;
    notes.push({ level: 'Unsupported', message: why });
    return text;
  };

  const evalValue = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(evalValue).filter((e) => e !== NO_VALUE);
    if (!isIntrinsic(x)) {
      if (x !== null && typeof x === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, val] of Object.entries(x)) {
          const r = evalValue(val);
          if (r !== NO_VALUE) out[k] = r;
        }
        return out;
      }
      return x;
    }
    const [fn, arg] = Object.entries(x)[0];
    switch (fn) {
      case 'Ref':
        return ref(String(arg));
      case 'Fn::Sub':
        return sub(arg);
      case 'Fn::Join': {
        const [delim, parts] = Array.isArray(arg) ? (arg as unknown[]) : [undefined, undefined];
        const list = evalValue(parts);
        if (
          typeof delim === 'string' &&
          Array.isArray(list) &&
          list.every((p) => typeof p === 'string' || typeof p === 'number')
        ) {
          return list.join(delim);
        }
        return placeholder('${Fn::Join}', 'Fn::Join over values that cannot be resolved offline');
      }
      case 'Fn::If': {
        const [cond, whenTrue, whenFalse] = Array.isArray(arg) ? (arg as unknown[]) : [];
        const known = evalCondition(String(cond), new Set());
        if (known === undefined) {
          notes.push({
            level: 'Approximated',
            message: `condition ${String(cond)} cannot be evaluated offline; used its true branch`,
          });
          return evalValue(whenTrue);
        }
        notes.push({
          level: 'Info',
          message: `condition ${String(cond)} evaluated to ${known} with the parameters' defaults`,
        });
        return evalValue(known ? whenTrue : whenFalse);
      }
      case 'Fn::FindInMap': {
        const [map, k1, k2] = (Array.isArray(arg) ? (arg as unknown[]) : []).map(evalValue);
        const found = own(own(own(ctx.mappings, String(map)), String(k1)), String(k2));
        if (found !== undefined) return found;
        return placeholder(
          `\${Fn::FindInMap:${String(map)}}`,
          `Fn::FindInMap ${String(map)} cannot be resolved offline`,
        );
      }
      case 'Fn::Select': {
        const [index, list] = Array.isArray(arg) ? (arg as unknown[]) : [];
        const items = evalValue(list);
        const i = Number(evalValue(index));
        if (Array.isArray(items) && Number.isInteger(i) && i >= 0 && i < items.length) return items[i];
        return placeholder('${Fn::Select}', 'Fn::Select over values that cannot be resolved offline');
      }
      default: {
        const short = fn.replace('Fn::', '');
        const detail =
          typeof arg === 'string'
            ? arg
            : Array.isArray(arg) && arg.every((a) => typeof a === 'string')
              ? arg.join('.')
              : '';
        return placeholder(
          `\${${short}${detail ? `:${detail}` : ''}}`,
          `${fn}${detail ? ` ${detail}` : ''} cannot be resolved without deploying the stack; left as a placeholder`,
        );
      }
    }
  };

  const ref = (name: string): unknown => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in ctx.resourceRefs) return ctx.resourceRefs[name];
    const param = own(ctx.parameters, name);
    if (param) {
      if (param.Default !== undefined) {
        notes.push({ level: 'Info', message: `used the default of parameter ${name}` });
        return param.Default;
      }
      return placeholder(`\${${name}}`, `parameter ${name} has no default; left as the placeholder \${${name}}`);
    }
    if (name.startsWith('AWS::'))
      return placeholder(`\${${name}}`, `pseudo parameter ${name} is only known at deploy time; left as a placeholder`);
    if (ctx.resources.has(name))
      return placeholder(`\${${name}}`, `Ref to resource ${name} is only known at deploy time; left as a placeholder`);
    return placeholder(`\${${name}}`, `Ref to ${name}, which the template does not define`);
  };

  const sub = (arg: unknown): unknown => {
    const [template, vars]: [unknown, unknown] = Array.isArray(arg)
      ? [(arg as unknown[])[0], evalValue((arg as unknown[])[1] ?? {})]
      : [arg, {}];
    if (typeof template !== 'string') return placeholder('${Fn::Sub}', 'Fn::Sub without a template string');
    const local = (vars ?? {}) as Record<string, unknown>;
    const missing: string[] = [];
    const text = template.replace(/\$\{([^}]+)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      if (Object.hasOwn(local, inner)) return String(local[inner]);
      const p = own(ctx.parameters, inner);
      if (p?.Default !== undefined) return scalarText(p.Default);
      if (Object.hasOwn(ctx.resourceRefs, inner)) return ctx.resourceRefs[inner];
      missing.push(inner);
      return whole;
    });
    if (missing.length > 0) {
      unresolved = true;
      notes.push({
        level: 'Unsupported',
        message: `Fn::Sub left ${missing.map((m) => `\${${m}}`).join(', ')} unresolved (known only at deploy time)`,
      });
    } else if (template.includes('${')) {
      notes.push({ level: 'Info', message: "Fn::Sub resolved with the parameters' defaults" });
    }
    return text;
  };

  const evalCondition = (name: string, seen: Set<string>): boolean | undefined => {
    if (seen.has(name)) return undefined;
    seen.add(name);
    return evalBool(own(ctx.conditions, name), seen);
  };
  const evalBool = (c: unknown, seen: Set<string>): boolean | undefined => {
    if (typeof c === 'boolean') return c;
    if (!c || typeof c !== 'object') return undefined;
    const [fn, arg]: [string?, unknown?] = Object.entries(c as Record<string, unknown>)[0] ?? [];
    const args = Array.isArray(arg) ? (arg as unknown[]) : [];
    switch (fn) {
      case 'Condition':
        return evalCondition(String(arg), seen);
      case 'Fn::Equals': {
        const before = notes.length;
        const [a, b] = args.map(evalValue);
        notes.length = before; // the values are internal to the condition: no notes of their own
        if (unresolvedValue(a) || unresolvedValue(b)) return undefined;
        return String(a) === String(b);
      }
      case 'Fn::Not': {
        const v = evalBool(args[0], seen);
        return v === undefined ? undefined : !v;
      }
      case 'Fn::And': {
        const vs = args.map((a) => evalBool(a, seen));
        if (vs.some((v) => v === false)) return false;
        return vs.every((v) => v === true) ? true : undefined;
      }
      case 'Fn::Or': {
        const vs = args.map((a) => evalBool(a, seen));
        if (vs.some((v) => v === true)) return true;
        return vs.every((v) => v === false) ? false : undefined;
      }
      default:
        return undefined;
    }
  };

  const value = evalValue(v);
  return { value: value === NO_VALUE ? undefined : value, notes, unresolved };
}

const NO_VALUE = Symbol('AWS::NoValue');

function unresolvedValue(v: unknown): boolean {
  return typeof v === 'string' && /\$\{[^}]+\}/.test(v);
}

/** The text a parameter default takes inside Fn::Sub: scalars as written, anything else as JSON (never "[object Object]"). */
function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${v}`;
  return JSON.stringify(v) ?? '';
}
