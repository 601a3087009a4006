/**
 * The fake GitHub REST API driven by the real @octokit/rest (and once by @actions/github):
 * issues, comments, reactions, labels, permissions, check runs, seeding, auth, recording, lifecycle.
 * Git-backed routes are in github-git.test.ts, fault injection in github-faults.test.ts.
 */

import { getOctokit } from '@actions/github';
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeGitHub,
  loadWebhookExample,
  retargetPayload,
  startFakeGitHub,
} from '../../fakes/github/index.ts';

const owner = 'acme';
const repo = 'widgets';
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: Parameters<typeof startFakeGitHub>[0] = {}) {
  fake = await startFakeGitHub({ owner, repo, ...options });
  return fake;
}

/** Octokit logs every failed request; the tests assert on failures, so keep the output clean. */
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function client(f: FakeGitHub, token = 'ghs_bot_token'): Octokit {
  return new Octokit({ auth: token, baseUrl: f.url, log: silent });
}

describe('fake GitHub: lifecycle, auth and recording', () => {
  it('listens on 127.0.0.1 with a random port and close() leaves no server or socket open', async () => {
    const count = (kind: string) => process.getActiveResourcesInfo().filter((r) => r === kind).length;
    const serversBefore = count('TCPServerWrap');
    const f = await startFakeGitHub({ owner, repo });
    expect(f.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(f.url).not.toMatch(/:0$/);
    expect(count('TCPServerWrap')).toBe(serversBefore + 1);
    await client(f).rest.repos.get({ owner, repo });
    await f.close();
    await f.close(); // idempotent
    expect(count('TCPServerWrap')).toBe(serversBefore);
    await expect(fetch(`${f.url}/rate_limit`)).rejects.toThrow();
    for (let i = 0; i < 50 && count('TCPSocketWrap') > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(count('TCPSocketWrap')).toBe(0);
  });

  it('answers 401 without a token, records tokens, and maps tokens to logins', async () => {
    const f = await start({
      tokens: { pat_alice: 'alice' },
      payload: loadWebhookExample('issues', 'opened'),
    });
    const anonymous = new Octokit({ baseUrl: f.url, log: silent });
    const err = await anonymous.rest.issues.get({ owner, repo, issue_number: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401, response: { data: { message: 'Requires authentication' } } });

    const bot = await client(f, 'ghs_secret').rest.issues.createComment({
      owner,
      repo,
      issue_number: 1,
      body: 'hi',
    });
    expect(bot.data.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot', id: 41898282 });
    const alice = await client(f, 'pat_alice').rest.issues.createComment({
      owner,
      repo,
      issue_number: 1,
      body: 'yo',
    });
    expect(alice.data.user).toMatchObject({ login: 'alice', type: 'User' });

    const writes = f.writes();
    expect(writes.map((w) => [w.token, w.actor, w.status])).toEqual([
      ['ghs_secret', 'github-actions[bot]', 201],
      ['pat_alice', 'alice', 201],
    ]);
    expect(writes[0]?.headers.authorization).toBe('token ghs_secret');
    expect(writes[0]?.body).toEqual({ body: 'hi' });
    expect(writes[0]?.route).toBe('POST /repos/:owner/:repo/issues/:issue_number/comments');
    expect(f.requests[0]?.status).toBe(401);
  });

  it('rejects unknown tokens with "Bad credentials" when asked to', async () => {
    const f = await start({ tokens: { good: 'alice' }, rejectUnknownTokens: true });
    await expect(client(f, 'good').rest.repos.get({ owner, repo })).resolves.toMatchObject({ status: 200 });
    await expect(client(f, 'bad').rest.repos.get({ owner, repo })).rejects.toMatchObject({ status: 401 });
  });

  it('answers 404 naming an unknown route and records it', async () => {
    const f = await start();
    const err = await client(f)
      .request('GET /repos/{owner}/{repo}/deployments', { owner, repo })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 404,
      response: { data: { message: `Not Found: no fake route for GET /repos/${owner}/${repo}/deployments` } },
    });
    expect(f.unknownRoutes).toEqual([`GET /repos/${owner}/${repo}/deployments`]);
    // A known route on another repository is a plain 404, not an unknown route.
    await expect(client(f).rest.repos.get({ owner: 'other', repo })).rejects.toMatchObject({ status: 404 });
    expect(f.unknownRoutes).toHaveLength(1);
  });

  it('hands unmatched requests to a fallback handler before answering 404', async () => {
    const f = await start({
      fallback: (req, res) => {
        if (!req.url?.includes('/actions/artifacts')) return false;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"total_count":0,"artifacts":[]}');
        return true;
      },
    });
    const res = await client(f).rest.actions.listArtifactsForRepo({ owner, repo });
    expect(res.data.total_count).toBe(0);
    expect(f.requests.at(-1)).toMatchObject({ route: 'fallback', status: 200 });
    expect(f.unknownRoutes).toEqual([]);
  });

  it('sends rate-limit headers on every response and serves GET /rate_limit', async () => {
    const f = await start({ rateLimit: 1000 });
    const res = await client(f).rest.repos.get({ owner, repo });
    expect(res.headers['x-ratelimit-limit']).toBe('1000');
    expect(res.headers['x-ratelimit-remaining']).toBe('999');
    expect(res.headers['x-ratelimit-used']).toBe('1');
    expect(res.headers['x-ratelimit-resource']).toBe('core');
    expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    const limits = await client(f).rest.rateLimit.get();
    expect(limits.data.resources.core).toMatchObject({ limit: 1000, used: 1, remaining: 999 });
    expect(res.data).toMatchObject({ full_name: `${owner}/${repo}`, default_branch: 'main' });
  });
});

