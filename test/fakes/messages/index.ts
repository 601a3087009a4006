/**
 * Fake Anthropic Messages API for tests, the demo and benchmarks. Start it with
 * {@link startFakeMessagesApi}, point the SDK's `baseURL` at its `url`, and give it a scenario
 * (see `test/fakes/README.md`, "Messages API scenarios").
 */
export { buildMessage, wireBlock } from './answer.ts';
export {
  CacheControlError,
  type CacheTtl,
  type CacheUsage,
  findBreakpoints,
  LOOKBACK_BLOCKS,
  MAX_BREAKPOINTS,
  minCacheableTokens,
  PromptCacheSimulator,
  prefixHashes,
} from './cache.ts';
export { type ManualClock, manualClock } from './clock.ts';
export {
  defaultErrorMessage,
  type ErrorEnvelope,
  errorEnvelope,
  errorTypeForStatus,
  statusForErrorType,
} from './errors.ts';
export { checkExpectation, lastToolResult, lastUserText, systemText, toolNames } from './expect.ts';
export { IdSource } from './ids.ts';
export {
  defineScenario,
  loadScenarioFile,
  parseScenario,
  type ResolvedTurn,
  repeatTurns,
  resolveTurn,
  ScenarioFormatError,
  type ToolLoopOptions,
  toolLoopScenario,
} from './scenario.ts';
export { type FakeMessagesApi, type FakeMessagesApiOptions, startFakeMessagesApi } from './server.ts';
export { chunkText, errorEvent, frameSse, messageEvents, type SseEvent, type WireMessage } from './sse.ts';
export {
  blockText,
  canonicalJson,
  countBlockTokens,
  countInputTokens,
  countOutputTokens,
  countTextTokens,
  type PromptBlock,
  type PromptSection,
  renderPrompt,
} from './tokens.ts';
export type * from './types.ts';
export { toolPairingProblems, validateRequest } from './validate.ts';
