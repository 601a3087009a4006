import * as core from '@actions/core';
import { readActionInputs } from './inputs.ts';
import { runAction } from './run.ts';

// Composition root of the Action's main step. GitHub sends SIGINT, then SIGTERM, on cancel: abort
// the session so it stops at the next boundary and the post step uploads what was logged.
const controller = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => controller.abort(new Error(`received ${sig}`)));

try {
  const outcome = await runAction(readActionInputs(), controller.signal);
  if (!outcome.ok) core.setFailed('Steward: the session ended in error; see the comment and the job summary');
} catch (err) {
  core.setFailed(`Steward: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
}
