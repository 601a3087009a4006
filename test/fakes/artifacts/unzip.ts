/**
 * Unzips an artifact archive in memory for assertions, with `unzip-stream` — the same library
 * `@actions/artifact` extracts downloads with (`lib/internal/download/download-artifact.js`), so
 * the fake reads archives exactly as the client does. It ships no types; we declare what we use.
 */
import { createRequire } from 'node:module';
import type { Readable, Transform } from 'node:stream';

interface ZipEntry extends Readable {
  path: string;
  type: 'File' | 'Directory';
  autodrain(): void;
}

type ParseFn = () => Transform;

const require = createRequire(import.meta.url);
const { Parse } = require('unzip-stream') as { Parse: ParseFn };

/**
 * Returns each file of the zip `archive`, keyed by its archive path (forward slashes, relative to
 * the upload's root directory, e.g. `dir/file.txt`). Directory entries are skipped; empty files map
 * to empty buffers.
 *
 * @throws Error when `archive` is not a readable zip.
 */
export async function unzipToMap(archive: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const reads: Promise<void>[] = [];
  // Event style, as unzip-stream's own Extract does: its parser emits 'close' by hand once the zip
  // is parsed, which async iteration would report as a premature close.
  await new Promise<void>((resolve, reject) => {
    const parser = Parse();
    parser.on('entry', (entry: ZipEntry) => {
      if (entry.type !== 'File') {
        entry.autodrain();
        return;
      }
      reads.push(
        (async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of entry) chunks.push(chunk as Buffer);
          files.set(entry.path, Buffer.concat(chunks));
        })(),
      );
    });
    parser.on('error', reject);
    parser.on('close', () => resolve());
    parser.end(archive);
  });
  await Promise.all(reads);
  return files;
}
