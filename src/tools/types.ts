import type {
  BetaTool,
  BetaToolResultContentBlockParam,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';

/** Managed Agents permission policies (`permission_policy.type`). */
export type PermissionPolicy = 'always_allow' | 'always_ask';

/** What a tool run produced: content for the `tool_result` block, and whether it failed. */
export interface ToolOutcome {
  content: string | BetaToolResultContentBlockParam[];
  /** True when the model should read `content` as an error (bad input, failing command, denial). */
  is_error: boolean;
}

/**
 * A tool the session can offer the model. `definition` is what the Messages API receives in
 * `tools`; `run` executes one call. A tool never throws for anything the model can react to:
 * those come back as `is_error` outcomes (the first error channel).
 */
export interface StewardTool {
  readonly name: string;
  readonly definition: BetaTool;
  readonly permission: PermissionPolicy;
  /** Runs one call with the model's raw `input`. */
  run(input: unknown, signal?: AbortSignal): Promise<ToolOutcome>;
  /** Releases held resources (a shell process); called once when the session ends. */
  close?(): Promise<void> | void;
}
