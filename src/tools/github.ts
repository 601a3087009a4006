/**
 * Safe-output tools (DESIGN section 5, invariant 4): the only way an agent asks for a GitHub
 * write. During the session a tool only validates and RECORDS the request (an
 * {@link OutputIntent}) within per-type caps; nothing reaches GitHub until the session has ended,
 * when the harness applies the intents with its own token (src/github/apply.ts). The agent never
 * holds a token, and a tool error comes back to the model as an `is_error` result it can correct.
 */
import type { BetaTool } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { z } from 'zod';
import type { StewardTool, ToolOutcome } from './types.ts';

/** Per-session caps on recorded outputs. */
export const OUTPUT_CAPS = {
  comments: 3,
  /** GitHub refuses comment and review bodies over 65,536 characters. */
  bodyChars: 60_000,
  inlineComments: 30,
  titleChars: 256,
} as const;

/** What the spec's `outputs:` enables, and what the trigger allows, as the tools need it. */
export interface GitHubOutputConfig {
  /** `post_comment`. */
  comment: boolean;
  /** `submit_review` (pull requests only). */
  review: false | { inline: boolean; allowApprove: boolean };
  /** `open_pull_request`. */
  pullRequest: false | { draft: boolean };
  /** `push_to_branch` (same-repository pull requests only). */
  pushToBranch: boolean;
  /** Labels `add_labels` may add; empty disables the tool. */
  labels: readonly string[];
  /** `create_issue` with at most `max` issues. */
  createIssue: false | { max: number };
  /** JSON Schema of `submit_result`'s input; absent disables the tool. */
  resultSchema?: Record<string, unknown>;
  /** What the trigger is about: tools that cannot apply to it are not offered. */
  target: { kind: 'pull_request' | 'issue' | 'commit' | 'none'; sameRepository: boolean };
}

/** An inline review comment on a line of the pull request diff. */
export interface InlineComment {
  path: string;
  line: number;
  side?: 'LEFT' | 'RIGHT';
  start_line?: number;
  body: string;
}

/** One write the agent asked for, as recorded by its tool. */
export type OutputIntent =
  | { type: 'comment'; body: string }
  | {
      type: 'review';
      event: 'COMMENT' | 'REQUEST_CHANGES' | 'APPROVE';
      body: string;
      comments: InlineComment[];
    }
  | { type: 'pull_request'; title: string; body: string }
  | { type: 'push'; message: string }
  | { type: 'labels'; labels: string[] }
  | { type: 'issue'; title: string; body: string; labels: string[] }
  | { type: 'noop'; reason: string }
  | { type: 'result'; value: unknown };

/** The intents of one session, in the order the agent made them. */
export class OutputRecorder {
  readonly intents: OutputIntent[] = [];

  /** Intents of one type. */
  of<T extends OutputIntent['type']>(type: T): Array<Extract<OutputIntent, { type: T }>> {
    return this.intents.filter((i): i is Extract<OutputIntent, { type: T }> => i.type === type);
  }
}

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const ok = (content: string): ToolOutcome => ({ content, is_error: false });
const fail = (content: string): ToolOutcome => ({ content: `Error: ${content}`, is_error: true });
const APPLIED_LATER = 'It is applied with Steward’s token after the session ends.';

function tool<S extends z.ZodType>(
  name: string,
  description: string,
  input_schema: BetaTool['input_schema'],
  schema: S,
  record: (input: z.output<S>) => ToolOutcome,
): StewardTool {
  return {
    name,
    definition: { name, description, input_schema },
    permission: 'always_allow',
    async run(input: unknown): Promise<ToolOutcome> {
      const parsed = schema.safeParse(input);
      if (!parsed.success) return fail(`invalid input for ${name}:\n${z.prettifyError(parsed.error)}`);
      return record(parsed.data);
    },
  };
}

/**
 * The safe-output tools `config` enables, recording into `recorder`. `noop` is always offered, so
 * an agent can end with "nothing to do" and say why (terminal state `no_changes`).
 */
