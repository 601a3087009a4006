import { describe, expect, it } from 'vitest';
import { startFakeArtifactService } from '../../fakes/artifacts/index.ts';
import { startFakeGitHub } from '../../fakes/github/index.ts';
import { startFakeMessagesApi } from '../../fakes/messages/index.ts';

describe('the three loopback services together', () => {
  it('start side by side on port 0, report their URLs and close', async () => {
    const started = performance.now();
    const [messages, github, artifacts] = await Promise.all([
      startFakeMessagesApi(),
      startFakeGitHub(),
      startFakeArtifactService(),
    ]);
    // Printed, not asserted: speed belongs to the benchmarks (bench/RESULTS.md).
    console.log(`all three fakes started in ${Math.round(performance.now() - started)} ms`);
    for (const url of [messages.url, github.url, artifacts.resultsUrl]) {
      expect(new URL(url).hostname).toBe('127.0.0.1');
      expect(Number(new URL(url).port)).toBeGreaterThan(0);
    }
    await Promise.all([messages.close(), github.close(), artifacts.close()]);
    const sockets = (process as unknown as { _getActiveHandles(): unknown[] })
      ._getActiveHandles()
      .filter((h) => h?.constructor?.name === 'Server' || h?.constructor?.name === 'Socket');
    expect(sockets.filter((s) => (s as { listening?: boolean }).listening)).toEqual([]);
  });
});
