/**
 * Reading spec files: YAML text → validated {@link AgentSpec}, or a {@link SpecError} listing every
 * problem of the file with its line and column.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { crossChecks } from './checks.ts';
import { formatIssue, formatPath, SpecError, type SpecIssue } from './errors.ts';
import { type Draft, explainIssues } from './issues.ts';
import { createLocator, type Locator } from './position.ts';
import { type AgentSpec, agentSpecSchema } from './schema.ts';

// Aliases expanding more than this many nodes are rejected ("billion laughs").
const MAX_ALIAS_COUNT = 100;

interface Parsed {
  spec: AgentSpec;
  locator: Locator;
}

/**
 * Parses and validates the YAML text of one spec; `file` names it in errors and in `spec.source`.
 * Fills every default (see `schema.ts`). Throws {@link SpecError} with all problems of the file:
 * YAML syntax errors (then nothing else is checked), schema violations, cross-field rules.
 */
export function parseSpec(text: string, file: string): AgentSpec {
  return parseDetailed(text, file).spec;
}

function parseDetailed(text: string, file: string): Parsed {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new SpecError(
      doc.errors.map((e) => ({
        file,
        ...at(e.pos[0]),
        path: '',
        message: `YAML syntax error: ${e.message}`,
      })),
    );
  }
  const locator = createLocator(doc, lineCounter);
  const issue = (draft: Draft): SpecIssue => ({
    file,
    ...locator.at(draft.path, draft.target),
    path: formatPath(draft.path),
    message: draft.message,
  });

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // Unresolvable or exploding aliases surface here, not as parse errors.
    const message = error instanceof Error ? error.message : String(error);
    throw new SpecError([issue({ path: [], target: 'value', message: `YAML error: ${message}` })]);
  }
  if (raw === null || raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) {
    const got =
      raw === null || raw === undefined
        ? 'an empty document'
        : Array.isArray(raw)
          ? 'a list'
          : `${typeof raw}`;
    throw new SpecError([
      issue({
        path: [],
        target: 'value',
        message: `expected a mapping of spec keys (name, task, ...); got ${got}`,
      }),
    ]);
  }

  const result = agentSpecSchema.safeParse(raw);
  const drafts = result.success ? [] : explainIssues(result.error.issues, raw, agentSpecSchema);
  drafts.push(...crossChecks(raw as Record<string, unknown>));
  if (!result.success || drafts.length > 0) throw new SpecError(dedupe(drafts.map(issue)));
  return { spec: { ...result.data, source: { file } }, locator };
}

function dedupe(issues: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = formatIssue(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Reads and validates one spec file. `path` is used as given in errors and `spec.source.file`.
 * Throws {@link SpecError} when the file is invalid or cannot be read (that issue has no position).
 */
export async function loadSpecFile(path: string): Promise<AgentSpec> {
  return parseDetailed(await readText(path), path).spec;
}

/**
 * Reads every `*.yml` / `*.yaml` file directly in `dir` (not recursive), sorted by file name, and
 * returns their specs in that order. A missing `dir` yields `[]`. Throws one {@link SpecError} with
 * the problems of all files, including an agent `name` declared in two files (the issue names both).
 */
export async function loadSpecDir(dir: string): Promise<AgentSpec[]> {
  let entries: string[];
  try {
    const dirents = await readdir(dir, { withFileTypes: true });
    entries = dirents.filter((d) => d.isFile() && /\.ya?ml$/i.test(d.name)).map((d) => d.name);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw new SpecError([
      { file: dir, line: 0, column: 0, path: '', message: `cannot read directory: ${errorText(error)}` },
    ]);
  }
  entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const issues: SpecIssue[] = [];
  const parsed: Parsed[] = [];
  for (const name of entries) {
    const file = join(dir, name);
    try {
      parsed.push(parseDetailed(await readText(file), file));
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      issues.push(...error.issues);
    }
  }

  const byName = new Map<string, Parsed>();
  for (const entry of parsed) {
    const first = byName.get(entry.spec.name);
    if (!first) {
      byName.set(entry.spec.name, entry);
      continue;
    }
    const firstAt = first.locator.at(['name']);
    issues.push({
      file: entry.spec.source.file,
      ...entry.locator.at(['name']),
      path: 'name',
      message: `duplicate agent name "${entry.spec.name}"; also defined in ${first.spec.source.file}:${firstAt.line}:${firstAt.column}`,
    });
  }
  if (issues.length > 0) throw new SpecError(issues);
  return parsed.map((p) => p.spec);
}

/**
 * The spec named `name` (exact, case-sensitive match), or `undefined`. Names are unique within a
 * directory loaded by {@link loadSpecDir}.
 */
export function findSpec(specs: readonly AgentSpec[], name: string): AgentSpec | undefined {
  return specs.find((spec) => spec.name === name);
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = isErrno(error, 'ENOENT') ? 'file not found' : `cannot read file: ${errorText(error)}`;
    throw new SpecError([{ file: path, line: 0, column: 0, path: '', message: reason }]);
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
