import type { BetaTool } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { ModelUsage } from '../events/types.ts';
import { billedTokens } from '../model/pricing.ts';
import type { OutcomeSpec } from '../spec/index.ts';
import type { CheckRunner } from './checks.ts';
import { callModel, type Halt, type ModelCallContext } from './model-turn.ts';
import { fixedBytes, messagesBytes, type RequestTemplate } from './request.ts';

/**
 * Verdicts of an outcome evaluation (`span.outcome_evaluation_end.result`, Managed Agents):
 * `satisfied` (done), `needs_revision` (another attempt follows), `max_iterations_reached`
 * (still unmet, no attempts left), `failed` (the grader found the rubric does not apply, or the
 * evaluation could not run), `interrupted` (the session was stopped during the evaluation).
 */
export type OutcomeResult =
  | 'satisfied'
  | 'needs_revision'
  | 'max_iterations_reached'
  | 'failed'
  | 'interrupted';

/** What one evaluation found. */
export interface OutcomeEvaluation {
  result: OutcomeResult;
  /** Why: the failing checks' output, or the grader's explanation. */
  explanation: string;
  /** Set when a budget stopped the grader request, or that request failed for good. */
  stop?: Halt;
}

/** What {@link evaluateOutcome} needs. */
export interface OutcomeContext extends ModelCallContext {
  spec: OutcomeSpec;
  /** The `outc_` id of `user.define_outcome`, referenced by every span event. */
  outcomeId: string;
  /** Runs the checks (session/checks.ts); undefined when the session cannot run commands. */
  runCheck: CheckRunner | undefined;
  /** The session's request template: the grader uses its model and output limit. */
  template: RequestTemplate;
}

/**
 * The note that tells the agent what "done" means, sent with the task: the outcome's
 * description, rubric and checks, and that they are verified after it finishes.
 */
export function outcomeNote(spec: OutcomeSpec): string {
  const parts = [
    '[Steward] Definition of done for this task. It is verified when you finish; unmet, you get it back to revise.',
  ];
  if (spec.description) parts.push(`Outcome: ${spec.description}`);
  if (spec.checks.length > 0) {
    parts.push(
      `Commands that must succeed in the workspace: ${spec.checks.map((c) => `\`${c.run}\``).join(', ')}`,
    );
  }
  if (spec.rubric) parts.push(`Rubric:\n${spec.rubric}`);
  return parts.join('\n');
}

/** The note that sends the agent back to work after an evaluation found the outcome unmet. */
export function revisionNote(evaluation: OutcomeEvaluation, iteration: number, max: number): string {
  return `[Steward] The outcome is not met yet (evaluation ${iteration + 1} of ${max}):\n${evaluation.explanation}\nFix this, then finish with your final answer again.`;
}

/**
 * Evaluates the outcome after the agent ended its turn: runs the declared checks in order, then,
 * when every check passed and a rubric is given, asks a grader model. Emits
 * `span.outcome_evaluation_start`, one `span.outcome_evaluation_ongoing` per check and for the
 * grader (a heartbeat), and `span.outcome_evaluation_end` with the verdict, its explanation and
 * the grader's usage. `iteration` is 0-based; a failing evaluation at the last allowed iteration
 * is `max_iterations_reached` instead of `needs_revision`. Never throws.
 */
export async function evaluateOutcome(
  ctx: OutcomeContext,
  iteration: number,
  answer: string,
): Promise<OutcomeEvaluation> {
  const ids = { iteration, outcome_id: ctx.outcomeId };
  const start = ctx.events.emit({ type: 'span.outcome_evaluation_start', ...ids });
  let usage: ModelUsage = {
    input_tokens: 0,
    output_tokens: 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  const evaluation = await (async (): Promise<OutcomeEvaluation> => {
    const failures: string[] = [];
    for (const check of ctx.spec.checks) {
      if (!ctx.runCheck) {
        return {
          result: 'failed',
          explanation: 'outcome checks need the bash tool or a workspace to run in',
        };
      }
      ctx.events.emit({ type: 'span.outcome_evaluation_ongoing', ...ids });
      const r = await ctx.runCheck(check.run, check.timeout_minutes * 60_000, ctx.signal);
      if (ctx.signal?.aborted)
        return { result: 'interrupted', explanation: 'the session was stopped during the checks' };
      if (!r.passed) failures.push(`Check \`${check.run}\` failed:\n${r.output.trim() || '(no output)'}`);
    }
    if (failures.length > 0) return { result: 'needs_revision', explanation: failures.join('\n\n') };
    if (!ctx.spec.rubric) {
      return { result: 'satisfied', explanation: `All ${ctx.spec.checks.length} checks passed.` };
    }
    ctx.events.emit({ type: 'span.outcome_evaluation_ongoing', ...ids });
    const graded = await grade(ctx, answer);
    if ('usage' in graded && graded.usage) usage = graded.usage;
    return graded.evaluation;
  })();
  const result =
    evaluation.result === 'needs_revision' && iteration + 1 >= ctx.spec.max_iterations
      ? 'max_iterations_reached'
      : evaluation.result;
  ctx.events.emit({
    type: 'span.outcome_evaluation_end',
    outcome_evaluation_start_id: start.id,
    ...ids,
    result,
    explanation: evaluation.explanation,
    usage,
  });
  return { ...evaluation, result };
}

