/**
 * A stand-in for the parts of `@actions/core` an Action's main step uses, written on the runner's
 * file and stdout commands alone ("Workflow commands for GitHub Actions": `GITHUB_OUTPUT`,
 * `GITHUB_STATE`, `GITHUB_STEP_SUMMARY`, `::error::`, `::add-mask::`, ...).
 *
 * The cold-start benchmark bundles it in place of `@actions/core` (a measured variant) to show
 * what the real package costs at start-up: it imports `@actions/http-client`, and with it undici
 * (about 770 KiB bundled), only for OIDC tokens. It is also a drop-in that src/action could adopt.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/** `core.ExitCode`. */
export const ExitCode = { Success: 0, Failure: 1 } as const;

/** Options of {@link getInput}. */
export interface InputOptions {
  required?: boolean;
  trimWhitespace?: boolean;
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`);
}

function fileCommand(variable: string, name: string, value: string): void {
  const file = process.env[variable];
  if (!file) {
    command(`${variable === 'GITHUB_OUTPUT' ? 'set-output' : 'save-state'} name=${name}`, value);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** `core.getInput`: the `INPUT_<NAME>` variable the runner sets for `with:` inputs. */
export function getInput(name: string, options: InputOptions = {}): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
  if (options.required && !value) throw new Error(`Input required and not supplied: ${name}`);
  return options.trimWhitespace === false ? value : value.trim();
}

/** `core.getBooleanInput` (YAML 1.2 core schema booleans). */
export function getBooleanInput(name: string, options: InputOptions = {}): boolean {
  const value = getInput(name, options);
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}`);
}

/** `core.getMultilineInput`. */
export function getMultilineInput(name: string, options: InputOptions = {}): string[] {
  return getInput(name, options)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (options.trimWhitespace === false ? l : l.trim()));
}

/** `core.setOutput`: a `name<<delimiter` block appended to `GITHUB_OUTPUT`. */
export function setOutput(name: string, value: unknown): void {
  fileCommand('GITHUB_OUTPUT', name, typeof value === 'string' ? value : JSON.stringify(value));
}

/** `core.saveState`: like an output, into `GITHUB_STATE`, read by the post step as `STATE_<name>`. */
export function saveState(name: string, value: unknown): void {
  fileCommand('GITHUB_STATE', name, typeof value === 'string' ? value : JSON.stringify(value));
}

/** `core.getState`: the `STATE_<name>` variable the runner gives the post step. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

/** `core.exportVariable`: set here and, for later steps, appended to `GITHUB_ENV`. */
export function exportVariable(name: string, value: unknown): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  process.env[name] = text;
  fileCommand('GITHUB_ENV', name, text);
}

/** `core.setSecret`: `::add-mask::` so the runner masks the value in logs. */
export function setSecret(secret: string): void {
  command('add-mask', secret);
}

/** `core.isDebug`: step debug logging is on. */
export function isDebug(): boolean {
  return process.env.RUNNER_DEBUG === '1';
}

/** `core.debug`: a `::debug::` line. */
export function debug(message: string): void {
  command('debug', message);
}

/** `core.info`: a plain log line. */
export function info(message: string): void {
  process.stdout.write(`${message}${EOL}`);
}

/** `core.notice`: a `::notice::` annotation. */
export function notice(message: string | Error): void {
  command('notice', message instanceof Error ? message.toString() : message);
}

/** `core.warning`: a `::warning::` annotation. */
export function warning(message: string | Error): void {
  command('warning', message instanceof Error ? message.toString() : message);
}

/** `core.error`: an `::error::` annotation. */
export function error(message: string | Error): void {
  command('error', message instanceof Error ? message.toString() : message);
}

/** `core.setFailed`: an error annotation and exit code 1. */
export function setFailed(message: string | Error): void {
  process.exitCode = ExitCode.Failure;
  error(message);
}

/** `core.startGroup`: opens a collapsible log group. */
export function startGroup(name: string): void {
  command('group', name);
}

/** `core.endGroup`: closes the log group. */
export function endGroup(): void {
  process.stdout.write(`::endgroup::${EOL}`);
}

/** `core.group`. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name);
  try {
    return await fn();
  } finally {
    endGroup();
  }
}

/** `core.summary`: a buffer appended to `GITHUB_STEP_SUMMARY` on `write()`. */
class Summary {
  #buffer = '';

  addRaw(text: string, addEOL = false): this {
    this.#buffer += text + (addEOL ? EOL : '');
    return this;
  }

  addEOL(): this {
    return this.addRaw(EOL);
  }

  async write(options: { overwrite?: boolean } = {}): Promise<this> {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY.');
    if (options.overwrite) (await import('node:fs')).writeFileSync(file, this.#buffer);
    else appendFileSync(file, this.#buffer);
    return this.emptyBuffer();
  }

  async clear(): Promise<this> {
    return this.emptyBuffer().write({ overwrite: true });
  }

  stringify(): string {
    return this.#buffer;
  }

  isEmptyBuffer(): boolean {
    return this.#buffer.length === 0;
  }

  emptyBuffer(): this {
    this.#buffer = '';
    return this;
  }
}

/** `core.summary`. */
export const summary = new Summary();
/** `core.markdownSummary` (deprecated alias of `summary`). */
export const markdownSummary = summary;
