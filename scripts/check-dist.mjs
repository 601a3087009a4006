// Fails when dist/ does not match a fresh build of the sources: GitHub runs dist/ as committed.
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { encoding: 'utf8' }).trim();
if (changed) {
  console.error(`dist/ is stale; run \`npm run build\` and commit dist/:\n${changed}`);
  process.exit(1);
}
console.log('dist/ matches the sources');
