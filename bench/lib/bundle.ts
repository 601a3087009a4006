/**
 * Builds of the Action bundle for the cold-start diagnosis, made with esbuild into a scratch
 * directory (dist/ is never touched): the bundle as scripts/build.mjs makes it, with a metafile
 * to attribute its bytes to packages; variants that show what a change would gain (minified,
 * `@actions/artifact` loaded lazily); and each heavy dependency bundled alone to time its load.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

/** The options of scripts/build.mjs (keep in step with it), for the entries given. */
function baseOptions(root: string, outdir: string, entryPoints: Record<string, string>): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);",
    },
    metafile: true,
  };
}

/** The three entry points of dist/. */
export const ENTRIES = { main: 'src/action/main.ts', post: 'src/action/post.ts', cli: 'src/cli/index.ts' };

/** What a variant changes. */
export interface VariantOptions {
  minify?: boolean;
  /** Packages imported by src/ that the variant loads with `import()` at first use. */
  lazy?: string[];
  /** Packages imported by src/ that the variant replaces with a file (absolute path). */
  replace?: Record<string, string>;
}

/**
 * Replaces a static `import { DefaultArtifactClient } from '@actions/artifact'` in src/ with a
 * stand-in that imports the package on first use; what a `const { DefaultArtifactClient } =
 * await import('@actions/artifact')` inside `uploadSessionArtifact` would do.
 */
function lazyPlugin(root: string, packages: readonly string[]): Plugin {
  return {
    name: 'bench-lazy',
    setup(b) {
      for (const pkg of packages) {
        const filter = new RegExp(`^${pkg.replace(/[/.]/g, '\\$&')}$`);
        b.onResolve({ filter }, (args) =>
          args.importer.includes('/src/') ? { path: pkg, namespace: 'bench-lazy' } : undefined,
        );
      }
      b.onLoad({ filter: /.*/, namespace: 'bench-lazy' }, (args) => ({
        resolveDir: root,
        contents: lazyStub(args.path),
      }));
    },
  };
}

/** Resolves imports of the given packages from src/ to replacement files. */
function replacePlugin(replacements: Record<string, string>): Plugin {
  return {
    name: 'bench-replace',
    setup(b) {
      for (const [pkg, file] of Object.entries(replacements)) {
        const filter = new RegExp(`^${pkg.replace(/[/.]/g, '\\$&')}$`);
        b.onResolve({ filter }, (args) => (args.importer.includes('/src/') ? { path: file } : undefined));
      }
    },
  };
}

function lazyStub(pkg: string): string {
  if (pkg !== '@actions/artifact') throw new Error(`no lazy stand-in for ${pkg}`);
  return `
export class DefaultArtifactClient {
  #real;
  async #client() {
    this.#real ??= new (await import('@actions/artifact')).DefaultArtifactClient();
    return this.#real;
  }
  async uploadArtifact(...a) { return (await this.#client()).uploadArtifact(...a); }
  async downloadArtifact(...a) { return (await this.#client()).downloadArtifact(...a); }
  async listArtifacts(...a) { return (await this.#client()).listArtifacts(...a); }
  async getArtifact(...a) { return (await this.#client()).getArtifact(...a); }
  async deleteArtifact(...a) { return (await this.#client()).deleteArtifact(...a); }
}`;
}

/** Builds the Action bundle (all three entries) into `outdir`; returns the metafile. */
export async function buildBundle(
  root: string,
  outdir: string,
  variant: VariantOptions = {},
): Promise<Metafile> {
  const options = baseOptions(root, outdir, ENTRIES);
  if (variant.minify) options.minify = true;
  options.plugins = [
    ...(variant.lazy?.length ? [lazyPlugin(root, variant.lazy)] : []),
    ...(variant.replace ? [replacePlugin(variant.replace)] : []),
  ];
  const result = await build(options);
  return result.metafile as Metafile;
}

/** A metafile output key (relative to the build's working directory) as a path relative to outdir. */
function outPath(root: string, outdir: string, key: string): string {
  return relative(outdir, resolve(root, key));
}

