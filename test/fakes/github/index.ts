/**
 * Fake GitHub REST API for tests, the demo and benchmarks. See test/fakes/README.md ("GitHub REST API").
 */

export type { DelaySpec, InjectedDelay } from './delays.ts';
export type { DiffEntry } from './diff.ts';
export {
  defaultFaultBody,
  type FaultSpec,
  type InjectedFault,
  primaryRateLimit,
  secondaryRateLimit,
} from './faults.ts';
export { EMPTY_TREE_SHA, GitStore, type ParsedCommit, type TreeEntry } from './git.ts';
export {
  loadWebhookExample,
  type RetargetOptions,
  retargetPayload,
  type WebhookName,
  type WebhookPayload,
} from './payloads.ts';
export { basePermission } from './routes/repos.ts';
export {
  type FakeGitHub,
  type FakeGitHubOptions,
  type RecordedRequest,
  startFakeGitHub,
} from './server.ts';
export { ACTIONS_BOT, type CommentSeed, type IssueSeed, type PullSeed } from './state.ts';
export { createTestRepository, type TestRepository, type TestRepositoryOptions } from './test-repo.ts';
export type * from './types.ts';
export { REACTION_CONTENTS } from './types.ts';
