/**
 * A loopback TCP forwarder that timestamps traffic. Put in front of a fake service, it tells when
 * the first byte of each request arrived, with `performance.now()` precision, without touching the
 * fake: the fakes record `Date.now()` after the whole body was read, which is neither precise nor
 * the first byte.
 */
import { connect, createServer, type Socket } from 'node:net';

/** One chunk seen by the proxy: `c` from the client, `s` from the server. */
interface Chunk {
  t: number;
  dir: 'c' | 's';
}

/** A running proxy. */
export interface RecordingProxy {
  /** `http://127.0.0.1:PORT` for a TCP listener, or the socket path for a Unix listener. */
  readonly url: string;
  /**
   * `performance.now()` of the first byte of every request, in arrival order. A request starts
   * with a client chunk that opens a connection or follows a server chunk on it (HTTP/1.1 is
   * strictly request, then response, per connection).
   */
  requestStarts(): number[];
  /** Every request's first byte and the first byte of its response (NaN when none came). */
  exchanges(): Array<{ start: number; response: number }>;
  /** Forgets what was recorded. */
  reset(): void;
  close(): Promise<void>;
}

/** Where the proxy listens: TCP on 127.0.0.1 (default) or a Unix socket path. */
export interface ProxyOptions {
  /** `http://127.0.0.1:PORT` of the service to forward to, or `unix:/path/to/socket`. */
  target: string;
  /** Listen on this Unix socket path instead of a loopback TCP port. */
  socketPath?: string;
  /** Called when the first byte of a request arrives, after it is recorded and forwarded. */
  onRequest?: () => void;
}

/** Starts a forwarding proxy to `options.target`. */
export async function startRecordingProxy(options: ProxyOptions): Promise<RecordingProxy> {
  const unixTarget = options.target.startsWith('unix:') ? options.target.slice('unix:'.length) : undefined;
  const target = unixTarget ? undefined : new URL(options.target);
  const connections: Chunk[][] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const chunks: Chunk[] = [];
    connections.push(chunks);
    const upstream = unixTarget
      ? connect({ path: unixTarget })
      : connect(Number(target?.port), target?.hostname ?? '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (d) => {
      const opens = chunks.length === 0 || chunks.at(-1)?.dir === 's';
      chunks.push({ t: performance.now(), dir: 'c' });
      upstream.write(d);
      if (opens) options.onRequest?.();
    });
    upstream.on('data', (d) => {
      chunks.push({ t: performance.now(), dir: 's' });
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (options.socketPath) server.listen(options.socketPath, resolve);
    else server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const url =
    options.socketPath ?? `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    requestStarts() {
      return exchanges(connections).map((e) => e.start);
    },
    exchanges() {
      return exchanges(connections);
    },
    reset() {
      connections.length = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Request/response pairs of HTTP/1.1 connections, by arrival. */
function exchanges(connections: readonly Chunk[][]): Array<{ start: number; response: number }> {
  const out: Array<{ start: number; response: number }> = [];
  for (const chunks of connections) {
    let current: { start: number; response: number } | undefined;
    for (const c of chunks) {
      if (c.dir === 'c' && (current === undefined || !Number.isNaN(current.response))) {
        current = { start: c.t, response: Number.NaN };
        out.push(current);
      } else if (c.dir === 's' && current && Number.isNaN(current.response)) {
        current.response = c.t;
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
