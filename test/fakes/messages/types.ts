/**
 * Shared types of the fake Anthropic Messages API: the scenario script (turns, blocks, faults,
 * expectations) and what the server records about each request.
 *
 * Wire shapes follow the Messages API reference and `@anthropic-ai/sdk` v1.11
 * (`resources/messages/messages.ts`); scenario shapes are ours and are documented in
 * `test/fakes/README.md`, section "Messages API scenarios".
 */

/** A text block the scripted model emits. Streams as `text_delta` chunks. */
export interface ScriptTextBlock {
  type: 'text';
  text: string;
}

/**
 * A thinking block the scripted model emits. Streams as `thinking_delta` chunks followed by one
 * `signature_delta`. `signature` defaults to a deterministic opaque base64 string.
 */
export interface ScriptThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature?: string;
}

/** A redacted thinking block (`data` is opaque); streamed whole in `content_block_start`. */
export interface ScriptRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/**
 * A client tool call. `id` defaults to a per-server counter id `toolu_01…`. The input streams as
 * `input_json_delta` chunks of its JSON text, like the real API.
 */
export interface ScriptToolUseBlock {
  type: 'tool_use';
  name: string;
  input: Record<string, unknown>;
  id?: string;
}

/** Any content block a scripted turn may emit. */
export type ScriptBlock =
  | ScriptTextBlock
  | ScriptThinkingBlock
  | ScriptRedactedThinkingBlock
  | ScriptToolUseBlock;

/** The `stop_reason` values of the Messages API (SDK `StopReason`). */
export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/**
 * Usage counters a turn may force, replacing the computed ones (token rule in `tokens.ts`,
 * cache simulation in `cache.ts`). Forcing a value does not change the simulated cache state.
 */
