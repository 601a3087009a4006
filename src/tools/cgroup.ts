/**
 * A per-command pids cgroup: the process limit of the sandbox where RLIMIT_NPROC does not apply.
 * Split from sandbox.ts.
 */

import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A pids cgroup holding one command's processes, when this process may create one (root, or a
 * delegated cgroup v2 subtree). It bounds a fork bomb where RLIMIT_NPROC does not: the kernel
 * exempts uid 0 from RLIMIT_NPROC (kernel/fork.c), and self-hosted runners often run as root.
 */
export interface PidsCgroup {
  /** The file a process writes its pid to, to enter the cgroup. */
  procs: string;
  /** Kills what is left in the cgroup and removes it. */
  dispose(): Promise<void>;
}

/**
 * Removes empty `steward-*` cgroups older than a minute under `parent`: ones a process that was
 * killed, or a dispose that ran out of time, left behind. A cgroup that still holds a process cannot
 * be removed, so this never disturbs a running command.
 */
function sweepStaleCgroups(parent: string): void {
  try {
    const cutoff = Date.now() - 60_000;
    for (const name of readdirSync(parent)) {
      if (!name.startsWith('steward-')) continue;
      const dir = join(parent, name);
      try {
        if (statSync(dir).ctimeMs < cutoff) rmdirSync(dir);
      } catch {
        // Busy or already gone.
      }
    }
  } catch {
    // Unreadable parent: nothing to sweep.
  }
}

export function createPidsCgroup(max: number): PidsCgroup | undefined {
  try {
    const lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
    const candidates: string[] = [];
    const v1 = lines.find((l) => /^\d+:pids:/.test(l));
    if (v1 && existsSync('/sys/fs/cgroup/pids'))
      candidates.push(join('/sys/fs/cgroup/pids', v1.split(':')[2] ?? ''));
    const v2 = lines.find((l) => l.startsWith('0::'));
    if (v2 && existsSync('/sys/fs/cgroup/cgroup.controllers'))
      candidates.push(join('/sys/fs/cgroup', v2.slice(3)));
    for (const parent of candidates) {
      sweepStaleCgroups(parent);
      const dir = join(parent, `steward-${randomBytes(6).toString('hex')}`);
      try {
        mkdirSync(dir);
      } catch {
        continue;
      }
      try {
        writeFileSync(join(dir, 'pids.max'), String(max));
      } catch {
        rmdirSync(dir);
        continue;
      }
      return {
        procs: join(dir, 'cgroup.procs'),
        async dispose() {
          // Killed processes leave the cgroup once reaped; allow a few seconds (a fork bomb's
          // thousand processes), then leave it to the next sweep.
          for (let attempt = 0; attempt < 200; attempt++) {
            try {
              const pids = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
              for (const pid of pids) {
                try {
                  process.kill(Number(pid), 'SIGKILL');
                } catch {}
              }
              rmdirSync(dir);
              return;
            } catch {
              // Busy while the killed processes are reaped; try again.
              await sleep(attempt < 50 ? 10 : 50);
            }
          }
        },
      };
    }
  } catch {
    // No cgroup information: RLIMIT_NPROC and the timeout remain.
  }
  return undefined;
}

// Enters the cgroup (when $1 names one), then runs the rest of the arguments.
