// Fails when dist/ does not match a fresh build of the sources: GitHub runs dist/ as committed.
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
// Compared with the index, so a rebuilt and staged dist/ passes before the commit, and a clean
// clone (index = HEAD) checks exactly what was committed.
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const changed = [
  git('diff', '--name-status', '--', 'dist'),
  git('ls-files', '--others', '--exclude-standard', '--', 'dist'),
]
  .filter(Boolean)
  .join('\n');
if (changed) {
  console.error(`dist/ is stale; run \`npm run build\` and commit dist/:\n${changed}`);
  process.exit(1);
}
console.log('dist/ matches the sources');
