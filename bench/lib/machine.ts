/** What the figures were measured on, and how busy the machine was meanwhile. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';

/** The machine, the software and the commit of a run. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  cpuMhz: number;
  memoryGiB: number;
  os: string;
  node: string;
  v8: string;
  commit: string;
  /** Uncommitted changes in the work tree when the run started. */
  dirty: boolean;
  date: string;
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** Describes this machine (from `os.cpus()`, `os.totalmem()`) and the repository state. */
export function machineInfo(): MachineInfo {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    cpuMhz: cpu[0]?.speed ?? 0,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${process.platform} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain', '--untracked-files=no').length > 0,
    date: new Date().toISOString(),
  };
}

/** Samples the 1-minute load average every few seconds while a run goes on. */
export interface LoadSampler {
  stop(): { start: number; mean: number; max: number; samples: number };
}

/** Starts sampling `os.loadavg()[0]`. */
export function sampleLoad(everyMs = 5000): LoadSampler {
  const start = loadavg()[0] ?? 0;
  const samples: number[] = [start];
  const timer = setInterval(() => samples.push(loadavg()[0] ?? 0), everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(loadavg()[0] ?? 0);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      return {
        start: Math.round(start * 100) / 100,
        mean: Math.round(mean * 100) / 100,
        max: Math.round(Math.max(...samples) * 100) / 100,
        samples: samples.length,
      };
    },
  };
}
