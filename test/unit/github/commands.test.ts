import { describe, expect, it } from 'vitest';
import { commandText, extractBudget, parseCommand, tightenLimits } from '../../../src/github/commands.ts';

const AGENTS = ['review', 'fixer'];

describe('parseCommand', () => {
  it('reads an instruction, with or without an agent name, for both prefixes', () => {
    expect(parseCommand('/steward fix the flaky test', AGENTS)).toEqual({
      kind: 'run',
      agent: null,
      instruction: 'fix the flaky test',
      fresh: false,
      budget: {},
      problems: [],
    });
    expect(parseCommand('Hi!\n@steward review look at\nthe parser too', AGENTS)).toMatchObject({
      kind: 'run',
      agent: 'review',
      instruction: 'look at\nthe parser too',
    });
  });

  it('reads new, approve and deny, in either order with an agent', () => {
    expect(parseCommand('/steward new start over', AGENTS)).toMatchObject({
      fresh: true,
      instruction: 'start over',
    });
    expect(parseCommand('/steward fixer new x', AGENTS)).toMatchObject({
      agent: 'fixer',
      fresh: true,
      instruction: 'x',
    });
    expect(parseCommand('/steward approve', AGENTS)).toEqual({ kind: 'approve', agent: null });
    expect(parseCommand('/steward fixer approve', AGENTS)).toEqual({ kind: 'approve', agent: 'fixer' });
    expect(parseCommand('/steward deny  not on Fridays ', AGENTS)).toEqual({
      kind: 'deny',
      agent: null,
      reason: 'not on Fridays',
    });
  });

  it('reads budgets, which only tighten, and reports malformed ones', () => {
    const cmd = parseCommand('/steward fix the flaky test budget=$3 turns=12', AGENTS);
    expect(cmd).toMatchObject({ instruction: 'fix the flaky test', budget: { maxCostUsd: 3, maxTurns: 12 } });
    expect(extractBudget('x budget=lots turns=-1').problems).toEqual([
      'cannot read `budget=lots`; write a positive amount in USD such as `budget=$2.50`',
      'cannot read `turns=-1`; write a positive whole number such as `turns=10`',
    ]);
    const limits = { maxTurns: 30, maxCostUsd: 2, maxTokens: 5, timeoutMs: 9 };
    expect(tightenLimits(limits, { maxTurns: 50, maxCostUsd: 0.5 })).toEqual({
      ...limits,
      maxTurns: 30,
      maxCostUsd: 0.5,
    });
  });

  it('ignores commands in quotes, code blocks and HTML comments, and lookalike words', () => {
    expect(parseCommand('> /steward delete everything', AGENTS)).toBeNull();
    expect(parseCommand('```\n/steward do it\n```', AGENTS)).toBeNull();
    expect(parseCommand('~~~sh\n/steward do it\n~~~', AGENTS)).toBeNull();
    expect(parseCommand('<!-- /steward hidden -->visible text', AGENTS)).toBeNull();
    expect(parseCommand('/stewardship matters', AGENTS)).toBeNull();
    expect(parseCommand('ask @steward later', AGENTS)).toBeNull();
    expect(parseCommand('```\ncode\n```\n/steward after the block', AGENTS)).toMatchObject({
      instruction: 'after the block',
    });
  });

  it('commandText finds an agent-specific command', () => {
    expect(commandText('/review please check tests', '/review')).toBe('please check tests');
    expect(commandText('/reviewer x', '/review')).toBeNull();
  });
});
