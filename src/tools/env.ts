/**
 * The environment of tool processes (bash, outcome checks, stdio MCP servers).
 *
 * It is built from an explicit allowlist rather than by removing known secrets from the runner's
 * environment, because a denylist misses whatever secret a workflow author adds under a new name
 * (DESIGN section 5, invariant 3). Only variables that describe the run and that GitHub documents
 * as non-secret are passed ("Variables" reference, default environment variables), plus the
 * locations of toolchains that setup actions export (paths, never credentials).
 */

/** Variables copied as they are when set. */
const PASSED = [
  'PATH',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TERM',
  'CI',
  'RUNNER_OS',
  'RUNNER_ARCH',
  'RUNNER_TOOL_CACHE',
  // Toolchain locations exported by setup-java, setup-go, setup-python, setup-dotnet, rustup.
  'JAVA_HOME',
  'GOROOT',
  'RUSTUP_HOME',
  'DOTNET_ROOT',
  'pythonLocation',
  'PKG_CONFIG_PATH',
  'LD_LIBRARY_PATH',
];

/**
 * Non-secret `GITHUB_*` variables. Tokens, the event payload path and the runner's command files
 * (`GITHUB_ENV`, `GITHUB_PATH`, `GITHUB_OUTPUT`, `GITHUB_STATE`, `GITHUB_STEP_SUMMARY`) are
 * excluded: writing those files changes later steps of the job.
 */
const GITHUB_PASSED = [
  'GITHUB_ACTIONS',
  'GITHUB_REPOSITORY',
  'GITHUB_REPOSITORY_ID',
  'GITHUB_REPOSITORY_OWNER',
  'GITHUB_REPOSITORY_OWNER_ID',
  'GITHUB_REF',
  'GITHUB_REF_NAME',
  'GITHUB_REF_TYPE',
  'GITHUB_HEAD_REF',
  'GITHUB_BASE_REF',
  'GITHUB_SHA',
  'GITHUB_EVENT_NAME',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_NUMBER',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_WORKFLOW',
  'GITHUB_JOB',
  'GITHUB_ACTOR',
  'GITHUB_SERVER_URL',
  'GITHUB_API_URL',
  'GITHUB_GRAPHQL_URL',
  'GITHUB_WORKSPACE',
];

/**
 * Names that are never passed, even through `extra`: credentials GitHub, Actions, Anthropic and
 * the clouds put in a job's environment, and the runner's command files.
 */
const NEVER_PASSED =
  /^(?:.*TOKEN.*|.*SECRET.*|.*PASSWORD.*|.*_KEY|INPUT_.*|ACTIONS_.*|ANTHROPIC_.*|AWS_.*|AZURE_.*|GOOGLE_.*|GCP_.*|CLOUDSDK_AUTH_.*|GITHUB_(?:ENV|PATH|OUTPUT|STATE|STEP_SUMMARY|EVENT_PATH|TOKEN))$/;

/** Settings for {@link toolEnvironment}. */
export interface ToolEnvironmentOptions {
  /** The runner's environment to pick from (the composition root passes `process.env`). */
  parent: Readonly<Record<string, string | undefined>>;
  /** HOME of tool processes: a private directory, so no credential file of the runner's is found. */
  home: string;
  /**
   * Extra variables; they win over picked ones. Proxy settings are not needed here: the sandbox
   * sets `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` inside itself (tools/sandbox.ts).
   * Names matching the credential patterns are dropped.
   */
  extra?: Record<string, string>;
}

/**
 * Returns the complete environment for tool processes: the allowlisted variables that are set in
 * `parent`, `HOME` and `TMPDIR` pointing at private directories, git settings for a
 * non-interactive run, and `extra`. Never includes `GITHUB_TOKEN`, `ANTHROPIC_API_KEY`, `INPUT_*`,
 * `ACTIONS_*`, `GITHUB_ENV` / `GITHUB_PATH` / `GITHUB_OUTPUT` / `GITHUB_STATE` /
 * `GITHUB_STEP_SUMMARY`, or cloud credentials, whatever `extra` says.
 */
export function toolEnvironment(options: ToolEnvironmentOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of [...PASSED, ...GITHUB_PASSED]) {
    const value = options.parent[key];
    if (value !== undefined) env[key] = value;
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  env.LANG ??= 'C.UTF-8';
  env.HOME = options.home;
  env.TMPDIR = `${options.home}/tmp`;
  env.GIT_TERMINAL_PROMPT = '0';
  // No credential helper or askpass of the runner's may be reached from a tool.
  env.GIT_ASKPASS = 'true';
  env.GIT_CONFIG_NOSYSTEM = '1';
  for (const [key, value] of Object.entries(options.extra ?? {})) {
    if (!NEVER_PASSED.test(key)) env[key] = value;
  }
  return env;
}
