import { createRedactor, DEFAULT_OUTBOUND_HOSTS, type Redactor, redactOutbound } from '../events/redact.ts';

/**
 * The one gate every string passes on its way to GitHub: comment, review and pull-request bodies,
 * commit messages, check-run text, issue titles and the job summary (DESIGN section 5, invariant 4).
 * Publishers in `src/github/` take an {@link Outbound} and never send a string they did not pass
 * through {@link Outbound.text}.
 */
export interface Outbound {
  /** `text` with every known secret replaced by `[REDACTED]`. */
  text(text: string): string;
  /**
   * Whether `content` (a file about to be committed) holds a secret. Files are refused rather than
   * rewritten: a redacted file would be silently corrupted.
   */
  containsSecret(content: string): boolean;
  /** The redactor behind the gate, for the event log writer (`transformEvent`). */
  readonly redactor: Redactor;
}

/**
 * Builds the outbound gate for the secret values `secrets` (empty strings ignored): secrets are
 * redacted (raw and encoded forms) and markdown images and links to hosts other than GitHub's are
 * neutralized (`redactOutbound` of src/events/redact.ts), because a rendered image or a link is a
 * way out for data. `serverUrl` (`GITHUB_SERVER_URL`) adds a GitHub Enterprise Server host.
 */
export function createOutbound(secrets: readonly string[], options: { serverUrl?: string } = {}): Outbound {
  const redactor = createRedactor(secrets.filter((s) => s.length > 0));
  const allowedHosts = [...DEFAULT_OUTBOUND_HOSTS];
  try {
    if (options.serverUrl) allowedHosts.push(new URL(options.serverUrl).host);
  } catch {
    // A malformed GITHUB_SERVER_URL adds nothing.
  }
  return {
    redactor,
    text: (text) => redactOutbound(text, redactor, { allowedHosts }).text,
    containsSecret: (content) => redactor.redactText(content).hits.length > 0,
  };
}
