/**
 * How a spec becomes the sandbox policy of its session (src/session/compose.ts) and the runtime's
 * diagnostics (src/tools/sandbox.ts).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  networkPolicy,
  SANDBOX_OFF_WARNING,
  sandboxPolicy,
  sessionWarnings,
} from '../../../src/session/compose.ts';
import { parseSpec } from '../../../src/spec/index.ts';
import { ALWAYS_DENIED_HOSTS, PACKAGE_REGISTRY_HOSTS, protectedPaths } from '../../../src/tools/sandbox.ts';

const spec = (extra: string) => parseSpec(`name: a\n${extra}`, 'a.yml');

describe('networkPolicy', () => {
  it('defaults to limited with no host', () => {
    expect(networkPolicy(spec(''))).toEqual({ type: 'limited', allowedHosts: [] });
  });

  it('adds package registries and MCP server hosts only when the spec allows them', () => {
    const s = spec(`tools:
  - type: agent_toolset_20260401
  - type: mcp_toolset
    mcp_server_name: docs
mcp_servers:
  - { type: url, name: docs, url: 'https://mcp.example.com:8443/mcp' }
environment:
  networking: { type: limited, allowed_hosts: [pypi.org], allow_package_managers: true, allow_mcp_servers: true }
`);
    const policy = networkPolicy(s);
    expect(policy.type).toBe('limited');
    const hosts = policy.type === 'limited' ? policy.allowedHosts : [];
    expect(hosts).toEqual(expect.arrayContaining(['pypi.org', 'registry.npmjs.org', 'mcp.example.com:8443']));
    expect(hosts).toHaveLength(new Set(['pypi.org', ...PACKAGE_REGISTRY_HOSTS, 'mcp.example.com:8443']).size);
    const without = networkPolicy(
      spec('environment:\n  networking: { type: limited, allowed_hosts: [pypi.org] }\n'),
    );
    expect(without).toEqual({ type: 'limited', allowedHosts: ['pypi.org'] });
  });

  it('maps unrestricted through; the metadata endpoints stay denied by the runtime config', () => {
    expect(networkPolicy(spec('environment:\n  networking: { type: unrestricted }\n'))).toEqual({
      type: 'unrestricted',
    });
    expect(ALWAYS_DENIED_HOSTS).toEqual(
      expect.arrayContaining(['169.254.169.254', 'metadata.google.internal']),
    );
  });
});

describe('sandboxPolicy', () => {
  const ws = mkdtempSync(join(tmpdir(), 'steward-policy-'));
  mkdirSync(join(ws, '.git'));
  const options = {
    prompt: 'x',
    workspace: ws,
    outDir: '/out',
    toolEnv: { HOME: '/rt/home', TMPDIR: '/rt/home/tmp' },
    model: {} as never,
    nonce: 'n',
    protect: { runnerTemp: '/rt', hostHome: '/home/runner' },
  };

  it('writes only the workspace and private HOME/TMPDIR; hooks, config and workflows are read-only', () => {
    const p = sandboxPolicy(spec(''), options);
    expect(p.mode).toBe('sandbox');
    expect(p.writable).toEqual(['/rt/home', '/rt/home/tmp']);
    expect(p.denyWrite).toEqual([
      join(ws, '.git/hooks'),
      join(ws, '.git/config'),
      join(ws, '.github/workflows'),
    ]);
    expect(p.maskGitCredentials).toEqual([join(ws, '.git/config')]);
    expect(p.denyRead).toEqual(protectedPaths({ runnerTemp: '/rt', hostHome: '/home/runner' }));
    expect(p.denyRead).toEqual(
      expect.arrayContaining([
        '/rt',
        '/home/runner/.ssh',
        '/home/runner/.git-credentials',
        '/home/runner/.config/gh',
      ]),
    );
  });

  it('lets workflows be written only with steward.allow_workflow_edits, and turns the sandbox off only when asked', () => {
    const p = sandboxPolicy(
      spec('steward: { allow_workflow_edits: true }\nenvironment: { sandbox: none }\n'),
      options,
    );
    expect(p.denyWrite).not.toContain(join(ws, '.github/workflows'));
    expect(p.mode).toBe('none');
    expect(sessionWarnings(spec('environment: { sandbox: none }\n'))).toEqual([SANDBOX_OFF_WARNING]);
    expect(sessionWarnings(spec(''))).toEqual([]);
  });
});