describe('fake GitHub: issues, comments, reactions, labels', () => {
  it('creates, lists, updates and deletes comments; creates and updates issues', async () => {
    const f = await start();
    const gh = client(f);
    const issue = await gh.rest.issues.create({
      owner,
      repo,
      title: 'Bug',
      body: 'It breaks',
      labels: ['bug'],
    });
    expect(issue.status).toBe(201);
    expect(issue.data).toMatchObject({ number: 1, state: 'open', title: 'Bug', labels: [{ name: 'bug' }] });
    expect(issue.data.user?.login).toBe('github-actions[bot]');

    const c1 = await gh.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'first' });
    await gh.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'second' });
    const updated = await gh.rest.issues.updateComment({
      owner,
      repo,
      comment_id: c1.data.id,
      body: 'first (edited)',
    });
    expect(updated.data.body).toBe('first (edited)');
    const listed = await gh.rest.issues.listComments({ owner, repo, issue_number: 1 });
    expect(listed.data.map((c) => c.body)).toEqual(['first (edited)', 'second']);
    expect(listed.data[0]?.html_url).toBe(
      `https://github.com/${owner}/${repo}/issues/1#issuecomment-${c1.data.id}`,
    );
    const got = await gh.rest.issues.getComment({ owner, repo, comment_id: c1.data.id });
    expect(got.data.id).toBe(c1.data.id);
    await gh.rest.issues.deleteComment({ owner, repo, comment_id: c1.data.id });
    expect(f.state.issueComments.map((c) => c.body)).toEqual(['second']);
    await expect(gh.rest.issues.getComment({ owner, repo, comment_id: c1.data.id })).rejects.toMatchObject({
      status: 404,
    });

    const closed = await gh.rest.issues.update({
      owner,
      repo,
      issue_number: 1,
      state: 'closed',
      title: 'Bug!',
    });
    expect(closed.data).toMatchObject({ state: 'closed', title: 'Bug!', comments: 1 });
    expect(closed.data.closed_at).not.toBeNull();
  });

  it('paginates comment lists with Link headers that Octokit follows', async () => {
    const f = await start();
    f.addIssue({ number: 7, title: 'many comments' });
    for (let i = 0; i < 45; i++) f.addComment({ issue_number: 7, body: `c${i}` });
    const gh = client(f);
    const all = await gh.paginate(gh.rest.issues.listComments, {
      owner,
      repo,
      issue_number: 7,
      per_page: 20,
    });
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 45 }, (_, i) => `c${i}`));
    expect(f.requests.filter((r) => r.path.endsWith('/comments'))).toHaveLength(3);
  });

  it('refuses blank and over-long comment bodies with 422', async () => {
    const f = await start();
    f.addIssue({ number: 1, title: 't' });
    const gh = client(f);
    await expect(
      gh.rest.issues.createComment({ owner, repo, issue_number: 1, body: '  ' }),
    ).rejects.toMatchObject({
      status: 422,
    });
    const long = 'x'.repeat(65537);
    await expect(
      gh.rest.issues.createComment({ owner, repo, issue_number: 1, body: long }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ message: 'Body is too long (maximum is 65536 characters)' }] } },
    });
    await expect(
      gh.rest.issues.createComment({ owner, repo, issue_number: 99, body: 'x' }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it('adds and lists reactions on issues and comments; a repeated reaction answers 200', async () => {
    const f = await start();
    f.addIssue({ number: 3, title: 'react' });
    const comment = f.addComment({ issue_number: 3, body: '/steward fix it', user: 'alice' });
    const gh = client(f);
    const r1 = await gh.rest.reactions.createForIssueComment({
      owner,
      repo,
      comment_id: comment.id,
      content: 'eyes',
    });
    expect(r1.status).toBe(201);
    expect(r1.data).toMatchObject({ content: 'eyes', user: { login: 'github-actions[bot]' } });
    const again = await gh.rest.reactions.createForIssueComment({
      owner,
      repo,
      comment_id: comment.id,
      content: 'eyes',
    });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(r1.data.id);
    await gh.rest.reactions.createForIssue({ owner, repo, issue_number: 3, content: 'rocket' });
    const onComment = await gh.rest.reactions.listForIssueComment({ owner, repo, comment_id: comment.id });
    expect(onComment.data.map((r) => r.content)).toEqual(['eyes']);
    const onIssue = await gh.rest.reactions.listForIssue({ owner, repo, issue_number: 3 });
    expect(onIssue.data.map((r) => r.content)).toEqual(['rocket']);
    const rendered = await gh.rest.issues.getComment({ owner, repo, comment_id: comment.id });
    expect(rendered.data.reactions).toMatchObject({ total_count: 1, eyes: 1 });
    await gh.rest.reactions.deleteForIssueComment({
      owner,
      repo,
      comment_id: comment.id,
      reaction_id: r1.data.id,
    });
    expect(f.state.reactions.map((r) => r.content)).toEqual(['rocket']);
    await expect(
      gh.rest.reactions.createForIssue({ owner, repo, issue_number: 3, content: 'thumbsup' as 'eyes' }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('creates repository labels and adds, lists and removes issue labels', async () => {
    const f = await start();
    f.addIssue({ number: 4, title: 'labels' });
    const gh = client(f);
    const created = await gh.rest.issues.createLabel({
      owner,
      repo,
      name: 'steward',
      color: '#00ff00',
      description: 'agent',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: 'steward', color: '00ff00', description: 'agent' });
    await expect(gh.rest.issues.createLabel({ owner, repo, name: 'Steward' })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ code: 'already_exists' }] } },
    });
    const added = await gh.rest.issues.addLabels({
      owner,
      repo,
      issue_number: 4,
      labels: ['steward', 'triaged'],
    });
    expect(added.data.map((l) => l.name)).toEqual(['steward', 'triaged']);
    const repoLabels = await gh.rest.issues.listLabelsForRepo({ owner, repo });
    expect(repoLabels.data.map((l) => l.name)).toEqual(['steward', 'triaged']);
    await gh.rest.issues.removeLabel({ owner, repo, issue_number: 4, name: 'triaged' });
    const onIssue = await gh.rest.issues.listLabelsOnIssue({ owner, repo, issue_number: 4 });
    expect(onIssue.data.map((l) => l.name)).toEqual(['steward']);
    expect(f.state.issues.find((i) => i.number === 4)?.labels).toEqual(['steward']);
  });
});

