/**
 * The SDK's file tools behind Steward's guard (tools/files.ts), on a real temp workspace: paths
 * outside the workspace, symlinks and hard links out of it, and the deny list inside it.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../../src/tools/sandbox.ts';
import { agentToolset } from '../../../src/tools/toolset.ts';
import type { StewardTool } from '../../../src/tools/types.ts';

const root = mkdtempSync(join(tmpdir(), 'steward-files-'));
const ws = join(root, 'ws');
const outside = join(root, 'runner-temp');
const tools = new Map<string, StewardTool>();
const toolsWithWorkflows = new Map<string, StewardTool>();

function build(allowWorkflowEdits: boolean): Map<string, StewardTool> {
  const env = { PATH: '/usr/bin:/bin', HOME: join(root, 'home') };
  const list = agentToolset({
    workspace: ws,
    env,
    sandbox: createSandbox(
      {
        mode: 'none',
        workspace: ws,
        writable: [],
        network: { type: 'limited', allowedHosts: [] },
        denyRead: [],
        denyWrite: [],
      },
      env,
    ),
    allowWorkflowEdits,
    tools: (['read', 'write', 'edit', 'glob', 'grep'] as const).map((name) => ({
      name,
      permission: 'always_allow' as const,
    })),
  });
  return new Map(list.map((t) => [t.name, t]));
}

async function call(name: string, input: Record<string, unknown>, set = tools) {
  const tool = set.get(name);
  if (!tool) throw new Error(`no tool ${name}`);
  const outcome = await tool.run(input);
  return {
    text: typeof outcome.content === 'string' ? outcome.content : JSON.stringify(outcome.content),
    isError: outcome.is_error,
  };
}

beforeAll(() => {
  mkdirSync(ws, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: ws });
  execFileSync(
    'git',
    ['config', 'http.https://github.com/.extraheader', 'AUTHORIZATION: basic Q0hFQ0tPVVQtVE9LRU4='],
    {
      cwd: ws,
    },
  );
  mkdirSync(outside);
  writeFileSync(join(outside, 'credentials'), 'OUTSIDE-CREDENTIAL');
  writeFileSync(join(ws, 'README.md'), 'hello\n');
  mkdirSync(join(ws, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(ws, '.github', 'workflows', 'ci.yml'), 'on: push\n');
  symlinkSync(join(outside, 'credentials'), join(ws, 'link-out'));
  symlinkSync('/proc/self/environ', join(ws, 'environ-link'));
  symlinkSync(outside, join(ws, 'dir-link'));
  symlinkSync(join(outside, 'new-file'), join(ws, 'dangling-link'));
  linkSync(join(outside, 'credentials'), join(ws, 'hard-link'));
  for (const [k, v] of build(false)) tools.set(k, v);
  for (const [k, v] of build(true)) toolsWithWorkflows.set(k, v);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('file tools: confinement to the workspace', () => {
  it('reads files of the workspace', async () => {
    expect(await call('read', { file_path: 'README.md' })).toEqual({ text: 'hello\n', isError: false });
  });

  it.each([
    ['traversal', '../runner-temp/credentials'],
    ['absolute path', join(outside, 'credentials')],
    ['the process environment', '/proc/self/environ'],
    ['the parent’s environment', `/proc/${process.ppid}/environ`],
    ['a symlink out of the workspace', 'link-out'],
    ['a symlink to /proc/self/environ', 'environ-link'],
    ['a symlinked directory', 'dir-link/credentials'],
    ['a hard link to an outside file', 'hard-link'],
  ])('refuses to read %s', async (_what, path) => {
    const r = await call('read', { file_path: path });
    expect(r.isError).toBe(true);
    expect(r.text).not.toContain('OUTSIDE-CREDENTIAL');
    expect(r.text).not.toMatch(/PATH=|HOME=/);
  });

  it('refuses a path with a NUL byte', async () => {
    const r = await call('read', { file_path: 'README.md\0../../etc/passwd' });
    expect(r.isError).toBe(true);
  });

  it('refuses to write through a dangling symlink or a hard link', async () => {
    expect((await call('write', { file_path: 'dangling-link', content: 'x' })).isError).toBe(true);
    expect(existsSync(join(outside, 'new-file'))).toBe(false);
    expect(
      (await call('edit', { file_path: 'hard-link', old_string: 'OUTSIDE', new_string: 'PWNED' })).isError,
    ).toBe(true);
    expect(readFileSync(join(outside, 'credentials'), 'utf8')).toBe('OUTSIDE-CREDENTIAL');
  });
});

describe('file tools: deny list inside the workspace', () => {
  it('never reads .git/config, where checkout may persist its token', async () => {
    for (const path of ['.git/config', './.git/../.git/config', '.GIT/config']) {
      const r = await call('read', { file_path: path });
      expect(r.isError).toBe(true);
      expect(r.text).not.toContain('Q0hFQ0tPVVQtVE9LRU4');
    }
    const grep = await call('grep', { pattern: 'extraheader', path: '.git' });
    expect(grep.isError).toBe(true);
    expect(grep.text).not.toContain('Q0hFQ0tPVVQtVE9LRU4');
    expect((await call('grep', { pattern: 'AUTHORIZATION', path: '.git/config' })).isError).toBe(true);
    expect((await call('glob', { pattern: '**', path: '.git' })).isError).toBe(true);
  });

  it('drops .git matches even when an ignore file brings .git back into ripgrep’s search', async () => {
    writeFileSync(join(ws, '.rgignore'), '!.git/\n!.git/config\n');
    writeFileSync(join(ws, '.ignore'), '!.git/\n');
    writeFileSync(join(ws, 'notes.txt'), 'AUTHORIZATION in a normal file\n');
    const r = await call('grep', { pattern: 'AUTHORIZATION' });
    expect(r.text).toContain('notes.txt:1:AUTHORIZATION in a normal file');
    expect(r.text).not.toContain('Q0hFQ0tPVVQtVE9LRU4');
    expect(r.text).toMatch(/inside \.git left out/);
  });

  it('never writes under .git (hooks, config)', async () => {
    const hook = await call('write', { file_path: '.git/hooks/pre-commit', content: '#!/bin/sh\ncurl evil' });
    expect(hook.isError).toBe(true);
    expect(hook.text).toContain('off limits');
    expect(existsSync(join(ws, '.git', 'hooks', 'pre-commit'))).toBe(false);
    const config = await call('edit', {
      file_path: '.git/config',
      old_string: '[core]',
      new_string: '[core]\n\thooksPath = /tmp',
    });
    expect(config.isError).toBe(true);
    expect(readFileSync(join(ws, '.git', 'config'), 'utf8')).not.toContain('hooksPath');
  });

  it('writes .github/workflows only when the spec allows workflow edits', async () => {
    const denied = await call('write', { file_path: '.github/workflows/ci.yml', content: 'pwned' });
    expect(denied.isError).toBe(true);
    expect(denied.text).toContain('steward.allow_workflow_edits');
    expect((await call('write', { file_path: '.github/workflows/new.yml', content: 'x' })).isError).toBe(
      true,
    );
    expect(readFileSync(join(ws, '.github', 'workflows', 'ci.yml'), 'utf8')).toBe('on: push\n');
    const allowed = await call(
      'write',
      { file_path: '.github/workflows/ci.yml', content: 'on: pull_request\n' },
      toolsWithWorkflows,
    );
    expect(allowed.isError).toBe(false);
    expect(readFileSync(join(ws, '.github', 'workflows', 'ci.yml'), 'utf8')).toBe('on: pull_request\n');
  });
});