export function githubOutputTools(config: GitHubOutputConfig, recorder: OutputRecorder): StewardTool[] {
  const tools: StewardTool[] = [];
  const { target } = config;
  const thread = target.kind === 'pull_request' || target.kind === 'issue';

  if (config.comment && (thread || target.kind === 'commit')) {
    tools.push(
      tool(
        'post_comment',
        `Post a markdown comment on the ${target.kind === 'commit' ? 'pushed commit' : 'issue or pull request'} this task is about, in addition to your final answer. At most ${OUTPUT_CAPS.comments} per session. ${APPLIED_LATER}`,
        {
          type: 'object',
          properties: { body: { type: 'string', description: 'Markdown body' } },
          required: ['body'],
        },
        z.object({ body: text(OUTPUT_CAPS.bodyChars) }),
        ({ body }) => {
          if (recorder.of('comment').length >= OUTPUT_CAPS.comments)
            return fail(
              `at most ${OUTPUT_CAPS.comments} comments per session; put the rest in your final answer`,
            );
          recorder.intents.push({ type: 'comment', body });
          return ok(`Comment recorded. ${APPLIED_LATER}`);
        },
      ),
    );
  }

  const review = config.review;
  if (review && target.kind === 'pull_request') {
    const events = review.allowApprove
      ? ['COMMENT', 'REQUEST_CHANGES', 'APPROVE']
      : ['COMMENT', 'REQUEST_CHANGES'];
    const inline = z.object({
      path: text(1000),
      line: z.int().positive(),
      side: z.enum(['LEFT', 'RIGHT']).optional(),
      start_line: z.int().positive().optional(),
      body: text(OUTPUT_CAPS.bodyChars),
    });
    tools.push(
      tool(
        'submit_review',
        `Submit one review of the pull request: a summary and ${review.inline ? 'inline comments on lines of the diff (line numbers of the new file, side RIGHT; LEFT for removed lines)' : 'no inline comments'}. Event ${events.join(', ')}. One review per session. ${APPLIED_LATER}`,
        {
          type: 'object',
          properties: {
            event: { type: 'string', enum: events },
            body: { type: 'string', description: 'Review summary (markdown)' },
            ...(review.inline
              ? {
                  comments: {
                    type: 'array',
                    maxItems: OUTPUT_CAPS.inlineComments,
                    items: {
                      type: 'object',
                      properties: {
                        path: { type: 'string' },
                        line: { type: 'integer' },
                        side: { type: 'string', enum: ['LEFT', 'RIGHT'] },
                        start_line: { type: 'integer', description: 'First line of a multi-line comment' },
                        body: { type: 'string' },
                      },
                      required: ['path', 'line', 'body'],
                    },
                  },
                }
              : {}),
          },
          required: ['event', 'body'],
        },
        z.object({
          event: z.string(),
          body: text(OUTPUT_CAPS.bodyChars),
          comments: z.array(inline).max(OUTPUT_CAPS.inlineComments).default([]),
        }),
        (input) => {
          if (!events.includes(input.event))
            return fail(
              input.event === 'APPROVE'
                ? 'this agent may not approve (outputs.review.allow_approve is false); use COMMENT'
                : `event must be one of ${events.join(', ')}`,
            );
          if (!review.inline && input.comments.length > 0)
            return fail(
              'inline comments are off for this agent (outputs.review.inline: false); put them in the body',
            );
          if (recorder.of('review').length > 0) return fail('a review was already submitted in this session');
          recorder.intents.push({
            type: 'review',
            event: input.event as 'COMMENT' | 'REQUEST_CHANGES' | 'APPROVE',
            body: input.body,
            comments: input.comments.map((c) => ({ ...c })),
          });
          return ok(
            `Review recorded (${input.event}, ${input.comments.length} inline comments). ${APPLIED_LATER}`,
          );
        },
      ),
    );
  }

  const changes = () => recorder.intents.some((i) => i.type === 'pull_request' || i.type === 'push');
  if (config.pullRequest) {
    tools.push(
      tool(
        'open_pull_request',
        `Publish the changes you made in the workspace as a ${config.pullRequest.draft ? 'draft ' : ''}pull request: Steward commits every changed file to a new branch and opens the pull request, linking this task. Make your edits first; call this once at the end. ${APPLIED_LATER}`,
        {
          type: 'object',
          properties: {
            title: { type: 'string', description: 'Pull request title; also the commit message subject' },
            body: { type: 'string', description: 'Pull request description (markdown)' },
          },
          required: ['title', 'body'],
        },
        z.object({ title: text(OUTPUT_CAPS.titleChars), body: z.string().max(OUTPUT_CAPS.bodyChars) }),
        ({ title, body }) => {
          if (changes()) return fail('the changes are already being published in this session');
          recorder.intents.push({ type: 'pull_request', title, body });
          return ok(`Pull request recorded. ${APPLIED_LATER}`);
        },
      ),
    );
  }
  if (config.pushToBranch && target.kind === 'pull_request' && target.sameRepository) {
    tools.push(
      tool(
        'push_to_branch',
        `Commit the changes you made in the workspace to this pull request's own branch. Call this once at the end. ${APPLIED_LATER}`,
        {
          type: 'object',
          properties: { message: { type: 'string', description: 'Commit message' } },
          required: ['message'],
        },
        z.object({ message: text(10_000) }),
        ({ message }) => {
          if (changes()) return fail('the changes are already being published in this session');
          recorder.intents.push({ type: 'push', message });
          return ok(`Push recorded. ${APPLIED_LATER}`);
        },
      ),
    );
  }

  if (config.labels.length > 0 && thread) {
    const allowed = [...config.labels];
    tools.push(
      tool(
        'add_labels',
        `Add labels to the issue or pull request. Only these labels are allowed: ${allowed.join(', ')}. ${APPLIED_LATER}`,
        {
          type: 'object',
          properties: { labels: { type: 'array', items: { type: 'string', enum: allowed }, minItems: 1 } },
          required: ['labels'],
        },
        z.object({ labels: z.array(z.string()).min(1) }),
        ({ labels }) => {
          const refused = labels.filter((l) => !allowed.includes(l));
          if (refused.length > 0)
            return fail(`not allowed: ${refused.join(', ')}; allowed labels are ${allowed.join(', ')}`);
          recorder.intents.push({ type: 'labels', labels: [...new Set(labels)] });
          return ok(`Labels recorded. ${APPLIED_LATER}`);
        },
      ),
    );
  }

  const createIssue = config.createIssue;
  if (createIssue) {
    tools.push(
      tool(
        'create_issue',
        `Open a new issue in this repository. At most ${createIssue.max} per session. ${APPLIED_LATER}`,
        {
          type: 'object',
          properties: {
            title: { type: 'string' },
            body: { type: 'string', description: 'Markdown body' },
            labels: {
              type: 'array',
              items: { type: 'string' },
              description: `Only from: ${config.labels.join(', ') || '(none allowed)'}`,
            },
          },
          required: ['title', 'body'],
        },
        z.object({
          title: text(OUTPUT_CAPS.titleChars),
          body: z.string().max(OUTPUT_CAPS.bodyChars),
          labels: z.array(z.string()).default([]),
        }),
        ({ title, body, labels }) => {
          if (recorder.of('issue').length >= createIssue.max)
            return fail(
              `at most ${createIssue.max} new issue${createIssue.max === 1 ? '' : 's'} per session`,
            );
          const refused = labels.filter((l) => !config.labels.includes(l));
          if (refused.length > 0) return fail(`labels not allowed: ${refused.join(', ')}`);
          recorder.intents.push({ type: 'issue', title, body, labels });
          return ok(`Issue recorded. ${APPLIED_LATER}`);
        },
      ),
    );
  }

  if (config.resultSchema) tools.push(resultTool(config.resultSchema, recorder));

  tools.push(
    tool(
      'noop',
      'Say that nothing needs to be done for this task, and why. The run ends as "no changes needed" with your reason.',
      { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'] },
      z.object({ reason: text(10_000) }),
      ({ reason }) => {
        recorder.intents.push({ type: 'noop', reason });
        return ok('Noted: nothing to do. End your turn with a short final answer.');
      },
    ),
  );
  return tools;
}

/** `submit_result`: the structured result, validated against the spec's `outputs.result_schema`. */
function resultTool(schema: Record<string, unknown>, recorder: OutputRecorder): StewardTool {
  const isObject = schema.type === 'object';
  // The Messages API wants an object schema for tool input; other result types are wrapped.
  const inputSchema = (
    isObject ? schema : { type: 'object', properties: { value: schema }, required: ['value'] }
  ) as BetaTool['input_schema'];
  let validator: z.ZodType;
  try {
    validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    validator = z.unknown();
  }
  return {
    name: 'submit_result',
    definition: {
      name: 'submit_result',
      description:
        'Submit the structured result of this task. Call it once, before your final answer; a later call replaces it.',
      input_schema: inputSchema,
    },
    permission: 'always_allow',
    async run(input: unknown): Promise<ToolOutcome> {
      const value = isObject ? input : (input as { value?: unknown } | null)?.value;
      const parsed = validator.safeParse(value);
      if (!parsed.success)
        return fail(`the result does not match the schema:\n${z.prettifyError(parsed.error)}`);
      const previous = recorder.intents.findIndex((i) => i.type === 'result');
      if (previous >= 0) recorder.intents.splice(previous, 1);
      recorder.intents.push({ type: 'result', value });
      return ok('Result recorded.');
    },
  };
}
