/**
 * The `on:` block of the agent spec: which workflow events an agent answers, with per-event filters.
 * Event and activity-type names are GitHub's ("Events that trigger workflows", docs.github.com);
 * `select.ts` applies the filters to an event.
 */
import { z } from 'zod';

const nonEmpty = z.string().min(1, { error: 'expected a non-empty string' });
const stringList = z.array(nonEmpty);
const CRON_PATTERN = /^\S+(\s+\S+){4}$/;

/** Event names an `on:` block may list; other GitHub events are not wired to Steward yet. */
export const TRIGGER_EVENTS = [
  'pull_request',
  'pull_request_target',
  'push',
  'issues',
  'issue_comment',
  'schedule',
  'workflow_dispatch',
] as const;

/** Activity types of the `pull_request` webhook event (GitHub docs, "Events that trigger workflows"). */
export const PULL_REQUEST_ACTIONS = [
  'assigned',
  'unassigned',
  'labeled',
  'unlabeled',
  'opened',
  'edited',
  'closed',
  'reopened',
  'synchronize',
  'converted_to_draft',
  'ready_for_review',
  'locked',
  'unlocked',
  'review_requested',
  'review_request_removed',
  'auto_merge_enabled',
  'auto_merge_disabled',
  'milestoned',
  'demilestoned',
  'enqueued',
  'dequeued',
] as const;

/** Activity types of the `issues` webhook event (GitHub docs, "Events that trigger workflows"). */
export const ISSUES_ACTIONS = [
  'opened',
  'edited',
  'deleted',
  'transferred',
  'pinned',
  'unpinned',
  'closed',
  'reopened',
  'assigned',
  'unassigned',
  'labeled',
  'unlabeled',
  'locked',
  'unlocked',
  'milestoned',
  'demilestoned',
  'typed',
  'untyped',
] as const;

// `null` (a key with no value) means "this event, unfiltered", as in a workflow file's `on:` block.
const filter = <T extends z.ZodType>(shape: T) => shape.nullable().transform((v) => v ?? ({} as z.output<T>));
const branchFilter = {
  branches: stringList.optional(),
  paths: stringList.optional(),
};

/** The `on:` block: event name → filter. Every event key is optional (see `TriggerSpec`). */
export const triggersSchema = z.strictObject({
  pull_request: filter(
    z.strictObject({ types: z.array(z.enum(PULL_REQUEST_ACTIONS)).optional(), ...branchFilter }),
  ),
  pull_request_target: filter(
    z.strictObject({ types: z.array(z.enum(PULL_REQUEST_ACTIONS)).optional(), ...branchFilter }),
  ),
  push: filter(z.strictObject(branchFilter)),
  issues: filter(
    z.strictObject({ types: z.array(z.enum(ISSUES_ACTIONS)).optional(), labels: stringList.optional() }),
  ),
  issue_comment: filter(
    z.strictObject({
      command: z
        .string()
        .regex(/^\S.*$/, { error: 'expected a command like /review' })
        .optional(),
      // DESIGN §5 invariant 2: edited or deleted comments never trigger, so `created` is the only type.
      types: z
        .array(z.literal('created', { error: 'expected created (edited or deleted comments never trigger)' }))
        .optional(),
    }),
  ),
  schedule: z
    .union([
      z.strictObject({}),
      z.array(
        z.strictObject({
          cron: z
            .string()
            .regex(CRON_PATTERN, { error: 'expected a five-field cron expression like "0 6 * * 1"' }),
        }),
      ),
    ])
    .nullable()
    .transform((v) => (Array.isArray(v) ? v : [])),
  workflow_dispatch: filter(z.strictObject({})),
});

/**
 * The `on:` block, normalized: each listed event maps to its filter (`{}` when the YAML value was `null`);
 * `schedule` becomes the list of crons it accepts (empty: any). Absent events never select the agent.
 */
export type TriggerSpec = Partial<z.output<typeof triggersSchema>>;
