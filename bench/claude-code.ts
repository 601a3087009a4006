/**
 * Benchmark 7: side by side with the engine of the nearest peer. The Claude Code CLI
 * (`@anthropic-ai/claude-code` 2.1.328, installed and timed into a scratch prefix, never into the
 * project) and Steward's CLI do the same task (read src/math.js, run the tests, answer) against
 * the same fake Messages API, each with the scenario scripted for its own tool names. Both run
 * through the same launcher in a network namespace with only loopback (bench/lib/isolation.ts),
 * so neither can reach another host, and the timing path is the same for both.
 *
 * Quick runs skip the install and run Steward's side only, to keep the code path working.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeMessagesApi } from '../test/fakes/messages/index.ts';
import type { RecordedRequest, Scenario } from '../test/fakes/messages/types.ts';
import { cacheFigures } from './cache.ts';
import { runChild } from './lib/child.ts';
import { isolationProblem, startIsolatedRunner } from './lib/isolation.ts';
import type { LaunchResult } from './lib/netns-launch.ts';
import { type RequestParts, requestParts } from './lib/request-parts.ts';
import {
  BENCH_MODEL,
  benchSpec,
  claudeCodeTools,
  STEWARD_TOOLS,
  sideBySideScenario,
  TASK_ANSWER,
  TASK_PROMPT,
  writeProject,
} from './lib/scenarios.ts';
import { median, round, type Summary, spread, summarize } from './lib/stats.ts';
import { type BenchContext, type BenchResult, type Metric, metric } from './lib/types.ts';

/** The Claude Code release compared (issue 7). */
export const CLAUDE_CODE_VERSION = '2.1.328';

/** Environment that turns off Claude Code's own traffic (the network namespace enforces it anyway). */
const QUIET_ENV = {
  DISABLE_TELEMETRY: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_ERROR_REPORTING: '1',
  DISABLE_BUG_COMMAND: '1',
  DISABLE_NON_ESSENTIAL_MODEL_CALLS: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
};

/** One harness run's figures. */
interface HarnessRun {
  firstRequestMs: number;
  /** First byte of every request (ms after spawn), then the exit. */
  timeline: number[];
  wallMs: number;
  cpuS: number;
  peakRssMb: number;
  mainRequests: number;
  sideRequests: number;
  otherPaths: string[];
  firstRequest: RequestParts;
  bytesPerTurn: number;
  cache: ReturnType<typeof cacheFigures>;
}

/** Figures of one harness over its runs. */
interface HarnessFigures {
  firstRequestMs: Summary;
  wallMs: Summary;
  cpuS: Summary;
  peakRssMb: Summary;
  runs: HarnessRun[];
}

/** Bytes of the files under `dir`, each hard-linked file once (as `du` counts). */
function dirBytes(dir: string, seen = new Set<string>()): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p, seen);
    else if (e.isFile()) {
      const st = statSync(p);
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) continue;
      seen.add(key);
      total += st.size;
    }
  }
  return total;
}

/** Makes the task's project, as a git repository (both harnesses look at git state). */
function project(dir: string): string {
  writeProject(dir);
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'project');
  return dir;
}

