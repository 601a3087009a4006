/**
 * Git objects and refs of the fake repository, kept in a real bare git repository and read and written
 * with the `git` CLI (plumbing commands: hash-object, update-index/write-tree, commit-tree, update-ref,
 * cat-file, ls-tree, for-each-ref, diff). This is the fake's equivalent of `git push`: Steward
 * publishes branches and commits through the Git Data API, and here those calls land as real objects
 * that a test can inspect with `git` on {@link GitStore.gitDir}.
 */

import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

/** SHA-1 of the empty tree, used as the "before" side when diffing a root commit. */
export const EMPTY_TREE_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

const ZERO_SHA = '0000000000000000000000000000000000000000';

/** An identity line of a commit (`author` / `committer`), with the date as ISO 8601. */
export interface GitIdentity {
  name: string;
  email: string;
  date: string;
}

/** A commit read back from the repository. */
export interface ParsedCommit {
  sha: string;
  tree: string;
  parents: string[];
  author: GitIdentity;
  committer: GitIdentity;
  message: string;
}

/** One entry of `git ls-tree -l`; `size` is present for blobs only. */
export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

/**
 * One edit of `POST /git/trees`: `sha: null` deletes `path` (file or directory); `content` writes a
 * new blob; otherwise `sha` names an existing blob, tree or (submodule) commit.
 */
export interface TreeEdit {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha?: string | null;
  content?: string;
}

/** Raised when a ref update's expected old value did not match (a lost race or a non-existing ref). */
export class RefConflictError extends Error {}

/** Thin typed wrapper over `git` commands run against one repository. */
export class GitStore {
  /** The repository's git directory (the bare repository itself). */
  readonly gitDir: string;
  /** A private scratch directory for temporary index files; removed by the fake's `close()`. */
  readonly scratchDir: string;

  constructor(gitDir: string, scratchDir: string) {
    this.gitDir = gitDir;
    this.scratchDir = scratchDir;
  }

