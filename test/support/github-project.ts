/**
 * Agent specs and scripted model turns for the GitHub-surface end-to-end tests: one small project
 * (the demo's) with an agent per trigger, and helpers to build the repository files.
 */
import type { TurnExpectation, TurnSpec } from '../fakes/messages/types.ts';
import { BASE_FILES, HEAD_FILES } from './demo-project.ts';

/** Spec texts by agent name. */
export const SPECS = {
  review: `name: review
system: You review pull requests of this repository.
tools:
  - type: agent_toolset_20260401
    configs: [{ name: write, enabled: false }, { name: edit, enabled: false }]
on:
  pull_request: { types: [opened, synchronize] }
  pull_request_target: { types: [opened] }
task: 'Review pull request #{{ pull_request.number }}.'
outputs: { comment: true, review: { inline: true } }
limits: { max_turns: 6 }
`,
  pushes: `name: pushes
system: You summarize what a push changed.
on:
  push: { branches: [feature] }
task: Summarize the pushed commits.
outputs: { comment: true }
limits: { max_turns: 4 }
`,
  triage: `name: triage
system: You triage new issues.
on:
  issues: { types: [opened] }
task: 'Triage issue #{{ issue.number }}.'
outputs: { comment: true, labels: [bug, question] }
limits: { max_turns: 4 }
`,
  chat: `name: chat
system: You answer maintainers' questions about this repository.
on:
  issue_comment: {}
outputs: { comment: true }
steward: { trusted_bots: ['dependabot[bot]'] }
limits: { max_turns: 6 }
`,
  nightly: `name: nightly
system: You write a short health report of the repository.
on:
  schedule: [{ cron: '0 6 * * 1' }]
  workflow_dispatch: {}
task: Write the weekly health report.
outputs: { comment: true, issue: { title: Weekly health report } }
limits: { max_turns: 4 }
`,
  careful: `name: careful
system: You run commands only with a maintainer's approval.
tools:
  - type: agent_toolset_20260401
    configs: [{ name: bash, permission_policy: { type: always_ask } }]
on:
  issue_comment: {}
outputs: { comment: true }
limits: { max_turns: 6 }
`,
  fixer: `name: fixer
system: You fix what maintainers ask for and open a pull request.
on:
  issue_comment: {}
outputs: { comment: true, pull_request: true }
limits: { max_turns: 6 }
`,
} as const;

/** Repository files with the given agents on the base commit (and the demo project). */
export function baseWith(...agents: Array<keyof typeof SPECS>): Record<string, string> {
  const files: Record<string, string> = { ...BASE_FILES };
  delete files['.github/steward/review.yml'];
  for (const a of agents) files[`.github/steward/${a}.yml`] = SPECS[a];
  return files;
}

/** The change of the pull request / push (adds `sub`). */
export const CHANGE = HEAD_FILES;

/** A final answer turn. */
export function answer(text: string, expect: TurnExpectation = {}): TurnSpec {
  return { label: `answer: ${text.slice(0, 20)}`, expect, content: text };
}

/** A turn calling one tool. */
export function call(name: string, input: Record<string, unknown>, expect: TurnExpectation = {}): TurnSpec {
  return { label: `call ${name}`, expect, content: [{ type: 'tool_use', name, input }] };
}