/** Figures of one run from the launcher's result and the requests the fake recorded. */
function harnessRun(
  launched: LaunchResult,
  requests: readonly RecordedRequest[],
  marker: string,
  answerText: (stdout: string) => string,
): HarnessRun {
  if (launched.exitCode !== 0)
    throw new Error(
      `exit ${launched.exitCode}:\n${launched.stdout.slice(-1500)}\n${launched.stderr.slice(-1500)}`,
    );
  const answer = answerText(launched.stdout);
  if (!answer.includes(TASK_ANSWER)) throw new Error(`unexpected answer: ${answer.slice(0, 500)}`);
  const messages = requests.filter((r) => r.path === '/v1/messages' && r.outcome === 'answered');
  const main = messages.filter((r) =>
    ((r.body as { tools?: Array<{ name?: string }> }).tools ?? []).some((t) => t.name === marker),
  );
  const first = main[0];
  if (!first) throw new Error('no main-loop request reached the fake');
  const firstStart = launched.exchanges[0]?.start ?? Number.NaN;
  return {
    firstRequestMs: firstStart,
    timeline: [...launched.exchanges.map((e) => e.start), launched.wallMs],
    wallMs: launched.wallMs,
    cpuS: launched.cpuS ?? Number.NaN,
    peakRssMb: launched.peakRssMb ?? Number.NaN,
    mainRequests: main.length,
    sideRequests: messages.length - main.length,
    otherPaths: requests.filter((r) => r.path !== '/v1/messages').map((r) => `${r.method} ${r.path}`),
    firstRequest: requestParts(first.body as Record<string, unknown>),
    bytesPerTurn:
      main.reduce((a, r) => a + Buffer.byteLength(JSON.stringify(r.body)), 0) / Math.max(1, main.length),
    cache: cacheFigures(messages),
  };
}

function figures(runs: HarnessRun[]): HarnessFigures {
  return {
    firstRequestMs: summarize(runs.map((r) => r.firstRequestMs)),
    wallMs: summarize(runs.map((r) => r.wallMs)),
    cpuS: summarize(runs.map((r) => r.cpuS)),
    peakRssMb: summarize(runs.map((r) => r.peakRssMb)),
    runs,
  };
}

