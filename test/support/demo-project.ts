/**
 * The small real project the demo and the end-to-end tests run an agent on: a JavaScript module
 * with node:test tests, an agent spec on the base branch, and a pull request that adds a function.
 */
import type { Scenario } from '../fakes/messages/types.ts';

/** The review agent's spec, as a repository would keep it in `.github/steward/review.yml`. */
export const REVIEW_SPEC = `name: review
description: Reviews pull requests for correctness
model: claude-sonnet-5-5
system: |
  You review pull requests of this repository. Read the changed files, run the tests, and report
  what is wrong or risky. Be brief.
tools:
  - type: agent_toolset_20260401
    configs:
      - { name: write, enabled: false }
      - { name: edit, enabled: false }
on:
  pull_request: { types: [opened, synchronize, reopened] }
task: Review pull request #{{ pull_request.number }} ({{ pull_request.title }}).
limits: { max_turns: 10, max_cost_usd: 1 }
`;

/** Files of the base commit. */
export const BASE_FILES: Record<string, string> = {
  'package.json': '{ "name": "widgets", "type": "module", "scripts": { "test": "node --test" } }\n',
  'src/math.js': 'export function add(a, b) {\n  return a + b;\n}\n',
  'test/math.test.js':
    "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from '../src/math.js';\n\ntest('add', () => assert.equal(add(2, 3), 5));\n",
  '.github/steward/review.yml': REVIEW_SPEC,
};

/** What the pull request changes. */
export const HEAD_FILES: Record<string, string | null> = {
  'src/math.js':
    'export function add(a, b) {\n  return a + b;\n}\n\nexport function sub(a, b) {\n  return a - b;\n}\n',
  'test/math.test.js':
    "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add, sub } from '../src/math.js';\n\ntest('add', () => assert.equal(add(2, 3), 5));\ntest('sub', () => assert.equal(sub(5, 3), 2));\n",
};

/** The final answer the scripted model gives. */
export const REVIEW_ANSWER =
  'The change adds `sub(a, b)` with a test; both tests pass. No problems found: approve.';

/** The scripted model: read the changed file, run the tests, answer. */
export const REVIEW_SCENARIO: Scenario = {
  name: 'review-pull-request',
  turns: [
    {
      label: 'read the change',
      expect: {
        tools_include: ['bash', 'read', 'glob', 'grep'],
        tools_exclude: ['write', 'edit'],
        system_contains: 'You review pull requests',
        last_user_text_contains: 'src/math.js',
      },
      content: [
        { type: 'text', text: 'I will read the changed module first.' },
        { type: 'tool_use', name: 'read', input: { file_path: 'src/math.js' } },
      ],
    },
    {
      label: 'run the tests',
      expect: { last_tool_result_contains: 'export function sub' },
      content: [{ type: 'tool_use', name: 'bash', input: { command: 'node --test 2>&1 | tail -n 8' } }],
    },
    {
      label: 'answer',
      expect: { last_tool_result_contains: 'pass 2', last_tool_result_is_error: false },
      content: REVIEW_ANSWER,
    },
  ],
};
