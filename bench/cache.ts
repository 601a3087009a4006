/**
 * Benchmark 3: prompt-cache efficiency. A 30-turn scripted tool loop against the fake Messages
 * API, whose cache simulation follows the request's `cache_control` breakpoints: the share of input
 * tokens read from the cache, and the input tokens per turn (all of them, and those not read from
 * the cache, which is what a turn costs at full or cache-write price).
 */
import { join } from 'node:path';
import { minCacheableTokens } from '../test/fakes/messages/index.ts';
import type { RecordedRequest } from '../test/fakes/messages/types.ts';
import { BENCH_MODEL, benchSpec, toolCycleScenario, writeProject } from './lib/scenarios.ts';
import { startSessionBench } from './lib/session-runner.ts';
import { round } from './lib/stats.ts';
import { type BenchContext, type BenchResult, metric } from './lib/types.ts';

/** Token totals over the answered requests of a session. */
export interface CacheFigures {
  requests: number;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  /** All input tokens: uncached + cache read + cache write. */
  total: number;
  /** Cache read / total, in percent. */
  readShare: number;
}

/** Sums the usage the fake reported for the answered requests in `requests`. */
export function cacheFigures(requests: readonly RecordedRequest[]): CacheFigures {
  const answered = requests.filter((r) => r.outcome === 'answered' && r.usage);
  let input = 0;
  let cacheRead = 0;
  let cacheWrite = 0;
  for (const r of answered) {
    input += r.usage?.input_tokens ?? 0;
    cacheRead += r.usage?.cache_read_input_tokens ?? 0;
    cacheWrite += r.usage?.cache_creation_input_tokens ?? 0;
  }
  const total = input + cacheRead + cacheWrite;
  return {
    requests: answered.length,
    input,
    cacheRead,
    cacheWrite,
    total,
    readShare: total > 0 ? (100 * cacheRead) / total : 0,
  };
}

const MIN_PREFIX = minCacheableTokens(BENCH_MODEL);

/** Runs the benchmark; see the module comment. Token counts are deterministic: one run. */
export async function benchCache(ctx: BenchContext): Promise<BenchResult> {
  const turns = ctx.quick ? 10 : 30;
  const workspace = writeProject(join(ctx.tmp, 'cache-ws'));
  const bench = await startSessionBench(ctx.tmp);
  try {
    ctx.log(`cache: one ${turns}-turn session`);
    const run = await bench.run(toolCycleScenario(turns), {
      specYaml: benchSpec(),
      prompt: 'Walk through the project one step at a time.',
      workspace,
    });
    const f = cacheFigures(run.requests);
    const perTurn = f.total / f.requests;
    const uncachedPerTurn = (f.input + f.cacheWrite) / f.requests;
    const answered = run.requests.filter((r) => r.outcome === 'answered');
    const firstWrite = answered.findIndex((r) => (r.usage?.cache_creation_input_tokens ?? 0) > 0);
    const warm = firstWrite >= 0 ? cacheFigures(answered.slice(firstWrite + 1)) : undefined;
    const firstTurn = answered[0]?.usage;
    const firstTotal =
      (firstTurn?.input_tokens ?? 0) +
      (firstTurn?.cache_read_input_tokens ?? 0) +
      (firstTurn?.cache_creation_input_tokens ?? 0);
    return {
      id: 'cache',
      title: `Prompt-cache efficiency (${turns}-turn session)`,
      metrics: [
        metric({
          id: 'cache_read_share_pct',
          label: 'Input tokens read from the cache',
          value: round(f.readShare, 1),
          unit: '%',
          detail: `${f.cacheRead} of ${f.total} tokens`,
        }),
        metric({
          id: 'cache_read_share_warm_pct',
          label: 'Read from the cache, turns after the first cache write',
          value: warm ? round(warm.readShare, 1) : null,
          unit: '%',
          detail: warm
            ? `turns ${firstWrite + 2}–${answered.length}`
            : 'the prompt never reached the minimum',
        }),
        metric({
          id: 'input_tokens_per_turn',
          label: 'Input tokens per turn (all)',
          value: round(perTurn, 0),
          unit: 'tokens',
        }),
        metric({
          id: 'uncached_tokens_per_turn',
          label: 'Input tokens per turn not read from the cache (uncached + cache writes)',
          value: round(uncachedPerTurn, 0),
          unit: 'tokens',
        }),
      ],
      notes: [
        `Breakpoints as Steward sends them (src/session/request.ts): last tool definition, system prompt, last message block. ` +
          `The fake counts tokens as UTF-8 bytes / 4 (test/fakes/README.md), so the counts are approximate; the shares follow the documented cache rules.`,
        firstWrite > 0
          ? `The first request is only ${firstTotal} tokens, below the ${MIN_PREFIX}-token minimum cacheable prefix of ${BENCH_MODEL}, so the first ${firstWrite} ` +
            `turns cannot be cached at all (nothing is written or read; the API would do the same). That, not the breakpoints, is why the whole-session share is ` +
            `${round(f.readShare, 0)} %: once the conversation passes the minimum, each turn reads the previous turn's prefix (${warm ? round(warm.readShare, 0) : '–'} %). ` +
            'Small requests are the better outcome: the uncached tokens per turn are what a turn costs.'
          : firstWrite === 0
            ? 'Every turn from the second on reads the previous turn’s prefix and writes only what the turn added.'
            : `No request reached the ${MIN_PREFIX}-token minimum cacheable prefix of ${BENCH_MODEL} (the first was ${firstTotal} tokens), so nothing could be cached.`,
      ],
      details: { turns, ...f, perRequest: run.requests.map((r) => r.usage) },
    };
  } finally {
    await bench.close();
  }
}