/** Installs Claude Code into `prefix` with an empty npm cache, as a fresh runner would; timed. */
async function installClaudeCode(
  ctx: BenchContext,
  prefix: string,
): Promise<{ ms: number; bytes: number; bin: string }> {
  mkdirSync(prefix, { recursive: true });
  const run = await runChild(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--cache',
      join(prefix, '.npm-cache'),
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`,
    ],
    { env: { ...(process.env as Record<string, string>) }, cwd: prefix, tmp: ctx.tmp, timeoutMs: 300_000 },
  );
  if (run.exitCode !== 0) throw new Error(`npm install failed: ${run.stderr.slice(-1500)}`);
  return {
    ms: run.wallMs,
    bytes: dirBytes(join(prefix, 'node_modules')),
    bin: join(prefix, 'node_modules', '.bin', 'claude'),
  };
}

/** Runs the benchmark; see the module comment. */
export async function benchClaudeCode(ctx: BenchContext): Promise<BenchResult> {
  const reps = ctx.quick ? 1 : 5;
  const problem = isolationProblem();
  const notes: string[] = [];
  let install: { ms: number; bytes: number; bin: string } | undefined;
  let installError: string | undefined;
  if (!ctx.quick) {
    ctx.log(`claude code: npm install @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`);
    try {
      install = await installClaudeCode(ctx, join(ctx.tmp, 'claude-code'));
    } catch (err) {
      installError = String(err);
    }
  }
  const runClaude = install !== undefined && problem === undefined;
  if (ctx.quick) notes.push('Quick run: Claude Code is neither installed nor run; Steward runs alone.');
  if (installError) notes.push(`Claude Code could not be installed, so it did not run: ${installError}`);
  if (install && problem)
    notes.push(
      `Claude Code was installed but not run: without network isolation it could reach other hosts (${problem}).`,
    );

  const fake = await startFakeMessagesApi();
  const socketDir = join(ctx.tmp, 'cc-bridge');
  mkdirSync(socketDir, { recursive: true });
  const runner = await startIsolatedRunner(fake.url, socketDir, ctx.tmp, problem === undefined);
  const stewardWs = project(join(ctx.tmp, 'cc-steward-ws'));
  const claudeWs = project(join(ctx.tmp, 'cc-claude-ws'));
  const steward: HarnessRun[] = [];
  const claude: HarnessRun[] = [];
  let claudeError: string | undefined;
  let sideRequests = 0;
  try {
    const play = async (scenario: Scenario) => {
      fake.reset();
      fake.load(scenario);
    };
    for (let i = 0; i < reps; i++) {
      // Alternate, so load from elsewhere hits both alike.
      if (runClaude && install && !claudeError) {
        ctx.log(`claude code: Claude Code run ${i + 1}/${reps}`);
        const s = sideBySideScenario(claudeCodeTools(claudeWs));
        await play(s.scenario);
        const home = join(ctx.tmp, `cc-home-${i}`);
        mkdirSync(home, { recursive: true });
        try {
          const launched = await runner.run(
            install.bin,
            [
              '-p',
              TASK_PROMPT,
              '--output-format',
              'json',
              '--allowedTools',
              'Read,Bash',
              '--model',
              BENCH_MODEL,
            ],
            {
              cwd: claudeWs,
              env: {
                PATH: process.env.PATH ?? '/usr/bin:/bin',
                HOME: home,
                LANG: 'C.UTF-8',
                CLAUDE_CONFIG_DIR: join(home, '.claude'),
                ANTHROPIC_API_KEY: 'sk-ant-bench',
                ...QUIET_ENV,
              },
            },
          );
          claude.push(
            harnessRun(launched, fake.requests, 'Read', (out) => {
              const line = out
                .trim()
                .split('\n')
                .find((l) => l.startsWith('{"') && l.includes('"result"'));
              return line ? String((JSON.parse(line) as { result?: string }).result ?? '') : out;
            }),
          );
          sideRequests += s.sideRequests();
        } catch (err) {
          claudeError = String(err);
        }
      }
      ctx.log(`claude code: Steward run ${i + 1}/${reps}`);
      await play(sideBySideScenario(STEWARD_TOOLS).scenario);
      const dir = join(ctx.tmp, `cc-steward-${i}`);
      mkdirSync(dir, { recursive: true });
      const spec = join(dir, 'agent.yml');
      writeFileSync(spec, benchSpec());
      const launched = await runner.run(
        process.execPath,
        [
          join(ctx.root, 'dist', 'cli.js'),
          'run',
          '--spec',
          spec,
          '--task',
          TASK_PROMPT,
          '--workspace',
          stewardWs,
          '--out',
          join(dir, 'out'),
          '--json',
        ],
        {
          cwd: stewardWs,
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            HOME: dir,
            LANG: 'C.UTF-8',
            ANTHROPIC_API_KEY: 'sk-ant-bench',
          },
        },
      );
      steward.push(
        harnessRun(launched, fake.requests, 'read', (out) => {
          const start = out.indexOf('{\n');
          return start >= 0
            ? String((JSON.parse(out.slice(start, out.lastIndexOf('}') + 1)) as { result?: string }).result)
            : out;
        }),
      );
    }
  } finally {
    await runner.close();
    await fake.close();
  }
  if (claudeError)
    notes.push(
      `Claude Code ran but did not complete the task against the fake: ${claudeError.slice(0, 1500)}`,
    );

  const st = figures(steward);
  const cc = claude.length > 0 ? figures(claude) : undefined;
  const stLast = steward.at(-1) as HarnessRun;
  const ccLast = claude.at(-1);
  const metrics: Metric[] = [];
  const row = (
    id: string,
    label: string,
    unit: string,
    s: number,
    c: number | undefined,
    detail?: string,
  ) => {
    metrics.push(
      metric({
        id: `steward_${id}`,
        label: `${label}: Steward`,
        value: round(s, 1),
        unit,
        ...(detail ? { detail } : {}),
      }),
    );
    if (c !== undefined) {
      metrics.push(
        metric({ id: `claude_code_${id}`, label: `${label}: Claude Code`, value: round(c, 1), unit }),
      );
      if (s > 0)
        metrics.push(
          metric({
            id: `ratio_${id}`,
            label: `${label}: Claude Code / Steward`,
            value: round(c / s, 2),
            unit: 'x',
          }),
        );
    }
  };
  const distBytes = dirBytes(join(ctx.root, 'dist'));
  if (install) {
    metrics.push(
      metric({
        id: 'claude_code_install_ms',
        label: 'Install: Claude Code (`npm install`, empty cache)',
        value: round(install.ms, 0),
        unit: 'ms',
      }),
      metric({
        id: 'claude_code_install_mb',
        label: 'Install size: Claude Code',
        value: round(install.bytes / 2 ** 20, 1),
        unit: 'MiB',
      }),
    );
  }
  metrics.push(
    metric({
      id: 'steward_install_mb',
      label: 'Install size: Steward (dist/, shipped in the repository; no install step)',
      value: round(distBytes / 2 ** 20, 1),
      unit: 'MiB',
    }),
  );
  row(
    'first_request_ms',
    'Time to first model request',
    'ms',
    st.firstRequestMs.median,
    cc?.firstRequestMs.median,
    spread(st.firstRequestMs),
  );
  row('wall_ms', 'Total wall time of the task', 'ms', st.wallMs.median, cc?.wallMs.median, spread(st.wallMs));
  row('cpu_s', 'CPU time (user + system)', 's', st.cpuS.median, cc?.cpuS.median);
  row('peak_rss_mb', 'Peak RSS', 'MiB', st.peakRssMb.median, cc?.peakRssMb.median);
  row(
    'fixed_kb',
    'System + tool definitions per request',
    'KB',
    stLast.firstRequest.fixedBytes / 1000,
    ccLast && ccLast.firstRequest.fixedBytes / 1000,
  );
  row(
    'fixed_tokens',
    'System + tool definitions per request, tokens',
    'tokens',
    stLast.firstRequest.fixedTokens,
    ccLast?.firstRequest.fixedTokens,
  );
  row(
    'bytes_per_turn_kb',
    'Bytes sent per main-loop request',
    'KB',
    stLast.bytesPerTurn / 1000,
    ccLast && ccLast.bytesPerTurn / 1000,
  );
  row(
    'cache_read_pct',
    'Input tokens read from the cache',
    '%',
    stLast.cache.readShare,
    ccLast?.cache.readShare,
  );
  row(
    'input_tokens_per_turn',
    'Input tokens per request',
    'tokens',
    stLast.cache.total / stLast.cache.requests,
    ccLast && ccLast.cache.total / ccLast.cache.requests,
  );

  notes.unshift(
    `Task: "${TASK_PROMPT}" on a small git project; each harness gets the scenario for its tools (Steward read/bash, Claude Code Read/Bash): ` +
      `3 model turns. Both CLIs run behind the same launcher inside \`bwrap --unshare-net\` (only loopback; a Unix-socket bridge to the fake), ` +
      `${reps} runs each, alternating; medians. Time to first request: spawn of the CLI → first byte at the launcher's proxy. Model: ${BENCH_MODEL}.`,
    `Steward's main-loop requests: ${stLast.mainRequests}, side requests ${stLast.sideRequests}.` +
      (ccLast
        ? ` Claude Code's: ${ccLast.mainRequests} main-loop, ${sideRequests} side requests over all runs; other paths requested: ${ccLast.otherPaths.join(', ') || 'none'}. ` +
          `Its first request: system ${round(ccLast.firstRequest.systemBytes / 1000, 1)} KB, ${ccLast.firstRequest.toolCount} tools ${round(ccLast.firstRequest.toolsBytes / 1000, 1)} KB, messages ${round(ccLast.firstRequest.messagesBytes / 1000, 1)} KB (${round(ccLast.firstRequest.totalBytes / 1000, 1)} KB in all). ` +
          `Steward's: system ${round(stLast.firstRequest.systemBytes / 1000, 1)} KB, ${stLast.firstRequest.toolCount} tools ${round(stLast.firstRequest.toolsBytes / 1000, 1)} KB, messages ${round(stLast.firstRequest.messagesBytes / 1000, 1)} KB.`
        : ''),
  );
  const timeline = (runs: HarnessRun[]) => {
    const n = Math.min(...runs.map((r) => r.timeline.length));
    const at = Array.from({ length: n }, (_, i) => round(median(runs.map((r) => r.timeline[i] ?? 0)), 0));
    return `${at.slice(0, -1).join(', ')} ms, exit at ${at.at(-1)} ms`;
  };
  notes.push(
    `Timelines (medians; first byte of each request, ms after spawn): Steward ${timeline(steward)}` +
      (claude.length > 0 ? `; Claude Code ${timeline(claude)}.` : '.') +
      ' Between two requests are the tool call (read, then `node --test`) and the harness’s own work.',
  );
  if (cc && st.wallMs.median > cc.wallMs.median) {
    const gaps = (runs: HarnessRun[]) => {
      const t = runs.map((r) => r.timeline);
      const n = Math.min(...t.map((x) => x.length));
      return Array.from({ length: n - 1 }, (_, i) => median(t.map((x) => (x[i + 1] ?? 0) - (x[i] ?? 0))));
    };
    const sg = gaps(steward);
    const cg = gaps(claude);
    const worst = sg.reduce(
      (best, g, i) => (g - (cg[i] ?? 0) > (sg[best] ?? 0) - (cg[best] ?? 0) ? i : best),
      0,
    );
    const what =
      ['the read call', 'the `node --test` call', 'the last answer to exit'][worst] ?? `step ${worst + 1}`;
    notes.push(
      `Steward's task takes longer end to end (${round(st.wallMs.median, 0)} against ${round(cc.wallMs.median, 0)} ms). The difference is mostly ${what}: ` +
        `${round(sg[worst] ?? 0, 0)} ms against ${round(cg[worst] ?? 0, 0)} ms.` +
        (worst === 1
          ? ' Steward runs every bash command in a fresh sandbox (src/tools/bash.ts: bubblewrap, a new PID namespace per call so nothing outlives it, the shell ' +
            'state saved and restored) — a deliberate containment choice whose start-up cost the overhead benchmark shows per call (bash against read). ' +
            'To keep the containment and lose the wait: prepare the next sandbox while the model is thinking, so a call only hands it the command.'
          : ''),
    );
  }
  if (cc) {
    const ccShare = ccLast?.cache.readShare ?? 0;
    if (ccShare > stLast.cache.readShare)
      notes.push(
        `Claude Code's cache-read share is higher only because its ${ccLast?.firstRequest.fixedTokens} fixed tokens are cacheable from the first turn; ` +
          `Steward's whole first request (${stLast.firstRequest.fixedTokens + stLast.firstRequest.messagesTokens} tokens) is below the 1024-token minimum, so there is nothing to cache yet — and it sends ${round((ccLast?.cache.total ?? 0) / Math.max(1, stLast.cache.total), 0)}x fewer input tokens.`,
      );
  }
  return {
    id: 'claude-code',
    title: `Side by side with Claude Code ${CLAUDE_CODE_VERSION}`,
    metrics,
    notes,
    details: {
      install,
      stewardDistBytes: distBytes,
      isolation: problem ?? 'bwrap --unshare-net',
      steward: st,
      ...(cc ? { claudeCode: cc } : {}),
      ...(ccLast ? { claudeCodeFirstRequest: ccLast.firstRequest } : {}),
      stewardFirstRequest: stLast.firstRequest,
      medianRatios: cc
        ? {
            firstRequest: round(cc.firstRequestMs.median / st.firstRequestMs.median, 2),
            wall: round(cc.wallMs.median / st.wallMs.median, 2),
            rss: round(median(claude.map((r) => r.peakRssMb)) / st.peakRssMb.median, 2),
          }
        : undefined,
    },
  };
}
