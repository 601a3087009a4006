import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AgentSpec,
  DEFAULT_MODEL,
  findSpec,
  loadSpecDir,
  loadSpecFile,
  parseSpec,
  SpecError,
} from '../../../src/spec/index.ts';

const FIXTURES = 'test/fixtures/specs';
const fixture = (...parts: string[]) => join(FIXTURES, ...parts);

/** Loads a fixture that must be invalid and returns its formatted issues, one string per line. */
async function errorsOf(name: string): Promise<string[]> {
  const error = await loadSpecFile(fixture('invalid', name)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpecError);
  return (error as SpecError).format().split('\n');
}

describe('valid specs', () => {
  it('parses the full example of DESIGN §2 with every default filled in', async () => {
    const file = fixture('valid', 'review.yml');
    const spec = await loadSpecFile(file);
    expect(spec).toEqual({
      name: 'review',
      description: 'Reviews pull requests for correctness and risk',
      model: { id: 'claude-sonnet-5-5' },
      system: 'You review pull requests of this repository. ...\n',
      tools: [
        {
          type: 'agent_toolset_20260401',
          default_config: { permission_policy: { type: 'always_allow' } },
          configs: [
            { name: 'write', enabled: false },
            { name: 'edit', enabled: false },
            { name: 'web_fetch', allowed_domains: ['docs.python.org'] },
          ],
        },
        { type: 'mcp_toolset', mcp_server_name: 'docs', configs: [] },
      ],
      mcp_servers: [{ type: 'url', name: 'docs', url: 'https://mcp.example.com/mcp' }],
      skills: [{ type: 'local', path: '.claude/skills/release-notes' }],
      metadata: {},
      environment: {
        networking: {
          type: 'limited',
          allowed_hosts: ['pypi.org'],
          allow_package_managers: true,
          allow_mcp_servers: false,
        },
        packages: { apt: ['jq'], cargo: [], gem: [], go: [], npm: [], pip: ['ruff'] },
        sandbox: 'auto',
      },
      on: {
        pull_request: { types: ['opened', 'synchronize', 'reopened'] },
        issue_comment: { command: '/review' },
      },
      task: 'Review pull request #{{ pull_request.number }}. Post one review with inline comments.\n',
      limits: {
        max_turns: 40,
        max_cost_usd: 2,
        max_tokens: 3_000_000,
        timeout_minutes: 20,
        max_output_tokens_per_turn: 16_000,
      },
      outcome: {
        description: 'Every changed file was read and the review is posted.',
        checks: [{ run: 'npm test', timeout_minutes: 10 }],
        max_iterations: 2,
      },
      outputs: {
        comment: true,
        review: { inline: true, allow_approve: false },
        pull_request: false,
        push_to_branch: false,
        labels: ['needs-tests', 'security'],
        issue: false,
        create_issue: false,
        result_schema: {
          type: 'object',
          properties: { verdict: { enum: ['approve', 'changes'] } },
          required: ['verdict'],
        },
      },
      steward: { trusted_bots: [], untrusted_comments: 'fence', allow_workflow_edits: false },
      source: { file },
    } satisfies AgentSpec);
  });

  it('gives a minimal spec (name + task) every safe default', async () => {
    const spec = await loadSpecFile(fixture('valid', 'minimal.yml'));
    expect(spec).toEqual({
      name: 'minimal',
      model: { id: DEFAULT_MODEL },
      tools: [{ type: 'agent_toolset_20260401', configs: [] }],
      mcp_servers: [],
      skills: [],
      metadata: {},
      environment: {
        networking: {
          type: 'limited',
          allowed_hosts: [],
          allow_package_managers: false,
          allow_mcp_servers: false,
        },
        packages: { apt: [], cargo: [], gem: [], go: [], npm: [], pip: [] },
        sandbox: 'auto',
      },
      on: {},
      task: 'Label the new issue.',
      limits: {
        max_turns: 30,
        max_cost_usd: 5,
        max_tokens: 2_000_000,
        timeout_minutes: 30,
        max_output_tokens_per_turn: 16_000,
      },
      outputs: {
        comment: true,
        review: false,
        pull_request: false,
        push_to_branch: false,
        labels: [],
        issue: false,
        create_issue: false,
      },
      steward: { trusted_bots: [], untrusted_comments: 'fence', allow_workflow_edits: false },
      source: { file: fixture('valid', 'minimal.yml') },
    } satisfies AgentSpec);
    expect(spec.description).toBeUndefined();
    expect(spec.outcome).toBeUndefined();
  });

  it('does not share default objects between specs', () => {
    const a = parseSpec('name: a', 'a.yml');
    const b = parseSpec('name: b', 'b.yml');
    expect(a.tools[0]).not.toBe(b.tools[0]);
    expect(a.model).not.toBe(b.model);
  });

  it('normalizes shorthands: model object, `true` outputs, null event filters', () => {
    const spec = parseSpec(
      [
        'name: shorthand',
        'model: {id: claude-opus-4-8, effort: high, speed: fast}',
        'outputs: {review: true, pull_request: true, create_issue: true}',
        'on: {pull_request: , schedule: , workflow_dispatch: }',
      ].join('\n'),
      'shorthand.yml',
    );
    expect(spec.model).toEqual({ id: 'claude-opus-4-8', effort: 'high', speed: 'fast' });
    expect(spec.outputs.review).toEqual({ inline: true, allow_approve: false });
    expect(spec.outputs.pull_request).toEqual({ draft: true });
    expect(spec.outputs.create_issue).toEqual({ max: 1 });
    expect(spec.on).toEqual({ pull_request: {}, schedule: [], workflow_dispatch: {} });
  });

  it('parseSpec and loadSpecFile agree', async () => {
    const file = fixture('valid', 'review.yml');
    expect(parseSpec(await readFile(file, 'utf8'), file)).toEqual(await loadSpecFile(file));
  });
});

