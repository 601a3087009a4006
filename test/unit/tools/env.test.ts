import { describe, expect, it } from 'vitest';
import { toolEnvironment } from '../../../src/tools/env.ts';

describe('toolEnvironment', () => {
  const parent = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/runner',
    GITHUB_REPOSITORY: 'octo-org/widgets',
    GITHUB_SHA: 'abc',
    JAVA_HOME: '/opt/java',
    GITHUB_TOKEN: 'ghs_x',
    ANTHROPIC_API_KEY: 'sk-ant-x',
    INPUT_GITHUB_TOKEN: 'ghs_y',
    INPUT_ANTHROPIC_API_KEY: 'sk-ant-y',
    ACTIONS_RUNTIME_TOKEN: 'eyJ',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'z',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x',
    ACTIONS_RESULTS_URL: 'https://x',
    AWS_SECRET_ACCESS_KEY: 'a',
    AWS_ACCESS_KEY_ID: 'b',
    GITHUB_ENV: '/runner/_temp/env',
    GITHUB_PATH: '/runner/_temp/path',
    GITHUB_OUTPUT: '/runner/_temp/out',
    GITHUB_STATE: '/runner/_temp/state',
    GITHUB_STEP_SUMMARY: '/runner/_temp/summary',
    GITHUB_EVENT_PATH: '/runner/_temp/event.json',
    RUNNER_TEMP: '/runner/_temp',
    NPM_TOKEN: 'npm_x',
    MY_CUSTOM_SECRET: 'hidden',
  };

  it('passes only allowlisted, non-secret variables, with a private HOME and TMPDIR', () => {
    const env = toolEnvironment({ parent, home: '/private/home' });
    expect(env).toEqual({
      PATH: '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      GITHUB_REPOSITORY: 'octo-org/widgets',
      GITHUB_SHA: 'abc',
      JAVA_HOME: '/opt/java',
      HOME: '/private/home',
      TMPDIR: '/private/home/tmp',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: 'true',
      GIT_CONFIG_NOSYSTEM: '1',
    });
  });

  it('drops credential-looking names even when passed as extra', () => {
    const env = toolEnvironment({
      parent,
      home: '/h',
      extra: {
        GITHUB_TOKEN: 'x',
        INPUT_X: 'y',
        ACTIONS_RUNTIME_TOKEN: 'z',
        SOME_API_KEY: 'k',
        FOO: 'bar',
        GITHUB_ENV: 'e',
      },
    });
    expect(env.FOO).toBe('bar');
    for (const name of ['GITHUB_TOKEN', 'INPUT_X', 'ACTIONS_RUNTIME_TOKEN', 'SOME_API_KEY', 'GITHUB_ENV'])
      expect(env).not.toHaveProperty(name);
  });
});
