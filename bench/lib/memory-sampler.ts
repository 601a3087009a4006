// Preloaded (`--import`) into a Node child to explain its peak memory: samples
// process.memoryUsage() every 20 ms and, as the process exits, writes the peak of each field in
// bytes as JSON to $STEWARD_BENCH_MEM_FILE (bench/memory.ts).
import { writeFileSync } from 'node:fs';

const file = process.env.STEWARD_BENCH_MEM_FILE;
if (file) {
  const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const key of Object.keys(peak) as Array<keyof typeof peak>) peak[key] = Math.max(peak[key], m[key]);
  };
  setInterval(sample, 20).unref();
  process.on('exit', () => {
    sample();
    writeFileSync(file, JSON.stringify(peak));
  });
}
