/**
 * Typed errors of the spec module. Every problem a user can fix is a {@link SpecIssue} that names the
 * file, the position of the offending YAML node, the field path, and what was expected and found.
 */

/** One problem in one spec file. */
export interface SpecIssue {
  /** The spec file, as the caller named it (e.g. `.github/steward/review.yml`). */
  file: string;
  /** 1-based line of the offending node; 0 when the problem has no position (e.g. an unreadable file). */
  line: number;
  /** 1-based column of the offending node; 0 when the problem has no position. */
  column: number;
  /** Field path such as `tools[0].configs[2].permission_policy.type`; `''` for the document itself. */
  path: string;
  /** What was expected and what was found, e.g. `expected one of bash, read; got "bsh" (did you mean "bash"?)`. */
  message: string;
}

/**
 * Thrown when one or more spec files are invalid. Carries every issue found (not only the first),
 * sorted by file, line and column. `message` is {@link SpecError.format}'s output.
 */
export class SpecError extends Error {
  /** The problems, in file / line / column order. */
  readonly issues: SpecIssue[];

  constructor(issues: SpecIssue[]) {
    const sorted = [...issues].sort(compareIssues);
    super(formatIssues(sorted));
    this.name = 'SpecError';
    this.issues = sorted;
  }

  /** One line per issue: `FILE:LINE:COL PATH: MESSAGE` (position and path left out when unknown). */
  format(): string {
    return formatIssues(this.issues);
  }
}

/** Formats one issue as `FILE:LINE:COL PATH: MESSAGE`, leaving out the position or path when there is none. */
export function formatIssue(issue: SpecIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.path === '' ? `${where} ${issue.message}` : `${where} ${issue.path}: ${issue.message}`;
}

function formatIssues(issues: SpecIssue[]): string {
  return issues.map(formatIssue).join('\n');
}

function compareIssues(a: SpecIssue, b: SpecIssue): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/**
 * Renders a field path: identifiers joined by dots, array indexes in brackets, other keys quoted
 * (`tools[0].configs[2].name`, `metadata["build id"]`).
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment))
      out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/**
 * The candidate closest to `input` by edit distance, if within 2 edits (or equal ignoring case), else
 * the only candidate that `input` is the start of (4 characters or more);
 * used for "did you mean" hints.
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const distance = candidate.toLowerCase() === input.toLowerCase() ? 0 : editDistance(input, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined || input.length < 4) return best;
  // A truncated name (`max_cost` for `max_cost_usd`) is far in edits but plainly meant.
  const extensions = candidates.filter((c) => c.startsWith(input));
  return extensions.length === 1 ? extensions[0] : undefined;
}

/** `" (did you mean "x"?)"` when a close candidate exists, else `''`. */
export function didYouMean(input: unknown, candidates: readonly string[]): string {
  if (typeof input !== 'string') return '';
  const hit = suggest(input, candidates);
  return hit === undefined ? '' : ` (did you mean "${hit}"?)`;
}

// Levenshtein distance with adjacent transpositions (optimal string alignment), so "sytem" → "system" is 1.
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  const at = (i: number, j: number) => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1);
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}

/** Describes a YAML value for "got …" in messages: strings quoted (and cut at 60 characters), else its kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') {
    const cut = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(cut);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
