import Anthropic from '@anthropic-ai/sdk';
import type {
  BetaMessage,
  BetaRawMessageStreamEvent,
  MessageCreateParamsNonStreaming,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';

/** The model providers Steward can talk to. */
export type Provider = 'anthropic';

/** Settings for {@link createModelClient}. */
export interface ModelClientOptions {
  provider?: Provider;
  /** API key; never logged, never passed to tools. */
  apiKey: string;
  /** Base URL of the Messages API (the fake server in tests); default the SDK's. */
  baseURL?: string;
  /**
   * Retries the SDK makes itself for failures before the response headers (408, 409, 429, 5xx,
   * connection errors), with its own backoff and `retry-after` handling. Default 2.
   */
  maxRetries?: number;
  /** Per-request timeout in ms; default 10 minutes, the SDK's default for long generations. */
  timeoutMs?: number;
}

/** The request body Steward sends: the beta Messages API params (context editing, caching). */
export type ModelRequest = MessageCreateParamsNonStreaming;

/** A model response: the beta Messages API message. */
export type ModelResponse = BetaMessage;

/** Receives raw stream events as they arrive (progress display, benchmarks). */
export type StreamListener = (event: BetaRawMessageStreamEvent) => void;

/**
 * The one thing the session loop needs from the model: send a request, get the whole message.
 * Implementations stream under the hood so long generations do not hit HTTP timeouts.
 */
export interface ModelClient {
  /**
   * Streams one Messages API request and resolves with the final message.
   * @throws the SDK's error (`APIError` subclasses, `APIConnectionError`, `AnthropicError` for a
   *   stream that ended early); classify it with `classifyModelError`.
   */
  createMessage(
    request: ModelRequest,
    signal?: AbortSignal,
    onEvent?: StreamListener,
  ): Promise<ModelResponse>;
}

/**
 * Builds the SDK client for `options.provider`. Only the first-party API is wired so far;
 * Bedrock and Vertex need their SDK packages (`@anthropic-ai/bedrock-sdk`, `vertex-sdk`).
 *
 * @throws Error naming the provider when it is not supported.
 */
export function createModelClient(options: ModelClientOptions): ModelClient {
  const provider = options.provider ?? 'anthropic';
  if (provider !== 'anthropic') {
    throw new Error(`provider "${provider}" is not supported; use "anthropic"`);
  }
  const sdk = new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 600_000,
  });
  return {
    async createMessage(request, signal, onEvent) {
      const stream = sdk.beta.messages.stream(request, signal ? { signal } : {});
      if (onEvent) stream.on('streamEvent', onEvent);
      return stream.finalMessage();
    },
  };
}
