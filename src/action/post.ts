import { readActionInputs } from './inputs.ts';
import { recoverUnfinished } from './recover.ts';

// Composition root of the Action's post step (`post-if: always()`): finishes what a cancelled,
// killed or crashed main step left (src/action/recover.ts).
await recoverUnfinished(readActionInputs);
