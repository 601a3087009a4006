/**
 * A FIFO mutex shared by the tools of one session that touch the workspace (bash and the file
 * tools). The file tools check a path and then open it, in the harness process, outside the
 * sandbox; holding this lock while they do means no command can swap a checked directory for a
 * symlink in between, because no sandboxed process exists outside a bash call (bash kills every
 * process of a command before it releases the lock).
 */
export class ToolLock {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` once every earlier holder finished; returns its result (or rethrows its error). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn);
    this.#tail = result.catch(() => {});
    return result;
  }
}
