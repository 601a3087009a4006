import { describe, expect, it } from 'vitest';
import {
  loadSpecFile,
  mcpToolPolicy,
  parseSpec,
  toAgentCreateParams,
  toCloudConfig,
  toolPolicy,
} from '../../../src/spec/index.ts';

describe('toolPolicy', () => {
  it('defaults to enabled + always_allow for every agent tool', () => {
    const spec = parseSpec('name: a', 'a.yml');
    for (const tool of ['bash', 'read', 'write', 'edit', 'glob', 'grep', 'web_fetch', 'web_search']) {
      expect(toolPolicy(spec, tool)).toEqual({ enabled: true, permission: 'always_allow' });
    }
  });

  it('per-tool configs win over default_config', () => {
    const spec = parseSpec(
      [
        'name: a',
        'tools:',
        '  - type: agent_toolset_20260401',
        '    default_config: {enabled: false, permission_policy: {type: always_ask}}',
        '    configs:',
        '      - {name: read, enabled: true}',
        '      - {name: grep, enabled: true, permission_policy: {type: always_allow}}',
      ].join('\n'),
      'a.yml',
    );
    expect(toolPolicy(spec, 'bash')).toEqual({ enabled: false, permission: 'always_ask' });
    expect(toolPolicy(spec, 'read')).toEqual({ enabled: true, permission: 'always_ask' });
    expect(toolPolicy(spec, 'grep')).toEqual({ enabled: true, permission: 'always_allow' });
  });

  it('the DESIGN example disables write and edit', async () => {
    const spec = await loadSpecFile('test/fixtures/specs/valid/review.yml');
    expect(toolPolicy(spec, 'write').enabled).toBe(false);
    expect(toolPolicy(spec, 'edit').enabled).toBe(false);
    expect(toolPolicy(spec, 'bash')).toEqual({ enabled: true, permission: 'always_allow' });
  });

  it('without an agent toolset, or for an unknown name, the tool is off', () => {
    const spec = parseSpec('name: a\ntools: []', 'a.yml');
    expect(toolPolicy(spec, 'bash')).toEqual({ enabled: false, permission: 'always_ask' });
    expect(toolPolicy(parseSpec('name: a', 'a.yml'), 'rm_rf')).toEqual({
      enabled: false,
      permission: 'always_ask',
    });
  });
});

describe('mcpToolPolicy', () => {
  it('MCP tools default to always_ask; configs override', () => {
    const spec = parseSpec(
      [
        'name: a',
        'tools:',
        '  - type: mcp_toolset',
        '    mcp_server_name: docs',
        '    configs: [{name: search, permission_policy: {type: always_allow}}, {name: delete, enabled: false}]',
        'mcp_servers: [{type: url, name: docs, url: "https://mcp.example.com/mcp"}]',
      ].join('\n'),
      'a.yml',
    );
    expect(mcpToolPolicy(spec, 'docs', 'fetch')).toEqual({ enabled: true, permission: 'always_ask' });
    expect(mcpToolPolicy(spec, 'docs', 'search')).toEqual({ enabled: true, permission: 'always_allow' });
    expect(mcpToolPolicy(spec, 'docs', 'delete')).toEqual({ enabled: false, permission: 'always_ask' });
    expect(mcpToolPolicy(spec, 'other', 'fetch')).toEqual({ enabled: false, permission: 'always_ask' });
  });
});

describe('Managed Agents shapes', () => {
  it('toAgentCreateParams keeps the Managed Agents fields and drops local skills', async () => {
    const spec = await loadSpecFile('test/fixtures/specs/valid/review.yml');
    const params = toAgentCreateParams(spec);
    expect(Object.keys(params).sort()).toEqual(
      ['description', 'mcp_servers', 'metadata', 'model', 'name', 'skills', 'system', 'tools'].sort(),
    );
    expect(params.model).toEqual({ id: 'claude-sonnet-5-5' });
    expect(params.skills).toEqual([]);
    expect(params.tools).toBe(spec.tools);
  });

  it('toCloudConfig', async () => {
    const spec = await loadSpecFile('test/fixtures/specs/valid/review.yml');
    expect(toCloudConfig(spec)).toEqual({
      type: 'cloud',
      networking: {
        type: 'limited',
        allowed_hosts: ['pypi.org'],
        allow_package_managers: true,
        allow_mcp_servers: false,
      },
      packages: { type: 'packages', apt: ['jq'], cargo: [], gem: [], go: [], npm: [], pip: ['ruff'] },
    });
  });
});
