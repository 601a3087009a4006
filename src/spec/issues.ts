/**
 * Turns zod issues into plain-language spec problems: "expected X; got Y", with "did you mean" hints
 * for unknown keys and enum values. Positions are added later by the loader from the field path.
 */
import type { z } from 'zod';
import { describeValue, didYouMean } from './errors.ts';
import type { Target } from './position.ts';

/** A problem before it gets a file and position: field path, which node to point at, message. */
export interface Draft {
  path: PropertyKey[];
  target: Target;
  message: string;
}

/** The raw value at `path` in the parsed YAML, and whether the last key exists at all. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) {
      return { present: false, value: undefined };
    }
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { present: true, value: current };
}

/** Explains zod's `issues` for the document `root`, validated against `schema`. */
export function explainIssues(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  schema: z.ZodType,
): Draft[] {
  const drafts: Draft[] = [];
  for (const issue of issues) explain(issue, [], root, schema, drafts);
  return drafts;
}

function explain(
  issue: z.core.$ZodIssue,
  prefix: PropertyKey[],
  root: unknown,
  schema: z.ZodType,
  out: Draft[],
): void {
  const path = [...prefix, ...issue.path];
  const { present, value } = valueAt(root, path);
  const got = `; got ${describeValue(value)}`;
  const custom = issue.message.startsWith('expected') ? issue.message : undefined;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(schema, root, path);
      for (const key of issue.keys) {
        const hint = didYouMean(key, known);
        const list = hint === '' && known.length > 0 ? `; expected one of ${known.join(', ')}` : '';
        out.push({ path: [...path, key], target: 'key', message: `unknown key${list}${hint}` });
      }
      return;
    }
    case 'invalid_type': {
      const expected = custom ?? `expected ${noun(issue.expected)}`;
      if (!present) out.push({ path, target: 'value', message: `missing required key (${expected})` });
      else out.push({ path, target: 'value', message: `${expected}${got}` });
      return;
    }
    case 'invalid_value': {
      const expected = custom ?? `expected ${oneOf(issue.values)}`;
      const strings = issue.values.filter((v): v is string => typeof v === 'string');
      out.push({ path, target: 'value', message: `${expected}${got}${didYouMean(value, strings)}` });
      return;
    }
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        const allowed = ('options' in issue ? issue.options : undefined) ?? [];
        const options = allowed.map(String);
        const expected = `expected ${oneOf(allowed)}`;
        if (!present) out.push({ path, target: 'value', message: `missing required key (${expected})` });
        else out.push({ path, target: 'value', message: `${expected}${got}${didYouMean(value, options)}` });
        return;
      }
      explainUnion(issue, path, root, schema, out, got);
      return;
    }
    case 'too_big':
    case 'too_small': {
      const expected = custom ?? `expected ${bound(issue)}`;
      const size =
        typeof value === 'string' && issue.code === 'too_big'
          ? `; got ${value.length} characters`
          : Array.isArray(value)
            ? `; got ${value.length}`
            : got;
      out.push({ path, target: 'value', message: `${expected}${size}` });
      return;
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      const expected = inner?.message.startsWith('expected') ? inner.message : 'expected a valid key';
      out.push({ path, target: 'key', message: `invalid key: ${expected}` });
      return;
    }
    default:
      out.push({ path, target: 'value', message: custom ? `${custom}${got}` : issue.message });
  }
}

// A plain union (e.g. `model: string | {id, ...}`): when the value's shape fits exactly one option,
// that option's own problems are the useful ones; otherwise list what each option would have accepted.
function explainUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  path: PropertyKey[],
  root: unknown,
  schema: z.ZodType,
  out: Draft[],
  got: string,
): void {
  const branches = 'errors' in issue ? issue.errors : [];
  const rootMismatch = (list: z.core.$ZodIssue[]) =>
    list.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'));
  const fitting = branches.filter((list) => !rootMismatch(list));
  const chosen = fitting[0];
  if (fitting.length === 1 && chosen) {
    for (const inner of chosen) explain(inner, path, root, schema, out);
    return;
  }
  const accepted = new Set<string>();
  for (const list of branches) {
    for (const i of list) {
      if (i.path.length !== 0) continue;
      if (i.code === 'invalid_type') accepted.add(noun(i.expected));
      if (i.code === 'invalid_value') accepted.add(oneOf(i.values));
    }
  }
  const expected =
    accepted.size > 0 ? `expected ${[...accepted].join(' or ')}` : 'expected a different value';
  out.push({ path, target: 'value', message: `${expected}${got}` });
}

function noun(expected: string): string {
  const nouns: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    record: 'a mapping',
    null: 'null',
  };
  return nouns[expected] ?? expected;
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return shown.length === 1 ? (shown[0] ?? '') : `one of ${shown.join(', ')}`;
}

function bound(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === 'too_big';
  const limit = Number(big ? issue.maximum : issue.minimum);
  const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
  if (issue.inclusive === false) return `a number ${big ? 'less' : 'greater'} than ${limit}`;
  return `${big ? 'at most' : 'at least'} ${limit}${unit}`;
}

interface DefLike {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
}

function defOf(schema: z.ZodType): DefLike {
  return (schema as unknown as { _zod: { def: DefLike } })._zod.def;
}

// Peels wrappers (optional, default, transform pipes, ...) and picks the union option `value` belongs to.
function unwrap(schema: z.ZodType, value: unknown): z.ZodType {
  let current = schema;
  for (let guard = 0; guard < 32; guard++) {
    const def = defOf(current);
    const inner = def.type === 'pipe' ? def.in : def.innerType;
    if (inner) {
      current = inner;
      continue;
    }
    if (def.type !== 'union' || !def.options) return current;
    current = pickOption(def, value) ?? current;
    if (defOf(current).type === 'union') return current;
  }
  return current;
}

function pickOption(def: DefLike, value: unknown): z.ZodType | undefined {
  const options = def.options ?? [];
  if (def.discriminator && value !== null && typeof value === 'object') {
    const tag = (value as Record<string, unknown>)[def.discriminator];
    return options.find((option) => {
      const field = defOf(unwrap(option, value)).shape?.[def.discriminator ?? ''];
      return field !== undefined && (defOf(field).values ?? []).includes(tag);
    });
  }
  const kind = Array.isArray(value)
    ? 'array'
    : value !== null && typeof value === 'object'
      ? 'object'
      : undefined;
  return options.find((option) => defOf(unwrap(option, value)).type === kind);
}

/** The keys the schema accepts for the mapping at `path` (empty when unknown). */
export function knownKeys(schema: z.ZodType, root: unknown, path: readonly PropertyKey[]): string[] {
  let current = unwrap(schema, root);
  let value = root;
  for (const segment of path) {
    const def = defOf(current);
    value = valueAt(value, [segment]).value;
    const next =
      def.type === 'object'
        ? def.shape?.[String(segment)]
        : def.type === 'array'
          ? def.element
          : def.type === 'record'
            ? def.valueType
            : undefined;
    if (!next) return [];
    current = unwrap(next, value);
  }
  const shape = defOf(current).shape;
  return shape ? Object.keys(shape) : [];
}
