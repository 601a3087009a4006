// Preloaded (`--import`) into Node children when GNU time is missing: writes the process's peak
// resident set size in KiB to $STEWARD_BENCH_RSS_FILE as it exits (bench/lib/child.ts).
import { writeFileSync } from 'node:fs';

const file = process.env.STEWARD_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