describe('fake GitHub: collaborator permission', () => {
  it('reports role_name and the legacy permission for each role', async () => {
    const f = await start();
    const roles = ['admin', 'maintain', 'write', 'triage', 'read', 'none'] as const;
    for (const role of roles) f.setPermission(`user-${role}`, role);
    const gh = client(f);
    const seen: Record<string, [string, string]> = {};
    for (const role of roles) {
      const res = await gh.rest.repos.getCollaboratorPermissionLevel({
        owner,
        repo,
        username: `user-${role}`,
      });
      expect(res.data.user?.login).toBe(`user-${role}`);
      seen[role] = [res.data.permission, res.data.role_name];
    }
    expect(seen).toEqual({
      admin: ['admin', 'admin'],
      maintain: ['write', 'maintain'],
      write: ['write', 'write'],
      triage: ['read', 'triage'],
      read: ['read', 'read'],
      none: ['none', 'none'],
    });
  });

  it('gives non-collaborators read on a public repository and none on a private one', async () => {
    const pub = await start({ private: false });
    const res = await client(pub).rest.repos.getCollaboratorPermissionLevel({
      owner,
      repo,
      username: 'stranger',
    });
    expect(res.data.permission).toBe('read');
    await pub.close();
    const priv = await start({ private: true });
    const res2 = await client(priv).rest.repos.getCollaboratorPermissionLevel({
      owner,
      repo,
      username: 'stranger',
    });
    expect(res2.data.permission).toBe('none');
  });
});

