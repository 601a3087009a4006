/**
 * The fake's side of blob storage: one container in Azurite, SAS URLs handed to the client, and
 * direct reads for assertions. All traffic goes through the real `@azure/storage-blob` SDK (a
 * dependency of `@actions/artifact`) to the loopback Azurite endpoint.
 */
import {
  BlobSASPermissions,
  BlobServiceClient,
  type ContainerClient,
  generateBlobSASQueryParameters,
  RestError,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import type { AzuriteBlob } from './azurite.ts';

/** Blob operations the artifact service needs; blob names are container-relative. */
export interface ArtifactBlobStore {
  /**
   * A write-only SAS URL (create + write, 1 h) for one block blob: what `CreateArtifact` returns as
   * `signed_upload_url`. The client stages blocks and commits them
   * (`BlockBlobClient.uploadStream` in `@actions/artifact/lib/internal/upload/blob-upload.js`).
   */
  uploadUrl(blobName: string): string;
  /**
   * A read-only SAS URL (10 min) for `GetSignedArtifactURL` / the REST zip redirect. The SAS
   * overrides Content-Disposition with `fileName`, which the client uses as the file name when the
   * blob is not a zip (`streamExtractExternal` in `download/download-artifact.js`).
   */
  downloadUrl(blobName: string, fileName: string): string;
  /** Committed size in bytes, or `undefined` if the blob does not exist (nothing committed). */
  size(blobName: string): Promise<number | undefined>;
  /** Whole blob contents. @throws RestError (404) if the blob does not exist. */
  read(blobName: string): Promise<Buffer>;
  /** Deletes the blob if it exists. */
  remove(blobName: string): Promise<void>;
}

/** Name of the container holding every artifact blob. */
export const ARTIFACT_CONTAINER = 'actions-results';

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Creates {@link ARTIFACT_CONTAINER} in `azurite` (if missing) and returns the store.
 * @throws RestError if Azurite rejects the container creation.
 */
export async function createArtifactBlobStore(azurite: AzuriteBlob): Promise<ArtifactBlobStore> {
  const credential = new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey);
  // One retry at most: against a local emulator a failure is a bug to surface, not a blip to hide.
  const service = new BlobServiceClient(azurite.blobEndpoint, credential, { retryOptions: { maxTries: 1 } });
  const container: ContainerClient = service.getContainerClient(ARTIFACT_CONTAINER);
  await container.createIfNotExists();

  const sasUrl = (blobName: string, permissions: string, ttlMs: number, fileName?: string): string => {
    const blob = container.getBlockBlobClient(blobName);
    const now = Date.now();
    const sas = generateBlobSASQueryParameters(
      {
        containerName: ARTIFACT_CONTAINER,
        blobName,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(now - 5 * 60_000),
        expiresOn: new Date(now + ttlMs),
        ...(fileName === undefined ? {} : { contentDisposition: contentDisposition(fileName) }),
      },
      credential,
    );
    return `${blob.url}?${sas.toString()}`;
  };

  return {
    uploadUrl: (blobName) => sasUrl(blobName, 'cw', 60 * 60_000),
    downloadUrl: (blobName, fileName) => sasUrl(blobName, 'r', 10 * 60_000, fileName),
    async size(blobName) {
      try {
        const props = await container.getBlockBlobClient(blobName).getProperties();
        return props.contentLength ?? 0;
      } catch (error) {
        if (error instanceof RestError && error.statusCode === 404) return undefined;
        throw error;
      }
    },
    read: (blobName) => container.getBlockBlobClient(blobName).downloadToBuffer(),
    async remove(blobName) {
      await container.getBlockBlobClient(blobName).deleteIfExists();
    },
  };
}