/** Output files `entry` loads before it runs (its static import closure), relative to outdir. */
export function staticClosure(meta: Metafile, root: string, outdir: string, entry = 'main.js'): string[] {
  const outs = meta.outputs;
  const key = Object.keys(outs).find((k) => outPath(root, outdir, k) === entry);
  if (!key) throw new Error(`${entry} is not in the metafile`);
  const seen = new Set<string>();
  const stack = [key];
  while (stack.length > 0) {
    const k = stack.pop() as string;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const im of outs[k]?.imports ?? [])
      if (im.kind === 'import-statement' && outs[im.path]) stack.push(im.path);
  }
  return [...seen].map((k) => outPath(root, outdir, k));
}

/** Package name of a metafile input path (`src/...` for ours). */
function packageOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (m?.[1]) return m[1];
  return input.startsWith('src/') ? 'src (Steward)' : input.split('/')[0] || input;
}

/** Bytes of `main.js`'s static closure per package, largest first. */
export function bytesByPackage(
  meta: Metafile,
  root: string,
  outdir: string,
): Array<{ pkg: string; bytes: number }> {
  const closure = new Set(staticClosure(meta, root, outdir));
  const totals = new Map<string, number>();
  for (const [out, info] of Object.entries(meta.outputs)) {
    if (!closure.has(outPath(root, outdir, out))) continue;
    for (const [input, { bytesInOutput }] of Object.entries(info.inputs)) {
      const pkg = packageOf(input);
      totals.set(pkg, (totals.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([pkg, bytes]) => ({ pkg, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Packages that src/ imports directly and that `main.js` loads statically. */
export function directImports(meta: Metafile): string[] {
  const direct = new Set<string>();
  for (const [input, info] of Object.entries(meta.inputs)) {
    if (!input.startsWith('src/')) continue;
    for (const im of info.imports) {
      if (im.kind !== 'import-statement' || im.external || !im.path.includes('node_modules/')) continue;
      if (im.original) direct.add(im.original);
    }
  }
  return [...direct].sort();
}

/**
 * Bundles `specifier` alone (everything it exports kept) into `outdir`, so its load time can be
 * measured apart from the rest; returns the file and its size.
 */
export async function bundlePackage(
  root: string,
  outdir: string,
  specifier: string,
): Promise<{ file: string; bytes: number }> {
  const file = join(outdir, `${specifier.replace(/[@/]/g, '_')}.mjs`);
  mkdirSync(dirname(file), { recursive: true });
  await build({
    absWorkingDir: root,
    stdin: {
      contents: `import * as m from '${specifier}'; globalThis.__benchKeep = m;`,
      resolveDir: root,
      loader: 'js',
    },
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);",
    },
  });
  return { file, bytes: readFileSync(file).length };
}

/** Files of `dir` (recursively) relative to it. */
function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/** Files that differ between a fresh build in `fresh` and `dist` (missing on either side included). */
export function distDifferences(fresh: string, dist: string): string[] {
  const a = new Set(listFiles(fresh));
  const b = new Set(listFiles(dist));
  const out: string[] = [];
  for (const f of new Set([...a, ...b])) {
    if (!a.has(f) || !b.has(f)) out.push(f);
    else if (!readFileSync(join(fresh, f)).equals(readFileSync(join(dist, f)))) out.push(f);
  }
  return out.sort();
}

/** Writes a tiny ESM file that imports `files` (absolute) and prints when they are loaded. */
export function writeLoader(path: string, files: readonly string[]): void {
  const lines = files.map((f) => `await import(${JSON.stringify(f)});`);
  writeFileSync(path, `${lines.join('\n')}\nprocess.stdout.write('loaded\\n');\n`);
}

/** Relative static imports of a built file, followed recursively; absolute paths. */
export function staticFiles(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bfrom\s*"(\.\.?\/[^"]+)"|\bimport\s*"(\.\.?\/[^"]+)"/g)) {
      visit(resolve(dirname(file), (m[1] ?? m[2]) as string));
    }
  };
  visit(entry);
  return [...seen];
}