export interface UsageOverride {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/**
 * Answer with an HTTP error in the API's envelope. `error_type` defaults from the status as the
 * API documents it (400 invalid_request_error, 401 authentication_error, 402 billing_error,
 * 403 permission_error, 404 not_found_error, 413 request_too_large, 429 rate_limit_error,
 * 500 api_error, 504 timeout_error, 529 overloaded_error). `retry_after` (seconds) sets the
 * `retry-after` header, `retry_after_ms` the `retry-after-ms` header the SDK also honours, and
 * `should_retry` the `x-should-retry` header that overrides the SDK's retry policy.
 */
export interface HttpFault {
  kind: 'http';
  status: number;
  error_type?: string;
  message?: string;
  retry_after?: number;
  retry_after_ms?: number;
  should_retry?: boolean;
}

/** Destroy the socket before any response header is written (the SDK sees a connection error). */
export interface ResetFault {
  kind: 'reset';
}

/**
 * Start a 200 response, then destroy the socket. Streaming: after `after_events` SSE events
 * (default 2: `message_start` and the first `content_block_start`). Non-streaming: after half the
 * JSON body (`after_events` is ignored).
 */
export interface CutFault {
  kind: 'cut';
  after_events?: number;
}

/**
 * Streaming: answer HTTP 200, send `after_events` SSE events of the real answer (default 0), then an
 * `event: error` with `{"type":"error","error":{"type":error_type,...}}` and end the stream.
 * `error_type` defaults to `overloaded_error`. Non-streaming requests cannot carry an SSE event, so
 * they get the HTTP status of that error type instead (529 for overloaded_error, 500 otherwise
 * unless the type maps to another status).
 */
export interface SseErrorFault {
  kind: 'sse_error';
  error_type?: string;
  message?: string;
  after_events?: number;
}

/**
 * Wait `ms` before the first byte, then serve the turn's answer in the same attempt. If the client
 * gives up during the wait (timeout, abort), the attempt is recorded as `abandoned` and the turn is
 * not consumed, so the retry gets it.
 */
export interface DelayFault {
  kind: 'delay';
  ms: number;
}

/** One injected failure, consumed by one request attempt. */
export type Fault = HttpFault | ResetFault | CutFault | SseErrorFault | DelayFault;

/**
 * Assertions a turn makes on the request that reaches it. Every given field must hold; a
 * mismatch answers HTTP 400 `invalid_request_error` with a readable diff and is recorded.
 * Strings match by substring; a list of strings requires each of them.
 */
export interface TurnExpectation {
  /** Exact `model` of the request. */
  model?: string;
  /** Substring(s) of the system prompt (string `system`, its text blocks, and `role: system` messages). */
  system_contains?: string | string[];
  /** Substring(s) of the text of the last `user` message (its text blocks; tool results excluded). */
  last_user_text_contains?: string | string[];
  /** Substring(s) of the content of the last `tool_result` block in the request. */
  last_tool_result_contains?: string | string[];
  /** Whether the last `tool_result` block has `is_error: true`. */
  last_tool_result_is_error?: boolean;
  /** Tool names (`tools[].name`) that must be offered. */
  tools_include?: string[];
  /** Tool names that must not be offered. */
  tools_exclude?: string[];
  /** Lower bound for `max_tokens`. */
  max_tokens_at_least?: number;
  /** Exact length of `messages`. */
  message_count?: number;
  /** Whether the request streams (`stream: true`). */
  stream?: boolean;
}

/** What a turn function receives: the request it answers. */
export interface TurnRequest {
  /** Parsed JSON body (a Messages API create request; not validated beyond basic shape). */
  body: Record<string, unknown>;
  /** Zero-based index of the turn in the scenario. */
  turnIndex: number;
  /** Zero-based attempt number for this turn (retries after faults increase it). */
  attempt: number;
}

/** A scripted model turn: what the model answers for one successful request. */
export interface TurnSpec {
  /** Label used in error messages and records; defaults to `turn N` (1-based). */
  label?: string;
  /** Content blocks; a string is shorthand for one text block. */
  content: string | ScriptBlock[];
  /** Defaults to `tool_use` when a tool_use block is present, else `end_turn`. */
  stop_reason?: StopReason;
  /** Response `model`; defaults to the scenario's `model`, else the request's. */
  model?: string;
  usage?: UsageOverride;
  expect?: TurnExpectation;
  /** Consumed one per attempt, in order, before the real answer is served. */
  faults?: Fault[];
  /** Milliseconds to wait between SSE events when streaming (default 0). */
  stream_delay_ms?: number;
}

/** A turn generated from the request it answers (called once per attempt). */
export type TurnFunction = (request: TurnRequest) => TurnSpec;

/** One step of a scenario. */
export type Turn = TurnSpec | TurnFunction;

/** An ordered script of model turns, played one turn per successful `POST /v1/messages`. */
export interface Scenario {
  name: string;
  /** Default response model; otherwise each response echoes the request's `model`. */
  model?: string;
  turns: Turn[];
}

/** What happened to one recorded request. */
export type RequestOutcome =
  | 'answered'
  | 'fault'
  | 'abandoned'
  | 'mismatch'
  | 'invalid'
  | 'exhausted'
  | 'counted'
  | 'not_found';

/** Usage as reported on the wire (non-null cache fields, as the API sends them). */
export interface WireUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  service_tier: 'standard';
}

/** One request as the fake saw it, with what it did about it. */
export interface RecordedRequest {
  /** 1-based arrival order. */
  seq: number;
  method: string;
  /** Path without the query string, e.g. `/v1/messages`. */
  path: string;
  /** Raw query string without `?` (the SDK adds `beta=true` for beta calls); '' when none. */
  query: string;
  /** Lower-cased request headers. */
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  /** `clock.now()` at arrival, in ms. */
  time: number;
  /** Whether the request asked for SSE (`stream: true`). */
  stream: boolean;
  /** Zero-based index of the turn this request was matched against, if any. */
  turn?: number;
  /** The fault applied to this attempt, if any. */
  fault?: Fault;
  outcome: RequestOutcome;
  /** HTTP status sent (0 when the socket was destroyed before headers). */
  status: number;
  /** `request-id` header sent. */
  requestId: string;
  /** Message id produced (answered, or partially streamed by a cut / sse_error fault). */
  messageId?: string;
  usage?: WireUsage;
}

/**
 * A request the fake refused: a turn expectation failed (`expectation`), the API's own validation
 * failed (`invalid_request`), the script had no turn left or none was loaded (`exhausted`), or a turn
 * function threw (`scenario_error`).
 */
export interface Mismatch {
  /** `seq` of the offending request. */
  seq: number;
  kind: 'expectation' | 'invalid_request' | 'exhausted' | 'scenario_error';
  turn?: number;
  /** The readable diff / reason, as sent in the 400 body. */
  message: string;
}

/** Source of time in ms; injected so cache TTLs can be tested without waiting. */
export interface Clock {
  now(): number;
}
