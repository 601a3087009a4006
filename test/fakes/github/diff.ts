/**
 * Turns real `git diff` output into GitHub's per-file listing (the `files` array of pull request
 * files, commits and compare responses) and maps review-comment lines onto a file's patch.
 */

import type { GitStore } from './git.ts';

/**
 * One changed file as GitHub lists it ("diff-entry" schema): `patch` is the hunk text starting at the
 * first `@@` line, absent for binary or mode-only changes.
 * Source: https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files
 */
export interface DiffEntry {
  sha: string;
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  changes: number;
  blob_url: string;
  raw_url: string;
  contents_url: string;
  patch?: string;
  previous_filename?: string;
}

const STATUS: Record<string, DiffEntry['status']> = {
  A: 'added',
  D: 'removed',
  M: 'modified',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
};

/**
 * The changed files between `from` and `to` (commits or trees) as {@link DiffEntry} objects, computed
 * with `git diff --raw`, `--numstat` and the unified diff, all with rename detection so their
 * entries line up one to one. `urls` builds the `blob_url`/`raw_url`/`contents_url` fields.
 */
export async function diffEntries(
  git: GitStore,
  from: string,
  to: string,
  urls: { html: string; api: string; ref: string },
): Promise<DiffEntry[]> {
  const [{ raw, numstat }, text] = await Promise.all([git.diffStats(from, to), git.diff(from, to)]);
  const rawTokens = raw.split('\0');
  const numTokens = numstat.split('\0');
  const patches = splitPatches(text);
  const entries: DiffEntry[] = [];
  let r = 0;
  let n = 0;
  while (r < rawTokens.length && rawTokens[r]?.startsWith(':')) {
    const [, , oldSha = '', newSha = '', code = 'M'] = (rawTokens[r] ?? '').slice(1).split(' ');
    const letter = code.charAt(0);
    const twoPaths = letter === 'R' || letter === 'C';
    const first = rawTokens[r + 1] ?? '';
    const filename = twoPaths ? (rawTokens[r + 2] ?? '') : first;
    r += twoPaths ? 3 : 2;
    const [adds = '0', dels = '0'] = (numTokens[n] ?? '').split('\t');
    n += twoPaths ? 3 : 1;
    const additions = adds === '-' ? 0 : Number(adds);
    const deletions = dels === '-' ? 0 : Number(dels);
    const path = encodeURI(filename);
    const entry: DiffEntry = {
      sha: letter === 'D' ? oldSha : newSha,
      filename,
      status: STATUS[letter] ?? 'modified',
      additions,
      deletions,
      changes: additions + deletions,
      blob_url: `${urls.html}/blob/${urls.ref}/${path}`,
      raw_url: `${urls.html}/raw/${urls.ref}/${path}`,
      contents_url: `${urls.api}/contents/${path}?ref=${urls.ref}`,
    };
    const patch = patches[entries.length];
    if (patch !== undefined) entry.patch = patch;
    if (twoPaths) entry.previous_filename = first;
    entries.push(entry);
  }
  return entries;
}

/**
 * Splits a unified diff into one entry per file, each the hunk text from the first `@@` line (no
 * trailing newline), or undefined when the file has no hunks. A line beginning with `diff --git`
 * can only be a file header: inside hunks every line starts with ' ', '+', '-' or '\'.
 */
export function splitPatches(diffText: string): (string | undefined)[] {
  if (diffText === '') return [];
  const files = diffText.split(/^(?=diff --git )/m).filter((chunk) => chunk.startsWith('diff --git '));
  return files.map((chunk) => {
    const at = chunk.search(/^@@ /m);
    return at === -1 ? undefined : chunk.slice(at).replace(/\n$/, '');
  });
}

/** Where a review comment's line sits in a file's patch. */
export interface LineLocation {
  line: number;
  side: 'LEFT' | 'RIGHT';
  /** GitHub's `position`: lines below the file's first `@@` header, counting later headers too. */
  position: number;
  /** The hunk header and lines up to and including the commented line, as GitHub's `diff_hunk`. */
  diffHunk: string;
}

/**
 * Finds `line` on `side` (`RIGHT` = new file, `LEFT` = old file) within `patch`'s hunks; lines outside
 * every hunk cannot carry a review comment on GitHub, so they return null.
 * Source (position semantics): https://docs.github.com/en/rest/pulls/comments#create-a-review-comment-for-a-pull-request
 */
export function locateLine(patch: string, side: 'LEFT' | 'RIGHT', line: number): LineLocation | null {
  return walkPatch(patch, (loc) => loc.side === side && loc.line === line);
}

/** The line and side at diff `position` (1-based) within `patch`, or null when out of range. */
export function locatePosition(patch: string, position: number): LineLocation | null {
  return walkPatch(patch, (loc) => loc.position === position);
}

function walkPatch(patch: string, want: (loc: LineLocation) => boolean): LineLocation | null {
  const lines = patch.split('\n');
  let oldLine = 0;
  let newLine = 0;
  let hunkStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      hunkStart = i;
      continue;
    }
    const diffHunk = (): string => lines.slice(hunkStart, i + 1).join('\n');
    const mark = text.charAt(0);
    const candidates: { line: number; side: 'LEFT' | 'RIGHT' }[] = [];
    if (mark === '+') candidates.push({ line: newLine++, side: 'RIGHT' });
    else if (mark === '-') candidates.push({ line: oldLine++, side: 'LEFT' });
    else if (mark === ' ' || text === '') {
      candidates.push({ line: newLine, side: 'RIGHT' }, { line: oldLine, side: 'LEFT' });
      newLine++;
      oldLine++;
    } else continue; // "\ No newline at end of file"
    for (const c of candidates) {
      const loc = { ...c, position: i, diffHunk: '' };
      if (want(loc)) return { ...loc, diffHunk: diffHunk() };
    }
  }
  return null;
}
