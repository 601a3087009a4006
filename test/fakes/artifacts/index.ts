/**
 * Fake GitHub Actions artifact service for tests: the real `@actions/artifact` client talks to it
 * unmodified, with in-process Azurite as the blob store. Usage: `test/fakes/README.md`,
 * section "Artifact service".
 */
export type { AzuriteBlob, AzuriteBlobOptions } from './azurite.ts';
export { DEV_ACCOUNT_KEY, DEV_ACCOUNT_NAME, startAzuriteBlob } from './azurite.ts';
export type { ArtifactBlobStore } from './blobs.ts';
export { ARTIFACT_CONTAINER, createArtifactBlobStore } from './blobs.ts';
export type { ArtifactEnvInput } from './env.ts';
export { applyEnv, buildArtifactEnv, withEnv } from './env.ts';
export type { ArtifactRecord, NewArtifact } from './records.ts';
export { ArtifactRegistry, isVisible } from './records.ts';
export type { RestDeps } from './rest.ts';
export { handleRestRequest, toRestArtifact } from './rest.ts';
export type { FakeArtifactService, FakeArtifactServiceOptions, FakeRun } from './service.ts';
export { startFakeArtifactService } from './service.ts';
export type { RuntimeTokenScope } from './token.ts';
export { createRuntimeToken, verifyRuntimeToken } from './token.ts';
export type { TwirpCode } from './twirp.ts';
export { TWIRP_STATUS, TwirpError } from './twirp.ts';
export type { RunInfo, TwirpServiceDeps } from './twirp-service.ts';
export { DUPLICATE_NAME_MESSAGE, handleTwirpRequest, TWIRP_PREFIX } from './twirp-service.ts';
export { unzipToMap } from './unzip.ts';