describe('fake GitHub: check runs', () => {
  const sha = 'a'.repeat(40);

  it('creates, updates and lists check runs for a commit', async () => {
    const f = await start();
    const gh = client(f);
    const created = await gh.rest.checks.create({
      owner,
      repo,
      name: 'steward',
      head_sha: sha,
      status: 'in_progress',
      output: { title: 'Running', summary: 'working…' },
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      name: 'steward',
      status: 'in_progress',
      conclusion: null,
      head_sha: sha,
    });
    const done = await gh.rest.checks.update({
      owner,
      repo,
      check_run_id: created.data.id,
      conclusion: 'success',
      output: {
        title: 'Done',
        summary: 'all good',
        annotations: [
          { path: 'src/a.ts', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'hm' },
        ],
      },
    });
    expect(done.data).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      output: { title: 'Done', annotations_count: 1 },
    });
    expect(done.data.completed_at).not.toBeNull();
    await gh.rest.checks.create({ owner, repo, name: 'other', head_sha: sha });
    const listed = await gh.rest.checks.listForRef({ owner, repo, ref: sha });
    expect(listed.data.total_count).toBe(2);
    expect(listed.data.check_runs.map((r) => r.name).sort()).toEqual(['other', 'steward']);
    const byName = await gh.rest.checks.listForRef({ owner, repo, ref: sha, check_name: 'steward' });
    expect(byName.data.check_runs.map((r) => r.id)).toEqual([created.data.id]);
  });

  it('enforces the documented output and annotation limits', async () => {
    const f = await start();
    const gh = client(f);
    await expect(
      gh.rest.checks.create({
        owner,
        repo,
        name: 'x',
        head_sha: sha,
        output: { title: 't', summary: 's'.repeat(65536) },
      }),
    ).rejects.toMatchObject({ status: 422 });
    const annotation = {
      path: 'a',
      start_line: 1,
      end_line: 1,
      annotation_level: 'notice' as const,
      message: 'm',
    };
    await expect(
      gh.rest.checks.create({
        owner,
        repo,
        name: 'x',
        head_sha: sha,
        output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, () => annotation) },
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect(f.state.checkRuns).toHaveLength(0);
  });
});

