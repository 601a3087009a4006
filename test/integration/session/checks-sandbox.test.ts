import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelClient } from '../../../src/model/client.ts';
import { composeSession } from '../../../src/session/compose.ts';
import { runSession } from '../../../src/session/run.ts';
import { parseSpec } from '../../../src/spec/index.ts';
import { toolEnvironment } from '../../../src/tools/env.ts';
import { type FakeMessagesApi, startFakeMessagesApi } from '../../fakes/messages/index.ts';

let fake: FakeMessagesApi;
beforeAll(async () => {
  fake = await startFakeMessagesApi();
});
afterAll(async () => {
  await fake.close();
});

describe('outcome checks of a spec without bash', () => {
  it('run inside the sandbox, not on the runner', async () => {
    // As root outside the sandbox this write would succeed; inside it, /etc is read-only.
    const probe = `/etc/steward-check-probe-${process.pid}`;
    const spec = parseSpec(
      [
        'name: no-bash',
        'tools:',
        '  - type: agent_toolset_20260401',
        '    configs: [{ name: bash, enabled: false }]',
        'outcome:',
        `  checks: [{ run: "echo probe > ${probe}" }]`,
        '  max_iterations: 1',
      ].join('\n'),
      'no-bash.yml',
    );
    fake.load({ name: 'answer', turns: [{ content: 'Done.' }] });
    const ws = mkdtempSync(join(tmpdir(), 'steward-checks-'));
    const home = join(ws, '..', `${ws.split('/').pop()}-home`);
    mkdirSync(join(home, 'tmp'), { recursive: true });
    writeFileSync(join(ws, 'README.md'), '# x\n');
    const options = composeSession(spec, {
      prompt: 'Do it',
      workspace: ws,
      outDir: join(home, 'out'),
      toolEnv: toolEnvironment({ parent: { PATH: process.env.PATH }, home }),
      model: createModelClient({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 }),
      nonce: 'n0nce',
    });
    expect(options.tools.map((t) => t.name)).not.toContain('bash');
    const result = await runSession(options);
    expect(existsSync(probe)).toBe(false);
    expect(result.outcome?.result).not.toBe('satisfied');
  });
});
