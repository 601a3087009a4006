/**
 * The event vocabulary of a Steward session.
 *
 * Every event is a Managed Agents session event object (`id`, `type`, `processed_at`, fields) as
 * typed by `@anthropic-ai/sdk` (`resources/beta/sessions/events.ts`,
 * `BetaManagedAgentsSessionEvent`). What Managed Agents lacks lives in the `steward.*` namespace
 * (DESIGN section 1), never in a bent Managed Agents field.
 */
import type {
  BetaManagedAgentsSessionEvent,
  BetaManagedAgentsSessionStatusIdleEvent,
  BetaManagedAgentsSpanModelUsage,
} from '@anthropic-ai/sdk/resources/beta/sessions/events';

/** A Steward-only event: `type` is `steward.<name>`; other fields are specific to the name. */
export interface StewardNamespaceEvent {
  /** Unique id, `sevt_` prefixed like Managed Agents event ids. */
  id: string;
  type: `steward.${string}`;
  /** RFC 3339 timestamp of when the harness recorded the event. */
  processed_at: string;
  [field: string]: unknown;
}

/** One line of `events.jsonl`. */
export type SessionEvent = BetaManagedAgentsSessionEvent | StewardNamespaceEvent;

/** The `type` strings of {@link SessionEvent}. */
export type SessionEventType = SessionEvent['type'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * What a producer hands to {@link EventSink.emit}: an event without `processed_at`, and with an
 * optional `id` (the sink assigns one when absent). `agent.tool_use` events carry the Messages API
 * `tool_use` block id as their `id`, so `agent.tool_result.tool_use_id` matches both.
 */
export type EventInput = DistributiveOmit<SessionEvent, 'id' | 'processed_at'> & { id?: string };

/** The receiver of emitted events. The loop only ever talks to this. */
export interface EventSink {
  /** Records `event`, stamping `id` and `processed_at`, and returns the stored event. */
  emit(event: EventInput): SessionEvent;
}

/** `stop_reason` of `session.status_idle`, as typed by the SDK. */
export type StopReason = BetaManagedAgentsSessionStatusIdleEvent['stop_reason'];

/** Token usage of one model request (`span.model_request_end.model_usage`), in tokens. */
export type ModelUsage = BetaManagedAgentsSpanModelUsage;
