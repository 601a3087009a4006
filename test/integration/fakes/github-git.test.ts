/**
 * The fake GitHub's git-backed routes, against a real repository made in a temp dir: pull request
 * diff and files, compare, commits, reviews with inline comments, commit comments, and the Git Data
 * API (blob → tree → commit → ref) verified with the git CLI on the bare repository.
 */

import { Octokit } from '@octokit/rest';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestRepository,
  type FakeGitHub,
  loadWebhookExample,
  retargetPayload,
  startFakeGitHub,
  type TestRepository,
} from '../../fakes/github/index.ts';

const owner = 'acme';
const repo = 'widgets';
const silent = { debug() {}, info() {}, warn() {}, error() {} };
let testRepo: TestRepository;
let fake: FakeGitHub | undefined;

beforeAll(async () => {
  testRepo = await createTestRepository();
});
afterAll(async () => {
  await testRepo.dispose();
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fake serving a fresh bare clone of the test repository, seeded with a pull_request.opened payload. */
async function startWithPullRequest(extra: { tokens?: Record<string, string> } = {}) {
  const bare = `${testRepo.workDir}-${Math.random().toString(36).slice(2)}.git`;
  await execa('git', ['clone', '-q', '--bare', testRepo.workDir, bare]);
  const payload = retargetPayload(loadWebhookExample('pull_request', 'opened'), {
    owner,
    repo,
    headRef: testRepo.headRef,
    headSha: testRepo.headSha,
    baseRef: testRepo.baseRef,
    baseSha: testRepo.baseSha,
  });
  fake = await startFakeGitHub({ payload, bareRepo: bare, ...extra });
  return { fake, payload, bare, number: payload.pull_request.number };
}

function client(f: FakeGitHub, token = 'ghs_bot'): Octokit {
  return new Octokit({ auth: token, baseUrl: f.url, log: silent });
}

async function gitIn(dir: string, args: string[]): Promise<string> {
  return (await execa('git', ['--git-dir', dir, ...args])).stdout;
}

describe('fake GitHub: pull requests over a real repository', () => {
  it('serves the PR, its diff and patch media types, and files computed by git diff', async () => {
    const { fake: f, number } = await startWithPullRequest();
    const gh = client(f);
    const pr = await gh.rest.pulls.get({ owner, repo, pull_number: number });
    expect(pr.data).toMatchObject({ commits: 1, additions: 5, deletions: 0, changed_files: 2 });
    expect(pr.data.base.repo.default_branch).toBe('main');

    const diff = await gh.rest.pulls.get({ owner, repo, pull_number: number, mediaType: { format: 'diff' } });
    const expected = await testRepo.git(['diff', `${testRepo.baseSha}...${testRepo.headSha}`]);
    expect(String(diff.data).trim()).toBe(expected);
    expect(diff.headers['content-type']).toBe('application/vnd.github.diff; charset=utf-8');

    const patch = await gh.rest.pulls.get({
      owner,
      repo,
      pull_number: number,
      mediaType: { format: 'patch' },
    });
    expect(String(patch.data)).toMatch(new RegExp(`^From ${testRepo.headSha} `));
    expect(String(patch.data)).toContain('Subject: [PATCH] Change app');

    const files = await gh.rest.pulls.listFiles({ owner, repo, pull_number: number });
    expect(files.data.map((x) => [x.filename, x.status, x.additions, x.deletions])).toEqual([
      ['src/app.ts', 'modified', 4, 0],
      ['src/util.ts', 'added', 1, 0],
    ]);
    expect(files.data[1]?.patch).toBe('@@ -0,0 +1 @@\n+export const answer = 42;');

    const commits = await gh.rest.pulls.listCommits({ owner, repo, pull_number: number });
    expect(commits.data.map((c) => c.sha)).toEqual([testRepo.headSha]);
    expect(commits.data[0]?.commit.message).toBe('Change app');
  });

  it('serves commits and compare (JSON and diff) from git', async () => {
    const { fake: f } = await startWithPullRequest();
    const gh = client(f);
    const commit = await gh.rest.repos.getCommit({ owner, repo, ref: testRepo.headSha });
    expect(commit.data).toMatchObject({
      sha: testRepo.headSha,
      parents: [{ sha: testRepo.baseSha }],
      stats: { additions: 5, deletions: 0, total: 5 },
      commit: { message: 'Change app', author: { name: 'Test Author', date: '2023-11-14T22:13:20Z' } },
    });
    expect(commit.data.files?.map((x) => x.filename)).toEqual(['src/app.ts', 'src/util.ts']);
    const byBranch = await gh.rest.repos.getCommit({ owner, repo, ref: 'main' });
    expect(byBranch.data.sha).toBe(testRepo.baseSha);
    expect(byBranch.data.files?.map((x) => x.status)).toEqual(['added', 'added']);

    const cmp = await gh.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: 'main...feature' });
    expect(cmp.data).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, total_commits: 1 });
    expect(cmp.data.merge_base_commit.sha).toBe(testRepo.baseSha);
    const cmpDiff = await gh.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: 'main...feature',
      mediaType: { format: 'diff' },
    });
    expect(String(cmpDiff.data)).toContain('+export const answer = 42;');
    await expect(gh.rest.repos.getCommit({ owner, repo, ref: 'f'.repeat(40) })).rejects.toMatchObject({
      status: 422,
    });
  });

  it('posts reviews with inline comments placed on the diff, and rejects lines outside it', async () => {
    const { fake: f, number } = await startWithPullRequest();
    const gh = client(f);
    const review = await gh.rest.pulls.createReview({
      owner,
      repo,
      pull_number: number,
      event: 'REQUEST_CHANGES',
      body: 'Please fix',
      comments: [
        { path: 'src/app.ts', line: 6, side: 'RIGHT', body: 'off by one?' },
        { path: 'src/util.ts', line: 1, body: 'name this' },
      ],
    });
    expect(review.data).toMatchObject({
      state: 'CHANGES_REQUESTED',
      body: 'Please fix',
      commit_id: testRepo.headSha,
    });
    expect(review.data.user?.login).toBe('github-actions[bot]');
    const comments = await gh.rest.pulls.listReviewComments({ owner, repo, pull_number: number });
    expect(comments.data.map((c) => [c.path, c.line, c.side, c.position, c.pull_request_review_id])).toEqual([
      ['src/app.ts', 6, 'RIGHT', 6, review.data.id],
      ['src/util.ts', 1, 'RIGHT', 1, review.data.id],
    ]);
    expect(comments.data[0]?.diff_hunk).toBe(
      '@@ -1,3 +1,7 @@\n export function add(a: number, b: number): number {\n   return a + b;\n }\n+\n+export function sub(a: number, b: number): number {\n+  return a - b;',
    );

    // Line 1 of README.md is not in the diff at all; line 99 of src/app.ts is outside every hunk.
    for (const bad of [
      { path: 'README.md', line: 1, body: 'x' },
      { path: 'src/app.ts', line: 99, body: 'x' },
    ]) {
      await expect(
        gh.rest.pulls.createReview({
          owner,
          repo,
          pull_number: number,
          event: 'COMMENT',
          body: 'r',
          comments: [{ path: 'src/util.ts', line: 1, body: 'fine' }, bad],
        }),
      ).rejects.toMatchObject({ status: 422 });
    }
    const reviews = await gh.rest.pulls.listReviews({ owner, repo, pull_number: number });
    expect(reviews.data.map((r) => r.state)).toEqual(['CHANGES_REQUESTED']);
    expect(f.state.reviewComments).toHaveLength(2);

    const approve = await client(f, 'other').rest.pulls.createReview({
      owner,
      repo,
      pull_number: number,
      event: 'APPROVE',
    });
    expect(approve.data.state).toBe('APPROVED');
  });

  it('refuses approving your own pull request', async () => {
    const { fake: f, number, payload } = await startWithPullRequest({ tokens: { author_pat: 'Codertocat' } });
    expect(payload.pull_request.user.login).toBe('Codertocat');
    await expect(
      client(f, 'author_pat').rest.pulls.createReview({ owner, repo, pull_number: number, event: 'APPROVE' }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: ['Can not approve your own pull request'] } },
    });
  });

  it('creates and lists commit comments', async () => {
    const { fake: f } = await startWithPullRequest();
    const gh = client(f);
    const created = await gh.rest.repos.createCommitComment({
      owner,
      repo,
      commit_sha: testRepo.headSha,
      body: 'Steward ran here',
      path: 'src/app.ts',
      line: 5,
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ commit_id: testRepo.headSha, path: 'src/app.ts', line: 5 });
    const listed = await gh.rest.repos.listCommentsForCommit({ owner, repo, commit_sha: testRepo.headSha });
    expect(listed.data.map((c) => c.body)).toEqual(['Steward ran here']);
    expect(f.state.commitComments[0]?.user).toBe('github-actions[bot]');
  });
});

