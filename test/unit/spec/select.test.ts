import examples from '@octokit/webhooks-examples';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentSpec,
  globToRegExp,
  loadSpecDir,
  matchList,
  parseSpec,
  selectSpecs,
  type TriggerEvent,
} from '../../../src/spec/index.ts';

type Payload = Record<string, unknown> & {
  action?: string;
  ref?: string;
  pull_request?: { base: { ref: string } };
  comment?: { body: string };
  commits?: { added: string[]; modified: string[]; removed: string[] }[];
  label?: { name: string };
  issue?: { labels?: { name: string }[] };
};

/** A real webhook payload from @octokit/webhooks-examples (a fresh copy, safe to edit). */
function payload(name: string, action?: string): Payload {
  const definition = (examples as unknown as { name: string; examples: Payload[] }[]).find(
    (e) => e.name === name,
  );
  const found = definition?.examples.find((x) => action === undefined || x.action === action);
  if (!found) throw new Error(`no example for ${name}/${action}`);
  return structuredClone(found);
}

function event(name: string, body: Payload, extra: Partial<TriggerEvent> = {}): TriggerEvent {
  return { name, payload: body, ...extra };
}

let specs: AgentSpec[];
const names = (e: TriggerEvent) => selectSpecs(specs, e).map((s) => s.name);

beforeAll(async () => {
  // valid/: review (pull_request opened|synchronize|reopened, issue_comment /review), minimal (no `on`).
  // select/: chat, deploy-docs, fix-main, nightly, triage.
  specs = [
    ...(await loadSpecDir('test/fixtures/specs/valid')),
    ...(await loadSpecDir('test/fixtures/specs/select')),
  ];
});

