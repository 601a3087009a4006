/**
 * The `task:` template language: `{{ dotted.path }}` placeholders that read the event context.
 * There is deliberately nothing else (no expressions, filters or code), so a template cannot run code.
 */

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
// `pull_request.number`, `commits.0.id`, `commits[0].id`, `issue.labels[1].name`
const PATH = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+|\[[0-9]+\])*$/;

/** The result of {@link renderTask}. */
export interface RenderedTask {
  /** The template with every placeholder replaced. */
  text: string;
  /** Placeholders that named nothing in the context (rendered as `''`), without braces, in order, once each. */
  missing: string[];
}

/** Options of {@link renderTask}. */
export interface RenderOptions {
  /**
   * Formats each found value. The default renders strings as they are, numbers and booleans with
   * `String`, `null` as `''`, objects and arrays as JSON. Callers that substitute untrusted text (issue
   * bodies, comments) should pass a formatter that fences it (DESIGN §5 invariant 5).
   */
  format?: (value: unknown, path: string) => string;
}

/**
 * Substitutes every `{{ path }}` of `template` with the value at that dotted path of `context`
 * (a plain object such as a webhook payload). Only own properties are read, so `__proto__` or
 * `constructor` never reach the prototype. Unknown paths and malformed placeholders render as `''` and
 * are listed in `missing`. Never throws for any template.
 */
export function renderTask(template: string, context: object, options: RenderOptions = {}): RenderedTask {
  const format = options.format ?? defaultFormat;
  const missing: string[] = [];
  const text = template.replace(PLACEHOLDER, (_whole, inner: string) => {
    const path = inner.trim();
    const found = PATH.test(path) ? lookup(context, splitPath(path)) : undefined;
    if (found === undefined) {
      if (!missing.includes(path)) missing.push(path);
      return '';
    }
    return format(found.value, path);
  });
  return { text, missing };
}

/**
 * Syntax problems of a template, one message each (e.g. `invalid placeholder "{{ a b }}"`):
 * placeholders that are not dotted paths, and `{{` left unclosed. Empty when the template is fine.
 */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const path = (match[1] ?? '').trim();
    if (!PATH.test(path)) {
      problems.push(
        `invalid placeholder ${JSON.stringify(match[0])}; expected a dotted path like {{ pull_request.number }}`,
      );
    }
  }
  if (template.replace(PLACEHOLDER, '').includes('{{')) {
    problems.push('unclosed "{{"; expected a placeholder like {{ pull_request.number }}');
  }
  return problems;
}

function splitPath(path: string): string[] {
  return path.replace(/\[([0-9]+)\]/g, '.$1').split('.');
}

function lookup(context: unknown, segments: string[]): { value: unknown } | undefined {
  let current: unknown = context;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current === undefined ? undefined : { value: current };
}

function defaultFormat(value: unknown): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value) ?? '';
}
