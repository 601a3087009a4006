// `npm run demo`: the main job end to end. Starts the loopback Messages API, GitHub REST API and
// artifact service, makes a temporary git repository with a small project, an agent spec and a
// pull request, and runs the bundled Action (dist/main.js, then dist/post.js) as GitHub would on a
// real `pull_request.opened` payload. Then prints what the Action left on GitHub.

import { runAction, startWorld, writeLog } from '../test/support/action-world.ts';
import { BASE_FILES, HEAD_FILES, REVIEW_SCENARIO } from '../test/support/demo-project.ts';

const world = await startWorld({ baseFiles: BASE_FILES, headFiles: HEAD_FILES, scenario: REVIEW_SCENARIO });
try {
  console.log(`repository   ${world.repo.workDir} (PR ${world.repo.headRef} → ${world.repo.baseRef})`);
  console.log(
    `services     messages ${world.messages.url} · github ${world.github.url} · artifacts ${world.artifacts.resultsUrl}`,
  );
  const { main, post } = await runAction(world);
  const step = main.stdout
    .split('\n')
    .filter((l) => l.startsWith('Steward:'))
    .join('\n');
  console.log(
    `\n── Action log (exit ${main.exitCode}, post exit ${post.exitCode}, ${Math.round(main.durationMs)} ms)\n${step}`,
  );

  console.log(
    `\n── GitHub writes, in order\n${writeLog(world)
      .map((l) => `   ${l}`)
      .join('\n')}`,
  );
  for (const check of world.github.state.checkRuns)
    console.log(`\n── Check run ${check.name}: ${check.status}, ${check.conclusion} — ${check.output.title}`);

  const comment = world.github.state.issueComments.at(-1);
  console.log(
    `\n── Comment on PR #${comment?.issue_number} (${main.outputs.comment_url})\n${comment?.body ?? '(none)'}`,
  );

  for (const artifact of world.artifacts.artifacts) {
    const files = await world.artifacts.downloadArtifact(artifact.name);
    const listing = [...files].map(([f, b]) => `${f} (${b.length} bytes)`).join(', ');
    console.log(`\n── Artifact ${artifact.name} (id ${artifact.id}): ${listing}`);
    const events = (files.get('events.jsonl')?.toString('utf8') ?? '').trim().split('\n');
    console.log(events.map((l) => `   ${(JSON.parse(l) as { type: string }).type}`).join('\n'));
  }
  console.log(`\n── Job summary\n${main.summary}`);
  console.log('── Outputs');
  for (const [k, v] of Object.entries(main.outputs))
    console.log(`   ${k} = ${v.length > 80 ? `${v.slice(0, 77)}...` : v}`);
  world.messages.assertDone();
  if (main.exitCode !== 0) process.exitCode = 1;
} finally {
  await world.close();
}
