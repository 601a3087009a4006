/**
 * Comment commands (DESIGN section 5a, issue 5):
 *
 * ```
 * /steward [AGENT] <instruction> [budget=$N] [turns=N]     also @steward …
 * /steward [AGENT] new <instruction>                       start over instead of continuing
 * /steward [AGENT] approve                                 run the tool calls a session waits for
 * /steward [AGENT] deny [reason]                           refuse them
 * ```
 *
 * A command is the first line that starts with the prefix, outside fenced code blocks and block
 * quotes (a quoted or pasted command is not a new request) and outside HTML comments (a reader of
 * the rendered comment cannot see those). Everything after the prefix on that line and all lines
 * after it form the instruction. `approve`, `deny` and `new` are keywords; they win over an agent
 * with the same name.
 */
import { stripHiddenMarkup } from '../tools/untrusted.ts';

/** The prefixes of Steward's own commands. */
export const COMMAND_PREFIXES = ['/steward', '@steward'] as const;

/** Budgets given in a command; they can only tighten the spec's limits. */
export interface CommandBudget {
  /** `budget=$N`: list cost cap in USD. */
  maxCostUsd?: number;
  /** `turns=N`: model turn cap. */
  maxTurns?: number;
}

/** A parsed comment command. */
export type Command =
  | {
      kind: 'run';
      /** The agent named right after the prefix, or null. */
      agent: string | null;
      instruction: string;
      /** `new`: start a fresh session instead of continuing the previous one on the thread. */
      fresh: boolean;
      budget: CommandBudget;
      /** Options that could not be read, each with what to write instead. */
      problems: string[];
    }
  | { kind: 'approve'; agent: string | null }
  | { kind: 'deny'; agent: string | null; reason: string };

/**
 * The text after `prefix` in the first command line of `body`, plus the lines after it, or null
 * when no line outside code blocks, quotes and HTML comments starts with `prefix` followed by
 * whitespace or the end of the line. The prefix matches case-insensitively.
 */
export function commandText(body: string, prefix: string): string | null {
  const lines = stripHiddenMarkup(body).split(/\r?\n/);
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trimStart();
    const marker = /^(`{3,}|~{3,})/.exec(trimmed)?.[1];
    if (marker) {
      if (fence === null) fence = marker[0] ?? null;
      else if (marker[0] === fence) fence = null;
      continue;
    }
    if (fence !== null || trimmed.startsWith('>')) continue;
    if (!trimmed.toLowerCase().startsWith(prefix.toLowerCase())) continue;
    const after = trimmed.slice(prefix.length);
    if (after !== '' && !/^\s/.test(after)) continue;
    return [after.trim(), ...lines.slice(i + 1)].join('\n').trim();
  }
  return null;
}

/**
 * Parses a Steward command (`/steward` or `@steward`) in `body`; null when there is none.
 * `agentNames` are the names of the repository's agents, so `/steward review …` selects `review`.
 */
export function parseCommand(body: string, agentNames: readonly string[]): Command | null {
  let text: string | null = null;
  for (const prefix of COMMAND_PREFIXES) {
    text = commandText(body, prefix);
    if (text !== null) break;
  }
  if (text === null) return null;
  let rest = text;
  let agent: string | null = null;
  let fresh = false;
  // Up to two leading words may be an agent name and a keyword, in either order.
  for (let i = 0; i < 2; i++) {
    const word = /^(\S+)(?:\s+|$)/.exec(rest)?.[1] ?? '';
    const lower = word.toLowerCase();
    if (lower === 'approve') return { kind: 'approve', agent };
    if (lower === 'deny') return { kind: 'deny', agent, reason: rest.slice(word.length).trim() };
    if (lower === 'new' && !fresh) fresh = true;
    else if (agent === null && agentNames.includes(word)) agent = word;
    else break;
    rest = rest.slice(word.length).trimStart();
  }
  const { text: instruction, budget, problems } = extractBudget(rest);
  return { kind: 'run', agent, instruction, fresh, budget, problems };
}

/**
 * Removes `budget=$N` and `turns=N` options from `text` and reads them. Malformed values are left
 * out and reported in `problems`, each saying what to write instead.
 */
export function extractBudget(text: string): { text: string; budget: CommandBudget; problems: string[] } {
  const budget: CommandBudget = {};
  const problems: string[] = [];
  const stripped = text.replace(
    /(^|\s)(budget|turns)=(\S*)/gi,
    (_whole, lead: string, key: string, value: string) => {
      if (key.toLowerCase() === 'budget') {
        const m = /^\$?(\d+(?:\.\d+)?)$/.exec(value);
        const usd = m ? Number(m[1]) : Number.NaN;
        if (Number.isFinite(usd) && usd > 0) budget.maxCostUsd = usd;
        else
          problems.push(
            `cannot read \`budget=${value}\`; write a positive amount in USD such as \`budget=$2.50\``,
          );
      } else {
        const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
        if (Number.isInteger(n) && n > 0) budget.maxTurns = n;
        else
          problems.push(`cannot read \`turns=${value}\`; write a positive whole number such as \`turns=10\``);
      }
      return lead;
    },
  );
  return { text: stripped.replace(/[ \t]+\n/g, '\n').trim(), budget, problems };
}

/**
 * The spec's limits tightened by a command's budget: each cap is the smaller of the two, so a
 * command can never widen what the spec allows (DESIGN section 5a).
 */
export function tightenLimits<L extends { maxTurns: number; maxCostUsd: number }>(
  limits: L,
  budget: CommandBudget,
): L {
  return {
    ...limits,
    maxTurns: budget.maxTurns !== undefined ? Math.min(limits.maxTurns, budget.maxTurns) : limits.maxTurns,
    maxCostUsd:
      budget.maxCostUsd !== undefined ? Math.min(limits.maxCostUsd, budget.maxCostUsd) : limits.maxCostUsd,
  };
}