describe('fake GitHub: Git Data API on a real bare repository', () => {
  it('creates blob → tree → commit → ref, verified with git on the bare repository', async () => {
    const { fake: f, bare, number } = await startWithPullRequest();
    const gh = client(f);
    const blob = await gh.rest.git.createBlob({
      owner,
      repo,
      content: Buffer.from('hello\n').toString('base64'),
      encoding: 'base64',
    });
    expect(blob.status).toBe(201);
    const gotBlob = await gh.rest.git.getBlob({ owner, repo, file_sha: blob.data.sha });
    expect(Buffer.from(gotBlob.data.content, 'base64').toString()).toBe('hello\n');

    const base = await gh.rest.git.getCommit({ owner, repo, commit_sha: testRepo.headSha });
    const tree = await gh.rest.git.createTree({
      owner,
      repo,
      base_tree: base.data.tree.sha,
      tree: [
        { path: 'docs/hello.txt', mode: '100644', type: 'blob', sha: blob.data.sha },
        { path: 'src/util.ts', mode: '100644', type: 'blob', content: 'export const answer = 43;\n' },
        { path: 'README.md', mode: '100644', type: 'blob', sha: null },
      ],
    });
    expect(tree.data.tree.map((e) => e.path)).toEqual(['docs', 'src']);
    const commit = await gh.rest.git.createCommit({
      owner,
      repo,
      message: 'Steward: update answer',
      tree: tree.data.sha,
      parents: [testRepo.headSha],
    });
    expect(commit.data).toMatchObject({
      message: 'Steward: update answer',
      author: { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' },
      parents: [{ sha: testRepo.headSha }],
      verification: { verified: false },
    });
    const ref = await gh.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/steward/fix',
      sha: commit.data.sha,
    });
    expect(ref.data).toMatchObject({
      ref: 'refs/heads/steward/fix',
      object: { sha: commit.data.sha, type: 'commit' },
    });

    expect(await gitIn(bare, ['rev-parse', 'refs/heads/steward/fix'])).toBe(commit.data.sha);
    expect(await gitIn(bare, ['show', 'steward/fix:docs/hello.txt'])).toBe('hello');
    expect(await gitIn(bare, ['show', 'steward/fix:src/util.ts'])).toBe('export const answer = 43;');
    expect(await gitIn(bare, ['ls-tree', '-r', '--name-only', 'steward/fix'])).toBe(
      'docs/hello.txt\nsrc/app.ts\nsrc/util.ts',
    );
    expect(await gitIn(bare, ['log', '-1', '--format=%an <%ae>%n%s', 'steward/fix'])).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\nSteward: update answer',
    );
    await expect(
      gh.rest.git.createRef({ owner, repo, ref: 'refs/heads/steward/fix', sha: commit.data.sha }),
    ).rejects.toMatchObject({ status: 422, response: { data: { message: 'Reference already exists' } } });

    const got = await gh.rest.git.getRef({ owner, repo, ref: 'heads/steward/fix' });
    expect(got.data.object.sha).toBe(commit.data.sha);
    const matching = await gh.rest.git.listMatchingRefs({ owner, repo, ref: 'heads/steward' });
    expect(matching.data.map((r) => r.ref)).toEqual(['refs/heads/steward/fix']);
    const full = await gh.rest.git.getTree({ owner, repo, tree_sha: tree.data.sha, recursive: 'true' });
    expect(full.data.tree.filter((e) => e.type === 'blob').map((e) => e.path)).toEqual([
      'docs/hello.txt',
      'src/app.ts',
      'src/util.ts',
    ]);
    const contents = await gh.rest.repos.getContent({ owner, repo, path: 'src/util.ts', ref: 'steward/fix' });
    expect(Buffer.from((contents.data as { content: string }).content, 'base64').toString()).toBe(
      'export const answer = 43;\n',
    );

    // Moving the PR's head branch (fast-forward) updates the PR, as a push would.
    const ff = await gh.rest.git.updateRef({ owner, repo, ref: 'heads/feature', sha: commit.data.sha });
    expect(ff.data.object.sha).toBe(commit.data.sha);
    expect(await gitIn(bare, ['rev-parse', 'refs/heads/feature'])).toBe(commit.data.sha);
    const pr = await gh.rest.pulls.get({ owner, repo, pull_number: number });
    expect(pr.data.head.sha).toBe(commit.data.sha);
    expect(pr.data.commits).toBe(2);
  });

  it('refuses a non-fast-forward ref update unless forced, and deletes refs', async () => {
    const { fake: f, bare } = await startWithPullRequest();
    const gh = client(f);
    await expect(
      gh.rest.git.updateRef({ owner, repo, ref: 'heads/feature', sha: testRepo.baseSha }),
    ).rejects.toMatchObject({ status: 422, response: { data: { message: 'Update is not a fast forward' } } });
    expect(await gitIn(bare, ['rev-parse', 'refs/heads/feature'])).toBe(testRepo.headSha);
    await gh.rest.git.updateRef({ owner, repo, ref: 'heads/feature', sha: testRepo.baseSha, force: true });
    expect(await gitIn(bare, ['rev-parse', 'refs/heads/feature'])).toBe(testRepo.baseSha);
    await gh.rest.git.deleteRef({ owner, repo, ref: 'heads/feature' });
    expect(await f.refs()).toEqual({ 'refs/heads/main': testRepo.baseSha });
    await expect(gh.rest.git.getRef({ owner, repo, ref: 'heads/feature' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('opens a draft pull request from a branch made through the API', async () => {
    const { fake: f } = await startWithPullRequest();
    const gh = client(f);
    await gh.rest.git.createRef({ owner, repo, ref: 'refs/heads/steward/topic', sha: testRepo.headSha });
    const created = await gh.rest.pulls.create({
      owner,
      repo,
      title: 'Steward: topic',
      head: 'steward/topic',
      base: 'main',
      body: 'Automated change',
      draft: true,
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      draft: true,
      state: 'open',
      head: { ref: 'steward/topic', sha: testRepo.headSha },
    });
    expect(created.data.number).toBeGreaterThan(2);
    const listed = await gh.rest.pulls.list({ owner, repo, head: `${owner}:steward/topic` });
    expect(listed.data.map((p) => p.number)).toEqual([created.data.number]);
    await expect(
      gh.rest.pulls.create({ owner, repo, title: 'again', head: 'steward/topic', base: 'main' }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      gh.rest.pulls.create({ owner, repo, title: 'none', head: 'main', base: 'main' }),
    ).rejects.toMatchObject({
      status: 422,
    });
  });

  it('creates an empty repository, optionally with an initial commit of seed files', async () => {
    fake = await startFakeGitHub({ owner, repo, seedFiles: { 'README.md': '# seeded\n', 'a/b.txt': 'b\n' } });
    const gh = client(fake);
    const ref = await gh.rest.git.getRef({ owner, repo, ref: 'heads/main' });
    const readme = await gh.rest.repos.getContent({ owner, repo, path: 'README.md' });
    expect(Buffer.from((readme.data as { content: string }).content, 'base64').toString()).toBe('# seeded\n');
    const dir = await gh.rest.repos.getContent({ owner, repo, path: 'a' });
    expect((dir.data as { path: string; type: string }[]).map((e) => [e.path, e.type])).toEqual([
      ['a/b.txt', 'file'],
    ]);
    expect(await gitIn(fake.git.gitDir, ['rev-parse', 'HEAD'])).toBe(ref.data.object.sha);
    const root = await gh.rest.repos.getContent({ owner, repo, path: '' });
    expect((root.data as { name: string }[]).map((e) => e.name)).toEqual(['README.md', 'a']);
    const raw = await gh.rest.repos.getContent({
      owner,
      repo,
      path: 'a/b.txt',
      mediaType: { format: 'raw' },
    });
    expect(raw.data).toBe('b\n');
    await expect(gh.rest.repos.getContent({ owner, repo, path: 'missing.txt' })).rejects.toMatchObject({
      status: 404,
    });
    const branch = await gh.rest.repos.getBranch({ owner, repo, branch: 'main' });
    expect(branch.data.commit.sha).toBe(ref.data.object.sha);
  });

  it('explains a PR diff request when the repository lacks the payload commits', async () => {
    fake = await startFakeGitHub({ owner, repo, payload: loadWebhookExample('pull_request', 'opened') });
    await expect(client(fake).rest.pulls.listFiles({ owner, repo, pull_number: 2 })).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('start it with bareRepo'),
    });
  });
});
