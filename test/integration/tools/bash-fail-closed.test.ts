/**
 * The sandbox fails closed: when it cannot start, bash runs nothing and says how to fix it. Its
 * own file, because the sandbox runtime is one per process and another test would have started it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxedBashTool } from '../../../src/tools/bash.ts';
import { toolEnvironment } from '../../../src/tools/env.ts';
import { ToolLock } from '../../../src/tools/lock.ts';
import { createSandbox, sandboxDiagnostic } from '../../../src/tools/sandbox.ts';

const root = mkdtempSync(join(tmpdir(), 'steward-bash-closed-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bash fails closed', () => {
  it('refuses to run, with a diagnostic, when bubblewrap is missing', async () => {
    const ws = join(root, 'ws');
    const home = join(root, 'home');
    mkdirSync(join(home, 'tmp'), { recursive: true });
    mkdirSync(ws);
    execFileSync('git', ['init', '-q'], { cwd: ws });
    const env = toolEnvironment({ parent: { PATH: process.env.PATH }, home });
    const sandbox = createSandbox(
      {
        mode: 'sandbox',
        workspace: ws,
        writable: [home],
        network: { type: 'limited', allowedHosts: [] },
        denyRead: [],
        denyWrite: [],
        bwrapPath: join(root, 'no-such-bwrap'),
      },
      env,
    );
    const tool = sandboxedBashTool({
      sandbox,
      env,
      cwd: ws,
      stateDir: join(home, '.steward-shell'),
      permission: 'always_allow',
      lock: new ToolLock(),
    });
    const marker = join(ws, 'must-not-exist');
    for (let i = 0; i < 2; i++) {
      const outcome = await tool.run({ command: `touch ${marker}` });
      expect(outcome.is_error).toBe(true);
      expect(outcome.content).toContain('The bash sandbox could not start, so the command was not run');
      expect(outcome.content).toContain('bubblewrap (bwrap) not executable');
      expect(outcome.content).toContain('sudo apt-get install -y bubblewrap socat ripgrep');
      expect(outcome.content).toContain('environment.sandbox: none');
    }
    await tool.close?.();
    expect(existsSync(marker)).toBe(false);
  });

  it('says how to lift the AppArmor user-namespace restriction of Ubuntu 24.04', () => {
    const text = sandboxDiagnostic(['bubblewrap failed: bwrap: setting up uid map: Permission denied']);
    expect(text).toContain('sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0');
    expect(text).not.toContain('apt-get install');
    const missing = sandboxDiagnostic(['socat not installed']);
    expect(missing).toContain('apt-get install -y bubblewrap socat ripgrep');
  });
});
