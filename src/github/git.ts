import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { hardenedGit } from '../tools/git-safety.ts';

const run = promisify(execFile);

/**
 * The search path for git run by the harness. Fixed rather than inherited: the harness runs git
 * with its own privileges after the agent had the workspace, so nothing the job put on PATH should
 * decide which `git` that is.
 */
const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * Runs git in `workspace` outside the sandbox, hardened (tools/git-safety.ts `hardenedGit`): the
 * repository is pinned so a planted `.git/commondir` or nested repository is ignored, system and
 * global configuration are skipped, hooks and fsmonitor are off, and the environment is minimal —
 * it holds no token and none of the harness's secrets. Returns stdout.
 *
 * @throws the `execFile` error (with `stderr`) when git exits non-zero.
 */
export async function gitIn(
  workspace: string,
  args: string[],
  maxBuffer = 64 * 1024 * 1024,
): Promise<string> {
  const hardened = hardenedGit(workspace, SYSTEM_PATH);
  const { stdout } = await run('git', [...hardened.args, '-C', workspace, ...args], {
    env: hardened.env,
    maxBuffer,
  });
  return stdout;
}