  /**
   * Runs `git` with `args` and returns stdout unmodified (no final-newline stripping). User and
   * system git config are ignored so output formats do not depend on the machine. Throws execa's
   * error (with stderr) when git exits non-zero.
   */
  async run(args: string[], options: { input?: string | Uint8Array; env?: Record<string, string> } = {}) {
    const result = await execa('git', ['--git-dir', this.gitDir, ...args], {
      input: options.input ?? '',
      env: { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C', ...options.env },
      stripFinalNewline: false,
      encoding: 'buffer',
    });
    return Buffer.from(result.stdout);
  }

  /** Like {@link run} but decoded as UTF-8 and trimmed. */
  async text(args: string[], input?: string): Promise<string> {
    return (await this.run(args, input === undefined ? {} : { input })).toString('utf8').trim();
  }

  /** The object id `rev` resolves to as `type` (e.g. `'commit'`), or null when it does not. */
  async resolve(rev: string, type: 'commit' | 'tree' | 'blob' | 'any' = 'commit'): Promise<string | null> {
    if (rev.startsWith('-')) return null;
    try {
      const spec = type === 'any' ? rev : `${rev}^{${type}}`;
      return (await this.text(['rev-parse', '--verify', '--quiet', '--end-of-options', spec])) || null;
    } catch {
      return null;
    }
  }

  /** The type of object `sha`, or null when it does not exist. */
  async objectType(sha: string): Promise<string | null> {
    if (!/^[0-9a-f]{4,64}$/.test(sha)) return null;
    try {
      return await this.text(['cat-file', '-t', sha]);
    } catch {
      return null;
    }
  }

  /** Stores `content` as a blob and returns its sha. */
  async writeBlob(content: Uint8Array): Promise<string> {
    return (await this.run(['hash-object', '-w', '--stdin'], { input: content })).toString('utf8').trim();
  }

  /** The content of blob `sha`, or null when there is no such blob. */
  async readBlob(sha: string): Promise<Buffer | null> {
    if ((await this.objectType(sha)) !== 'blob') return null;
    return this.run(['cat-file', 'blob', sha]);
  }

  /** Entries of the tree `treeish` resolves to; `recursive` also lists subtrees' contents (and the subtrees). */
  async listTree(treeish: string, recursive: boolean): Promise<TreeEntry[]> {
    const args = ['ls-tree', '-l', '-z', ...(recursive ? ['-r', '-t'] : []), treeish];
    const out = (await this.run(args)).toString('utf8');
    const entries: TreeEntry[] = [];
    for (const record of out.split('\0')) {
      const m = /^(\d+) (blob|tree|commit) ([0-9a-f]+)\s+(\S+)\t([\s\S]*)$/.exec(record);
      if (!m) continue;
      const [, mode = '', type = 'blob', sha = '', size = '-', path = ''] = m;
      const entry: TreeEntry = { path, mode, type: type as TreeEntry['type'], sha };
      if (size !== '-') entry.size = Number(size);
      entries.push(entry);
    }
    return entries;
  }

  /**
   * Builds a tree from `baseTree` (or from nothing) with `edits` applied in order, the way
   * `POST /git/trees` does, and returns its sha. Nested paths create intermediate trees. A temporary
   * index file holds the flattened tree while it is edited, then `git write-tree` writes it.
   */
  async writeTree(baseTree: string | null, edits: readonly TreeEdit[]): Promise<string> {
    const flat = new Map<string, { mode: string; sha: string }>();
    const base = baseTree ? await this.listTree(baseTree, true) : [];
    for (const e of base) if (e.type !== 'tree') flat.set(e.path, { mode: e.mode, sha: e.sha });
    const removeUnder = (path: string): void => {
      flat.delete(path);
      for (const key of [...flat.keys()]) if (key.startsWith(`${path}/`)) flat.delete(key);
    };
    for (const edit of edits) {
      removeUnder(edit.path);
      // A file replacing a directory and a directory replacing a file both need the other removed.
      const segments = edit.path.split('/');
      for (let i = 1; i < segments.length; i++) flat.delete(segments.slice(0, i).join('/'));
      if (edit.sha === null) continue;
      if (edit.type === 'tree') {
        for (const e of await this.listTree(edit.sha ?? '', true)) {
          if (e.type !== 'tree') flat.set(`${edit.path}/${e.path}`, { mode: e.mode, sha: e.sha });
        }
        continue;
      }
      const sha =
        edit.content !== undefined ? await this.writeBlob(Buffer.from(edit.content, 'utf8')) : edit.sha;
      flat.set(edit.path, { mode: edit.mode, sha: sha ?? '' });
    }
    const indexFile = join(this.scratchDir, `index-${randomUUID()}`);
    try {
      const env = { GIT_INDEX_FILE: indexFile };
      await this.run(['read-tree', '--empty'], { env });
      const lines = [...flat].map(([path, e]) => `${e.mode} ${e.sha}\t${path}\0`).join('');
      await this.run(['update-index', '-z', '--index-info'], { input: lines, env });
      return (await this.run(['write-tree'], { env })).toString('utf8').trim();
    } finally {
      await rm(indexFile, { force: true });
    }
  }

  /** Writes a commit object (not moving any ref) and returns its sha. */
  async writeCommit(commit: {
    tree: string;
    parents: readonly string[];
    message: string;
    author: GitIdentity;
    committer: GitIdentity;
  }): Promise<string> {
    const args = ['commit-tree', commit.tree, ...commit.parents.flatMap((p) => ['-p', p]), '-F', '-'];
    const env = {
      GIT_AUTHOR_NAME: commit.author.name,
      GIT_AUTHOR_EMAIL: commit.author.email,
      GIT_AUTHOR_DATE: gitDate(commit.author.date),
      GIT_COMMITTER_NAME: commit.committer.name,
      GIT_COMMITTER_EMAIL: commit.committer.email,
      GIT_COMMITTER_DATE: gitDate(commit.committer.date),
    };
    return (await this.run(args, { input: commit.message, env })).toString('utf8').trim();
  }

  /** Commit `rev` parsed (tree, parents, identities, message), or null when it is not a commit. */
  async readCommit(rev: string): Promise<ParsedCommit | null> {
    const sha = await this.resolve(rev, 'commit');
    if (!sha) return null;
    const raw = (await this.run(['cat-file', 'commit', sha])).toString('utf8');
    const split = raw.indexOf('\n\n');
    const header = split === -1 ? raw : raw.slice(0, split);
    const message = split === -1 ? '' : raw.slice(split + 2);
    const commit: ParsedCommit = {
      sha,
      tree: '',
      parents: [],
      author: { name: '', email: '', date: '' },
      committer: { name: '', email: '', date: '' },
      message,
    };
    for (const line of header.split('\n')) {
      if (line.startsWith(' ')) continue; // continuation of a multi-line header such as gpgsig
      const space = line.indexOf(' ');
      const key = line.slice(0, space);
      const value = line.slice(space + 1);
      if (key === 'tree') commit.tree = value;
      else if (key === 'parent') commit.parents.push(value);
      else if (key === 'author') commit.author = parseIdentity(value);
      else if (key === 'committer') commit.committer = parseIdentity(value);
    }
    return commit;
  }

  /** The sha a full ref name (`refs/heads/main`) points to, or null. */
  async getRef(ref: string): Promise<string | null> {
    const refs = await this.listRefs(ref);
    return refs.find((r) => r.ref === ref)?.sha ?? null;
  }

  /** All refs whose full name starts with `prefix` (a plain string prefix, as `matching-refs` needs). */
  async listRefs(prefix = 'refs/'): Promise<{ ref: string; sha: string; type: string }[]> {
    const out = await this.text(['for-each-ref', '--format=%(refname) %(objectname) %(objecttype)']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [ref = '', sha = '', type = ''] = line.split(' ');
        return { ref, sha, type };
      })
      .filter((r) => r.ref.startsWith(prefix));
  }

