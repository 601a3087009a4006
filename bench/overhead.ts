/**
 * Benchmark 2: harness overhead per turn. A 50-turn scripted session (one real tool call per
 * turn) runs in a child process; its wall time minus the fake model's server-side time and the
 * tools' own run time, divided by the turns, is what the harness itself costs per turn: building
 * the request, the SDK's serialization and stream parsing, events, the log, the loop.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchSpec, toolCycleScenario, writeProject } from './lib/scenarios.ts';
import { startSessionBench } from './lib/session-runner.ts';
import { median, repeat, round, spread, summarize } from './lib/stats.ts';
import { type BenchContext, type BenchResult, metric } from './lib/types.ts';

/** Runs the benchmark; see the module comment. */
export async function benchOverhead(ctx: BenchContext): Promise<BenchResult> {
  const turns = ctx.quick ? 10 : 50;
  const reps = ctx.quick ? 1 : 5;
  const workspace = writeProject(join(ctx.tmp, 'overhead-ws'));
  mkdirSync(workspace, { recursive: true });
  const bench = await startSessionBench(ctx.tmp);
  try {
    const runs = await repeat(reps, async (i) => {
      ctx.log(`overhead: session ${i + 1}/${reps} (${turns} turns)`);
      return bench.run(toolCycleScenario(turns), {
        specYaml: benchSpec(),
        prompt: 'Walk through the project one step at a time.',
        workspace,
      });
    });
    for (const r of runs) {
      if (r.turns !== turns || r.state !== 'completed')
        throw new Error(`session ended ${r.state} after ${r.turns} of ${turns} turns`);
    }
    const perTurn = runs.map((r) => (r.wallMs - r.serverMs - r.toolMs) / r.turns);
    const loopOnly = runs.map((r) => (r.wallMs - r.modelClientMs - r.toolMs) / r.turns);
    const sdk = runs.map((r) => (r.modelClientMs - r.serverMs) / r.turns);
    const overall = summarize(perTurn);
    const m = median(perTurn);
    const notes = [
      `Each session: ${turns} turns in a fresh Node process running src/session/run.ts (composeSession as the Action does), ` +
        `one tool call per turn (read, bash, glob, grep in rotation). Overhead = wall − the fake's server-side time per request ` +
        `(diagnostics channel, request start → response finish) − the tools' run time; the median is over ${reps} sessions of the per-turn mean.`,
      `Of the ${round(m, 2)} ms: the SDK client (request serialization, HTTP, SSE parsing) ${round(median(sdk), 2)} ms, ` +
        `the rest of the harness (request building, events, log writes, the loop) ${round(median(loopOnly), 2)} ms.`,
      `For scale: the fake itself took ${round(median(runs.map((r) => r.serverMs / r.turns)), 2)} ms and the tools ${round(median(runs.map((r) => r.toolMs / r.turns)), 2)} ms per turn ` +
        `(mean per call: ${Object.keys(runs[0]?.byTool ?? {})
          .sort()
          .map(
            (name) =>
              `${name} ${round(median(runs.map((r) => (r.byTool[name]?.ms ?? 0) / (r.byTool[name]?.calls || 1))), 1)} ms`,
          )
          .join(', ')}).`,
    ];
    if (m > 5) {
      const sdkShare = round((100 * median(sdk)) / m, 0);
      notes.push(
        `Missed by ${round(m - 5, 2)} ms per turn; ${sdkShare} % of the overhead is in the SDK client, the rest in Steward's loop.` +
          (turns < 50
            ? ` With only ${turns} turns, one-time costs of the first request (connection, lazy initialization of fetch and the SDK, cold JIT) weigh on the mean; the full run uses 50.`
            : ' Every turn re-serializes the whole conversation (JSON.stringify in the SDK) and parses the streamed answer event by event.'),
      );
    }
    return {
      id: 'overhead',
      title: 'Harness overhead per turn',
      metrics: [
        metric({
          id: 'overhead_ms_per_turn',
          label: `Harness overhead per turn (${turns}-turn session)`,
          value: round(m, 2),
          unit: 'ms',
          target: { op: '<=', value: 5 },
          detail: spread(overall, 2),
        }),
        metric({
          id: 'overhead_sdk_ms_per_turn',
          label: '… of which the SDK client',
          value: round(median(sdk), 2),
          unit: 'ms',
        }),
        metric({
          id: 'overhead_loop_ms_per_turn',
          label: '… of which the loop, events and log',
          value: round(median(loopOnly), 2),
          unit: 'ms',
        }),
      ],
      notes,
      details: {
        turns,
        sessions: runs.map((r) => ({
          wallMs: round(r.wallMs, 2),
          serverMs: round(r.serverMs, 2),
          modelClientMs: round(r.modelClientMs, 2),
          toolMs: round(r.toolMs, 2),
          toolCalls: r.toolCalls,
          turns: r.turns,
          maxRssMb: round(r.maxRssKb / 1024, 1),
        })),
      },
    };
  } finally {
    await bench.close();
  }
}
