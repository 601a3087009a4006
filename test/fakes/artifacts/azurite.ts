/**
 * In-process Azurite blob service (the real Azure Storage emulator from the `azurite` npm package),
 * in-memory, bound to 127.0.0.1 on a free port.
 *
 * Azurite ships no type declarations and no public programmatic entry point, so we load its
 * compiled classes by path (`azurite/dist/src/blob/BlobServer.js`, `BlobConfiguration.js`,
 * `common/persistence/MemoryExtentStore.js`) through `createRequire` and describe just the members
 * we call. The constructor argument order below is copied from
 * `node_modules/azurite/dist/src/blob/BlobConfiguration.js` (azurite 3.35.0); re-check it when
 * upgrading azurite.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';

/**
 * Azurite's well-known development account. Public, documented constants
 * (https://learn.microsoft.com/azure/storage/common/storage-use-azurite#well-known-storage-account-and-key),
 * also hard-coded in `azurite/dist/src/blob/utils/constants.js` as EMULATOR_ACCOUNT_NAME/KEY_STR.
 */
export const DEV_ACCOUNT_NAME = 'devstoreaccount1';

/** Base64 shared key of {@link DEV_ACCOUNT_NAME}; see the source note there. Not a secret. */
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running in-memory Azurite blob endpoint. */
export interface AzuriteBlob {
  /**
   * Path-style account endpoint, e.g. `http://127.0.0.1:41234/devstoreaccount1`. Blob URLs are
   * `<blobEndpoint>/<container>/<blob>`.
   */
  readonly blobEndpoint: string;
  readonly accountName: string;
  readonly accountKey: string;
  /**
   * Stops the HTTP listener, drops all connections and clears Azurite's timers and in-memory data.
   * Resolves once the listening socket is closed. Idempotent.
   */
  close(): Promise<void>;
}

interface AzuriteBlobServer {
  readonly httpServer: Server;
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
  getHttpServerAddress(): string;
}

type BlobServerCtor = new (config: unknown) => AzuriteBlobServer;
type BlobConfigurationCtor = new (...args: unknown[]) => unknown;
type ChunkStoreCtor = new (sizeLimit: number) => unknown;

interface AzuriteModules {
  BlobServer: BlobServerCtor;
  BlobConfiguration: BlobConfigurationCtor;
  MemoryExtentChunkStore: ChunkStoreCtor;
}

let modules: AzuriteModules | undefined;

/** Loads Azurite once per process; the first load costs ~300-500 ms (express, lokijs, appinsights). */
function loadAzurite(): AzuriteModules {
  if (modules) return modules;
  const require = createRequire(import.meta.url);
  // Telemetry only starts when azurite's CLI calls AzuriteTelemetryClient.init(), which we never do;
  // switching the static flag off as well guards against a future version initialising it lazily.
  const telemetry = require('azurite/dist/src/common/Telemetry.js') as {
    AzuriteTelemetryClient: { enableTelemetry: boolean };
  };
  telemetry.AzuriteTelemetryClient.enableTelemetry = false;
  modules = {
    BlobServer: (require('azurite/dist/src/blob/BlobServer.js') as { default: BlobServerCtor }).default,
    BlobConfiguration: (
      require('azurite/dist/src/blob/BlobConfiguration.js') as { default: BlobConfigurationCtor }
    ).default,
    MemoryExtentChunkStore: (
      require('azurite/dist/src/common/persistence/MemoryExtentStore.js') as {
        MemoryExtentChunkStore: ChunkStoreCtor;
      }
    ).MemoryExtentChunkStore,
  };
  return modules;
}

/** Options for {@link startAzuriteBlob}. */
export interface AzuriteBlobOptions {
  /** Cap on blob bytes held in memory; uploads beyond it fail with a storage error. Default 512 MiB. */
  memoryLimitBytes?: number;
}

/**
 * Starts Azurite's blob service in this process: in-memory persistence (no files written), loopback
 * only, port chosen by the OS, `loose` and `skipApiVersionCheck` on so newer `@azure/storage-blob`
 * API versions are accepted. Each call gets its own memory store, so instances are isolated.
 *
 * @throws if the azurite package cannot be loaded or the listener fails to bind.
 */
export async function startAzuriteBlob(options: AzuriteBlobOptions = {}): Promise<AzuriteBlob> {
  const { BlobServer, BlobConfiguration, MemoryExtentChunkStore } = loadAzurite();
  const memoryStore = new MemoryExtentChunkStore(options.memoryLimitBytes ?? 512 * 1024 * 1024);
  // Positional: host, port, keepAliveTimeout(s), metadataDBPath, extentDBPath, persistencePathArray,
  // enableAccessLog, accessLogWriteStream, enableDebugLog, debugLogFilePath, loose,
  // skipApiVersionCheck, cert, key, pwd, oauth, disableProductStyleUrl, isMemoryPersistence, memoryStore.
  // The DB paths are only Loki collection names when isMemoryPersistence is true.
  const config = new BlobConfiguration(
    '127.0.0.1',
    0,
    5,
    'fake-artifacts-blob-metadata',
    'fake-artifacts-blob-extents',
    [],
    false,
    undefined,
    false,
    undefined,
    true,
    true,
    '',
    '',
    '',
    undefined,
    // Product-style URLs (account as subdomain) never apply to an IP host; keep path style explicit.
    true,
    true,
    memoryStore,
  );
  const server = new BlobServer(config);
  await server.start();
  const origin = server.getHttpServerAddress();
  let closing: Promise<void> | undefined;

  const close = async (): Promise<void> => {
    const http = server.httpServer;
    const closed = http.listening ? once(http, 'close') : Promise.resolve();
    await server.close();
    // Azurite's close() only *schedules* listener shutdown (stoppable) and leaves keep-alive
    // sockets open; drop them so no handle outlives close().
    http.closeAllConnections();
    await closed;
    await server.clean();
  };

  return {
    blobEndpoint: `${origin}/${DEV_ACCOUNT_NAME}`,
    accountName: DEV_ACCOUNT_NAME,
    accountKey: DEV_ACCOUNT_KEY,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