  /**
   * Points `ref` at `sha`. `expectedOld` makes it a compare-and-swap: a sha means "must currently be
   * this", null means "must not exist yet". Throws {@link RefConflictError} when that does not hold.
   */
  async updateRef(ref: string, sha: string, expectedOld?: string | null): Promise<void> {
    const args = ['update-ref', ref, sha];
    if (expectedOld !== undefined) args.push(expectedOld ?? ZERO_SHA);
    try {
      await this.run(args);
    } catch (error) {
      throw new RefConflictError(`cannot update ${ref}: ${(error as Error).message}`);
    }
  }

  /** Deletes `ref`; throws {@link RefConflictError} when it does not exist. */
  async deleteRef(ref: string): Promise<void> {
    if ((await this.getRef(ref)) === null) throw new RefConflictError(`${ref} does not exist`);
    await this.run(['update-ref', '-d', ref]);
  }

  /** Whether commit `ancestor` is reachable from `descendant` (a fast-forward from one to the other). */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    try {
      await this.run(['merge-base', '--is-ancestor', ancestor, descendant]);
      return true;
    } catch {
      return false;
    }
  }

  /** The best common ancestor of two commits, or null when they share no history. */
  async mergeBase(a: string, b: string): Promise<string | null> {
    try {
      return (await this.text(['merge-base', a, b])) || null;
    } catch {
      return null;
    }
  }

  /** Commits reachable from `head` but not from `base`, oldest first (`git rev-list --reverse base..head`). */
  async commitsBetween(base: string, head: string): Promise<string[]> {
    const out = await this.text(['rev-list', '--reverse', `${base}..${head}`]);
    return out.split('\n').filter(Boolean);
  }

  /** Unified diff between two trees or commits (rename detection on, full blob ids in `index` lines off). */
  async diff(from: string, to: string): Promise<string> {
    return (await this.run(['diff', '--no-color', '--no-ext-diff', '-M', from, to])).toString('utf8');
  }

  /** `git format-patch --stdout` for `base..head`: the mbox text GitHub serves as the patch media type. */
  async formatPatch(base: string, head: string): Promise<string> {
    const args = ['format-patch', '--stdout', '--no-color', '--no-signature', `${base}..${head}`];
    return (await this.run(args)).toString('utf8');
  }

  /** `git diff --raw -z` and `--numstat -z` between two trees or commits, for per-file listings. */
  async diffStats(from: string, to: string): Promise<{ raw: string; numstat: string }> {
    const [raw, numstat] = await Promise.all([
      this.run(['diff', '--no-color', '-M', '--raw', '-z', '--no-abbrev', from, to]),
      this.run(['diff', '--no-color', '-M', '--numstat', '-z', from, to]),
    ]);
    return { raw: raw.toString('utf8'), numstat: numstat.toString('utf8') };
  }
}

/** Parses `Name <email> 1700000000 +0100` into name, email and an ISO 8601 UTC date. */
function parseIdentity(value: string): GitIdentity {
  const m = /^(.*) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(value);
  if (!m) return { name: value, email: '', date: '' };
  const date = new Date(Number(m[3]) * 1000).toISOString().slice(0, 19);
  return { name: m[1] ?? '', email: m[2] ?? '', date: `${date}Z` };
}

/** An ISO 8601 date as git's internal `@<epoch> +0000` form, which git parses unambiguously. */
function gitDate(iso: string): string {
  const ms = Date.parse(iso);
  const seconds = Math.floor((Number.isNaN(ms) ? Date.now() : ms) / 1000);
  return `@${seconds} +0000`;
}