const GRADE_TOOL: BetaTool = {
  name: 'submit_grade',
  description: 'Submit the verdict on the work against the rubric.',
  input_schema: {
    type: 'object',
    properties: {
      result: {
        type: 'string',
        enum: ['satisfied', 'needs_revision', 'failed'],
        description:
          'satisfied: every rubric criterion is met; needs_revision: some criterion is not met; failed: the rubric does not apply to this work',
      },
      explanation: {
        type: 'string',
        description: 'Which criteria are unmet and why, or why the work passes',
      },
    },
    required: ['result', 'explanation'],
  },
};

const GRADER_SYSTEM =
  'You grade the work of an autonomous coding agent against a rubric. Judge only from what you are shown; ' +
  'be strict about every criterion, and explain unmet criteria so the agent can fix them. Answer by calling submit_grade.';

/** One grader request; its verdict, or why there is none. */
async function grade(
  ctx: OutcomeContext,
  answer: string,
): Promise<{ evaluation: OutcomeEvaluation; usage?: ModelUsage }> {
  const spec = ctx.spec;
  const text = [
    spec.description ? `## Outcome\n${spec.description}` : '',
    `## Rubric\n${spec.rubric}`,
    spec.checks.length > 0
      ? `## Checks\nAll passed: ${spec.checks.map((c) => `\`${c.run}\``).join(', ')}`
      : '',
    `## The agent's final answer\n${answer || '(empty)'}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  const messages = [{ role: 'user' as const, content: [{ type: 'text' as const, text }] }];
  const template: RequestTemplate = {
    model: ctx.template.model,
    system: GRADER_SYSTEM,
    tools: [GRADE_TOOL],
    maxTokens: 2048,
  };
  const plan = ctx.budget.plan(
    ctx.budget.estimateInputTokens(messagesBytes(messages), fixedBytes(template)),
    2048,
  );
  if (!plan.ok) {
    return {
      evaluation: {
        result: 'failed',
        explanation: `the grader could not run: the ${plan.limit} budget is spent`,
        stop: { limit: plan.limit },
      },
    };
  }
  const call = await callModel(ctx, {
    model: template.model,
    max_tokens: plan.maxTokens,
    system: GRADER_SYSTEM,
    tools: [GRADE_TOOL],
    tool_choice: { type: 'tool', name: GRADE_TOOL.name },
    messages,
  });
  if (!call.ok) {
    const why = call.aborted ? 'the session was stopped' : call.failure.message;
    return {
      evaluation: {
        result: call.aborted ? 'interrupted' : 'failed',
        explanation: `the grader request failed: ${why}`,
        stop: { call },
      },
    };
  }
  const { cache_creation_1h_input_tokens: _, ...usage } = billedTokens(call.message.usage);
  const verdict = call.message.content.find((b) => b.type === 'tool_use' && b.name === GRADE_TOOL.name);
  const input = (verdict?.type === 'tool_use' ? verdict.input : undefined) as
    | { result?: unknown; explanation?: unknown }
    | undefined;
  const result = input?.result;
  if (result !== 'satisfied' && result !== 'needs_revision' && result !== 'failed') {
    return { evaluation: { result: 'failed', explanation: 'the grader gave no verdict' }, usage };
  }
  return { evaluation: { result, explanation: String(input?.explanation ?? '') }, usage };
}
