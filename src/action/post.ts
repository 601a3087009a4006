import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { uploadSessionArtifact } from '../github/artifacts.ts';
import { STATE } from './run.ts';

// Composition root of the Action's post step (`post-if: always()`): when the main step did not
// finish a session (cancelled, killed, crashed), upload the event log written so far, so nothing
// is lost (DESIGN section 5, invariant 6).
const outDir = core.getState(STATE.outDir);
const sessionId = core.getState(STATE.sessionId);
const done = core.getState(STATE.done) === 'true';
if (outDir && sessionId && !done && existsSync(join(outDir, 'events.jsonl'))) {
  try {
    const uploaded = await uploadSessionArtifact(sessionId, outDir);
    core.info(
      `Steward: uploaded the event log of unfinished session ${sessionId} as artifact ${uploaded.name}`,
    );
  } catch (err) {
    core.warning(`Steward: could not upload the event log of session ${sessionId}: ${String(err)}`);
  }
}