describe('selectSpecs', () => {
  it('pull_request opened: types and base-branch filters', () => {
    const opened = payload('pull_request', 'opened');
    expect(opened.pull_request?.base.ref).toBe('master');
    expect(names(event('pull_request', opened))).toEqual(['review']);
    if (opened.pull_request) opened.pull_request.base.ref = 'main';
    expect(names(event('pull_request', opened))).toEqual(['review', 'fix-main']);
  });

  it('pull_request synchronize matches; closed matches nothing', () => {
    const sync = payload('pull_request', 'synchronize');
    if (sync.pull_request) sync.pull_request.base.ref = 'main';
    expect(names(event('pull_request', sync))).toEqual(['review', 'fix-main']);
    expect(names(event('pull_request', payload('pull_request', 'closed')))).toEqual([]);
  });

  it('event.action overrides payload.action', () => {
    expect(names(event('pull_request', payload('pull_request', 'closed'), { action: 'reopened' }))).toEqual([
      'review',
    ]);
  });

  it('push to main vs another branch, with paths from the pushed commits', () => {
    const push = payload('push');
    push.ref = 'refs/heads/main';
    push.commits = [{ added: ['README.md'], modified: [], removed: [] }];
    expect(names(event('push', push))).toEqual(['fix-main']);

    push.commits = [{ added: [], modified: ['docs/guide.md'], removed: [] }];
    expect(names(event('push', push))).toEqual(['deploy-docs', 'fix-main']);

    push.ref = 'refs/heads/release/1.2';
    expect(names(event('push', push))).toEqual(['deploy-docs']);

    push.commits = [{ added: ['docs/drafts/idea.md'], modified: [], removed: [] }];
    expect(names(event('push', push))).toEqual([]);

    push.ref = 'refs/heads/feature/login';
    push.commits = [{ added: [], modified: ['docs/guide.md'], removed: [] }];
    expect(names(event('push', push))).toEqual([]);
  });

  it('a tag push never matches a branch filter', () => {
    const tag = payload('push');
    expect(tag.ref).toBe('refs/tags/simple-tag');
    expect(names(event('push', tag))).toEqual([]);
  });

  it('event.changedFiles wins over the commits of the payload', () => {
    const push = payload('push');
    push.ref = 'refs/heads/main';
    expect(names(event('push', push, { changedFiles: ['docs/index.md'] }))).toEqual([
      'deploy-docs',
      'fix-main',
    ]);
  });

  it('issue_comment with and without the command', () => {
    const comment = payload('issue_comment', 'created');
    expect(names(event('issue_comment', comment))).toEqual([]);

    if (comment.comment) comment.comment.body = '/review please\nFocus on the parser.';
    expect(names(event('issue_comment', comment))).toEqual(['review']);

    if (comment.comment) comment.comment.body = '\n  /ask why does CI fail?';
    expect(names(event('issue_comment', comment))).toEqual(['chat']);

    if (comment.comment) comment.comment.body = '/reviewer';
    expect(names(event('issue_comment', comment))).toEqual([]);

    if (comment.comment) comment.comment.body = 'Please /review this';
    expect(names(event('issue_comment', comment))).toEqual([]);
  });

  it('issue_comment: a pre-extracted command is used as given', () => {
    expect(
      names(event('issue_comment', payload('issue_comment', 'created'), { command: '/review' })),
    ).toEqual(['review']);
  });

  it('edited or deleted comments never trigger', () => {
    for (const action of ['edited', 'deleted']) {
      const comment = payload('issue_comment', action);
      if (comment.comment) comment.comment.body = '/review';
      expect(names(event('issue_comment', comment))).toEqual([]);
    }
    const anyComment = parseSpec('name: any\non: {issue_comment: }', 'any.yml');
    expect(selectSpecs([anyComment], event('issue_comment', payload('issue_comment', 'edited')))).toEqual([]);
    expect(selectSpecs([anyComment], event('issue_comment', payload('issue_comment', 'created')))).toEqual([
      anyComment,
    ]);
  });

  it('issues: types and labels', () => {
    expect(names(event('issues', payload('issues', 'opened')))).toEqual(['triage']);
    const labeled = payload('issues', 'labeled');
    expect(labeled.label?.name).toBe('bug');
    expect(names(event('issues', labeled))).toEqual(['triage']);
    if (labeled.label) labeled.label.name = 'documentation';
    expect(names(event('issues', labeled))).toEqual([]);
    const unlabeledIssue = payload('issues', 'opened');
    if (unlabeledIssue.issue) unlabeledIssue.issue.labels = [];
    expect(names(event('issues', unlabeledIssue))).toEqual([]);
    expect(names(event('issues', payload('issues', 'reopened')))).toEqual([]);
  });

  it('schedule: the cron of the payload must be listed', () => {
    expect(names(event('schedule', { schedule: '0 3 * * *' }))).toEqual(['nightly']);
    expect(names(event('schedule', { schedule: '0  3 * *  *' }))).toEqual(['nightly']);
    expect(names(event('schedule', { schedule: '*/5 * * * *' }))).toEqual([]);
    const anySchedule = parseSpec('name: any\non: {schedule: }', 'any.yml');
    expect(selectSpecs([anySchedule], event('schedule', { schedule: '*/5 * * * *' }))).toEqual([anySchedule]);
  });

  it('workflow_dispatch', () => {
    expect(names(event('workflow_dispatch', payload('workflow_dispatch')))).toEqual(['nightly']);
  });

  it('no match, unknown events and specs without `on` give []', () => {
    expect(names(event('release', { action: 'published' }))).toEqual([]);
    expect(selectSpecs([], event('push', payload('push')))).toEqual([]);
  });

  it('pull_request paths use event.changedFiles, and pass when the files are unknown', () => {
    const spec = parseSpec("name: py\non: {pull_request: {paths: ['**/*.py']}}", 'py.yml');
    const opened = payload('pull_request', 'opened');
    expect(selectSpecs([spec], event('pull_request', opened, { changedFiles: ['README.md'] }))).toEqual([]);
    expect(selectSpecs([spec], event('pull_request', opened, { changedFiles: ['setup.py'] }))).toEqual([
      spec,
    ]);
    expect(selectSpecs([spec], event('pull_request', opened, { changedFiles: ['src/a/b.py'] }))).toEqual([
      spec,
    ]);
    expect(selectSpecs([spec], event('pull_request', opened))).toEqual([spec]);
  });
});

describe('glob patterns', () => {
  it('* stays within a segment, ** crosses segments, ? is one character', () => {
    expect(globToRegExp('release/*').test('release/1.2')).toBe(true);
    expect(globToRegExp('release/*').test('release/1/2')).toBe(false);
    expect(globToRegExp('release/**').test('release/1/2')).toBe(true);
    expect(globToRegExp('**/*.ts').test('index.ts')).toBe(true);
    expect(globToRegExp('**/*.ts').test('src/spec/index.ts')).toBe(true);
    expect(globToRegExp('v?.x').test('v1.x')).toBe(true);
    expect(globToRegExp('v?.x').test('v10.x')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });

  it('the last matching pattern wins; only exclusions start from "all"', () => {
    expect(matchList(['docs/**', '!docs/drafts/**'], 'docs/drafts/x.md')).toBe(false);
    expect(matchList(['docs/**', '!docs/drafts/**', 'docs/drafts/keep.md'], 'docs/drafts/keep.md')).toBe(
      true,
    );
    expect(matchList(['!main'], 'dev')).toBe(true);
    expect(matchList(['!main'], 'main')).toBe(false);
  });
});