describe('fake GitHub: seeding from real webhook payloads', () => {
  it('pull_request.opened creates the pull request with its title, body, head and base', async () => {
    const payload = loadWebhookExample('pull_request', 'opened');
    const f = await start({ payload });
    const pr = payload.pull_request;
    expect(f.state.pulls[0]).toMatchObject({
      number: pr.number,
      head: { sha: pr.head.sha, ref: pr.head.ref },
    });
    const got = await client(f).rest.pulls.get({ owner, repo, pull_number: pr.number });
    expect(got.data).toMatchObject({
      number: pr.number,
      title: pr.title,
      body: pr.body,
      head: { ref: pr.head.ref, sha: pr.head.sha },
      base: { ref: pr.base.ref, sha: pr.base.sha },
      user: { login: pr.user.login, id: pr.user.id },
    });
    // The fake's copy of the payload points at the served repository and at the fake's URL.
    expect(f.payload?.repository).toMatchObject({ full_name: `${owner}/${repo}`, owner: { login: owner } });
    expect(f.payload?.pull_request).toHaveProperty(
      'url',
      `${f.url}/repos/${owner}/${repo}/pulls/${pr.number}`,
    );
    const issue = await client(f).rest.issues.get({ owner, repo, issue_number: pr.number });
    expect(issue.data.pull_request?.url).toBe(`${f.url}/repos/${owner}/${repo}/pulls/${pr.number}`);
  });

  it('issues.opened creates the issue and its labels; the payload repository is used when no owner is given', async () => {
    const payload = loadWebhookExample('issues', 'opened');
    fake = await startFakeGitHub({ payload });
    const f = fake;
    expect([f.owner, f.repo]).toEqual(['Codertocat', 'Hello-World']);
    const got = await client(f).rest.issues.get({
      owner: f.owner,
      repo: f.repo,
      issue_number: payload.issue.number,
    });
    expect(got.data).toMatchObject({
      number: payload.issue.number,
      id: payload.issue.id,
      title: payload.issue.title,
      user: { login: payload.issue.user.login },
    });
    expect(got.data.pull_request).toBeUndefined();
    expect(got.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(
      payload.issue.labels?.map((l) => l.name) ?? [],
    );
  });

  it('issue_comment.created creates the issue and the comment with its author', async () => {
    const payload = retargetPayload(loadWebhookExample('issue_comment', 'created'), {
      owner,
      repo,
      sender: 'alice',
      body: '/steward review',
    });
    expect(payload.comment.user.login).toBe('alice');
    expect(payload.sender.login).toBe('alice');
    const f = await start({ payload });
    const comments = await client(f).rest.issues.listComments({
      owner,
      repo,
      issue_number: payload.issue.number,
    });
    expect(comments.data).toHaveLength(1);
    expect(comments.data[0]).toMatchObject({
      id: payload.comment.id,
      body: '/steward review',
      user: { login: 'alice' },
    });
    // New records get ids above the payload's, so they never collide with them.
    const next = await client(f).rest.issues.createComment({
      owner,
      repo,
      issue_number: payload.issue.number,
      body: 'ok',
    });
    expect(next.data.id).toBeGreaterThan(payload.comment.id);
  });

  it('retargetPayload rewrites repository objects, URLs, head/base and number without touching the original', async () => {
    const original = loadWebhookExample('pull_request', 'opened');
    const moved = retargetPayload(original, {
      owner,
      repo,
      headRef: 'topic',
      headSha: 'b'.repeat(40),
      baseSha: 'c'.repeat(40),
      number: 42,
    });
    expect(original.repository.full_name).toBe('Codertocat/Hello-World');
    expect(moved.repository).toMatchObject({
      name: repo,
      full_name: `${owner}/${repo}`,
      owner: { login: owner },
    });
    expect(moved.pull_request.head).toMatchObject({
      ref: 'topic',
      sha: 'b'.repeat(40),
      label: `${owner}:topic`,
    });
    expect(moved.pull_request.base.sha).toBe('c'.repeat(40));
    expect(moved.pull_request.base.repo.full_name).toBe(`${owner}/${repo}`);
    expect([moved.number, moved.pull_request.number]).toEqual([42, 42]);
    expect(moved.pull_request.url).toBe(`https://api.github.com/repos/${owner}/${repo}/pulls/2`);
    expect(() => loadWebhookExample('pull_request', 'no-such-action')).toThrow(
      /actions with examples: .*opened/,
    );
  });
});

describe('fake GitHub: @actions/github', () => {
  it('getOctokit(token, { baseUrl }) talks to the fake', async () => {
    const f = await start({ payload: loadWebhookExample('issues', 'opened') });
    const octokit = getOctokit('ghs_actions', { baseUrl: f.url });
    const res = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: 1,
      body: 'from actions',
    });
    expect(res.data.user?.login).toBe('github-actions[bot]');
    expect(f.writes().map((w) => w.token)).toEqual(['ghs_actions']);
    expect(f.errors).toEqual([]);
  });
});