describe('invalid specs: every issue names file:line:col, path, expected and found', () => {
  it('unknown top-level key, with a suggestion', async () => {
    expect(await errorsOf('unknown-top-key.yml')).toEqual([
      'test/fixtures/specs/invalid/unknown-top-key.yml:2:1 sytem: unknown key (did you mean "system"?)',
    ]);
  });

  it('unknown nested keys point at the key', async () => {
    expect(await errorsOf('unknown-nested-key.yml')).toEqual([
      'test/fixtures/specs/invalid/unknown-nested-key.yml:5:3 limits.max_cost: unknown key (did you mean "max_cost_usd"?)',
      'test/fixtures/specs/invalid/unknown-nested-key.yml:7:27 outputs.review.alow_approve: unknown key (did you mean "allow_approve"?)',
    ]);
  });

  it('lists the accepted keys when no key is close', () => {
    expect(() => parseSpec('name: a\nlimits: {turns_max: 3}\n', 'x.yml')).toThrow(
      'x.yml:2:10 limits.turns_max: unknown key; expected one of max_turns, max_cost_usd, max_tokens, timeout_minutes, max_output_tokens_per_turn',
    );
  });

  it('wrong types and out-of-range numbers', async () => {
    expect(await errorsOf('wrong-type.yml')).toEqual([
      'test/fixtures/specs/invalid/wrong-type.yml:4:14 limits.max_turns: expected a number; got "many"',
      'test/fixtures/specs/invalid/wrong-type.yml:5:17 limits.max_cost_usd: expected a number greater than 0; got 0',
      'test/fixtures/specs/invalid/wrong-type.yml:6:15 limits.max_tokens: expected an integer; got 2.5',
    ]);
  });

  it('bad enum values inside nested lists', async () => {
    expect(await errorsOf('bad-enum.yml')).toEqual([
      'test/fixtures/specs/invalid/bad-enum.yml:7:17 tools[0].configs[1].name: expected one of bash, read, write, edit, glob, grep, web_fetch, web_search; got "bsh" (did you mean "bash"?)',
      'test/fixtures/specs/invalid/bad-enum.yml:8:50 tools[0].configs[2].permission_policy.type: expected one of always_allow, always_ask; got "allways_allow" (did you mean "always_allow"?)',
    ]);
  });

  it('a missing required key points at the parent mapping', async () => {
    expect(await errorsOf('missing-name.yml')).toEqual([
      'test/fixtures/specs/invalid/missing-name.yml:1:1 name: missing required key (expected a string)',
    ]);
  });

  it('too many tools', async () => {
    expect(await errorsOf('too-many-tools.yml')).toEqual([
      'test/fixtures/specs/invalid/too-many-tools.yml:4:3 tools: expected at most 128 tools; got 129',
    ]);
  });

  it('an MCP server no toolset uses, and a toolset naming an undeclared server', async () => {
    expect(await errorsOf('mcp-unreferenced.yml')).toEqual([
      'test/fixtures/specs/invalid/mcp-unreferenced.yml:6:22 tools[1].mcp_server_name: no mcp_servers entry named "doc"; declared: docs (did you mean "docs"?)',
      'test/fixtures/specs/invalid/mcp-unreferenced.yml:8:24 mcp_servers[0].name: server "docs" is not used by any tool; add {type: mcp_toolset, mcp_server_name: docs} to tools or remove the server',
    ]);
  });

  it('YAML syntax errors get file:line:col', async () => {
    // Written at run time: biome checks YAML under test/, and a checked-in file with a syntax error fails lint.
    const dir = await mkdtemp(join(tmpdir(), 'steward-spec-'));
    const file = join(dir, 'syntax-error.yml');
    try {
      await writeFile(
        file,
        [
          'name: review',
          'tools:',
          '  - type: agent_toolset_20260401',
          '    configs: [{ name: bash }',
          'limits: {}',
          '',
        ].join('\n'),
      );
      await expect(loadSpecFile(file)).rejects.toThrow(
        `${file}:5:1 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(() => parseSpec('name: a\ntask: "bad \\q escape"\n', 'esc.yml')).toThrow(
      'esc.yml:2:12 YAML syntax error: Invalid escape sequence \\q',
    );
    expect(() => parseSpec('name: a\nname: b\n', 'dup.yml')).toThrow(
      'dup.yml:2:1 YAML syntax error: Map keys must be unique',
    );
  });

  it('reports every error of a file, in line order', async () => {
    expect(await errorsOf('many-errors.yml')).toEqual([
      'test/fixtures/specs/invalid/many-errors.yml:1:7 name: expected letters, digits, ".", "_" or "-", starting with a letter or digit; got "bad name!"',
      'test/fixtures/specs/invalid/many-errors.yml:2:41 model.effort: expected one of low, medium, high, xhigh, max; got "hgh" (did you mean "high"?)',
      'test/fixtures/specs/invalid/many-errors.yml:4:11 tools[0].type: expected one of agent_toolset_20260401, mcp_toolset, custom; got "agent_tools" (did you mean "agent_toolset_20260401"?)',
      'test/fixtures/specs/invalid/many-errors.yml:6:48 environment.networking.allowed_hosts[0]: expected a host like pypi.org, *.example.com or localhost:8080 (no scheme or path); got "https://pypi.org/simple"',
      expect.stringMatching(
        /^test\/fixtures\/specs\/invalid\/many-errors\.yml:8:35 on\.pull_request\.types\[1\]: expected one of assigned, .*; got "synchronise" \(did you mean "synchronize"\?\)$/,
      ),
      'test/fixtures/specs/invalid/many-errors.yml:9:3 on.issue_coment: unknown key (did you mean "issue_comment"?)',
      'test/fixtures/specs/invalid/many-errors.yml:10:22 limits.max_turns: expected at least 1; got 0',
    ]);
  });

  it('exposes structured issues', async () => {
    const error = await loadSpecFile(fixture('invalid', 'unknown-top-key.yml')).catch((e: unknown) => e);
    expect((error as SpecError).issues).toEqual([
      {
        file: 'test/fixtures/specs/invalid/unknown-top-key.yml',
        line: 2,
        column: 1,
        path: 'sytem',
        message: 'unknown key (did you mean "system"?)',
      },
    ]);
    expect((error as SpecError).message).toBe((error as SpecError).format());
  });

  it('cross-field rules: packages need registries, outcome needs content, templates must be paths', () => {
    const text = [
      'name: rules', // 1
      'environment:', // 2
      '  packages: {pip: [ruff]}', // 3
      'outcome: {max_iterations: 2}', // 4
      'task: "Fix {{ issue number }}"', // 5
      'tools:', // 6
      '  - type: agent_toolset_20260401', // 7
      '    configs:', // 8
      '      - {name: web_fetch, allowed_domains: [a.org], blocked_domains: [b.org]}', // 9
      '      - {name: web_fetch}', // 10
      '  - {type: agent_toolset_20260401}', // 11
    ].join('\n');
    expect(() => parseSpec(text, 'rules.yml')).toThrow(
      [
        'rules.yml:3:3 environment.packages: packages need package registries: set environment.networking.allow_package_managers: true (or networking type unrestricted)',
        'rules.yml:4:10 outcome: expected at least one of description, rubric or checks',
        'rules.yml:5:7 task: invalid placeholder "{{ issue number }}"; expected a dotted path like {{ pull_request.number }}',
        'rules.yml:9:53 tools[0].configs[0].blocked_domains: expected either allowed_domains or blocked_domains, not both',
        'rules.yml:10:16 tools[0].configs[1].name: tool "web_fetch" is configured twice (first at tools[0].configs[0])',
        'rules.yml:11:12 tools[1].type: agent_toolset_20260401 is listed twice (first at tools[0]); merge the two entries',
      ].join('\n'),
    );
  });

  it('rejects edited comments as triggers and paths that climb out of the repository', () => {
    const text = [
      'name: x',
      'on: {issue_comment: {types: [edited]}}',
      'skills: [{type: local, path: ../../etc}]',
    ].join('\n');
    expect(() => parseSpec(text, 'x.yml')).toThrow(
      [
        'x.yml:2:30 on.issue_comment.types[0]: expected created (edited or deleted comments never trigger); got "edited"',
        'x.yml:3:30 skills[0].path: expected a path relative to the repository root, without ".." segments; got "../../etc"',
      ].join('\n'),
    );
  });

  it('an empty file or a non-mapping document', () => {
    expect(() => parseSpec('', 'empty.yml')).toThrow(
      'empty.yml:1:1 expected a mapping of spec keys (name, task, ...); got an empty document',
    );
    expect(() => parseSpec('- a\n', 'list.yml')).toThrow(
      'list.yml:1:1 expected a mapping of spec keys (name, task, ...); got a list',
    );
  });

  it('a file that does not exist', async () => {
    await expect(loadSpecFile(fixture('invalid', 'absent.yml'))).rejects.toThrow(
      'test/fixtures/specs/invalid/absent.yml file not found',
    );
  });
});

describe('loadSpecDir', () => {
  it('loads every *.yml / *.yaml, sorted by file name', async () => {
    const specs = await loadSpecDir(fixture('valid'));
    expect(specs.map((s) => [s.name, s.source.file])).toEqual([
      ['minimal', 'test/fixtures/specs/valid/minimal.yml'],
      ['review', 'test/fixtures/specs/valid/review.yml'],
    ]);
    expect(findSpec(specs, 'review')?.source.file).toBe('test/fixtures/specs/valid/review.yml');
    expect(findSpec(specs, 'Review')).toBeUndefined();
  });

  it('returns [] for a missing directory', async () => {
    expect(await loadSpecDir(fixture('no-such-dir'))).toEqual([]);
  });

  it('reports a name declared in two files, naming both', async () => {
    const error = await loadSpecDir(fixture('duplicate')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).format()).toBe(
      'test/fixtures/specs/duplicate/b-review-again.yaml:2:7 name: duplicate agent name "review"; also defined in test/fixtures/specs/duplicate/a-review.yml:1:7',
    );
  });

  it('collects the errors of every file', async () => {
    const error = await loadSpecDir(fixture('invalid')).catch((e: unknown) => e);
    const files = new Set((error as SpecError).issues.map((i) => i.file.split('/').pop()));
    expect([...files].sort()).toEqual([
      'bad-enum.yml',
      'many-errors.yml',
      'mcp-unreferenced.yml',
      'missing-name.yml',
      'too-many-tools.yml',
      'unknown-nested-key.yml',
      'unknown-top-key.yml',
      'wrong-type.yml',
    ]);
  });
});
