import { existsSync, readFileSync } from 'node:fs';

/**
 * Parses a runner command file (`GITHUB_OUTPUT`, `GITHUB_STATE`) as `@actions/core` writes it:
 * `name<<DELIMITER\nvalue\nDELIMITER` blocks (GitHub docs, "Workflow commands", multiline
 * strings), or `name=value` lines. A missing file reads as empty.
 */
export function readCommandFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      out[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
