/**
 * In-memory artifact records of the fake results service, shaped after what the real service keeps
 * and returns in `ListArtifactsResponse.MonolithArtifact` (`node_modules/@actions/artifact/lib/
 * generated/results/api/v1/artifact.d.ts`) and the REST `artifact` object.
 */

/** One artifact, from `CreateArtifact` on. Returned to tests as a copy; mutate nothing. */
export interface ArtifactRecord {
  /** Database id (`database_id` in Twirp, `id` in REST); unique across all runs of this fake. */
  id: number;
  name: string;
  /** Numeric `GITHUB_RUN_ID` of the uploading run. */
  runId: number;
  /** `owner/name` of the uploading run's repository. */
  repository: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  /** `mime_type` from `CreateArtifact`; `application/zip` unless uploaded with `skipArchive`. */
  mimeType: string;
  /** Name the blob downloads as: `<name>.zip` for zips, else `<name>`. */
  fileName: string;
  /** Blob path inside the artifact container. */
  blobName: string;
  /** `version` from `CreateArtifact` (7 for @actions/artifact 6.x). */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date | undefined;
  /** False between `CreateArtifact` and `FinalizeArtifact`; unfinalized artifacts are never listed. */
  finalized: boolean;
  /** Size reported by the client in `FinalizeArtifact` (0 until then). */
  size: number;
  /** Bytes Azurite actually held when the artifact was finalized. */
  blobSize: number | undefined;
  /** `hash` from `FinalizeArtifact`, e.g. `sha256:<hex>`; listed as `digest`. */
  digest: string | undefined;
}

/** Fields a caller supplies to {@link ArtifactRegistry.create}; the rest are derived. */
export type NewArtifact = Pick<
  ArtifactRecord,
  | 'name'
  | 'runId'
  | 'repository'
  | 'workflowRunBackendId'
  | 'workflowJobRunBackendId'
  | 'mimeType'
  | 'version'
> & { expiresAt?: Date | undefined };

/** True once finalized and not past its expiry: the artifacts list/get/download can see. */
export function isVisible(record: ArtifactRecord, now = new Date()): boolean {
  return record.finalized && (record.expiresAt === undefined || record.expiresAt > now);
}

/** Mutable store of {@link ArtifactRecord}s; ids start at 1001 and only grow. */
export class ArtifactRegistry {
  #records: ArtifactRecord[] = [];
  #nextId = 1001;

  /** Adds an unfinalized record and returns it (the live object). */
  create(input: NewArtifact): ArtifactRecord {
    const id = this.#nextId++;
    const now = new Date();
    const fileName =
      input.mimeType === 'application/zip' && !input.name.endsWith('.zip') ? `${input.name}.zip` : input.name;
    const record: ArtifactRecord = {
      ...input,
      id,
      fileName,
      blobName: `${input.workflowRunBackendId}/${id}/${fileName}`,
      createdAt: now,
      updatedAt: now,
      expiresAt: input.expiresAt,
      finalized: false,
      size: 0,
      blobSize: undefined,
      digest: undefined,
    };
    this.#records.push(record);
    return record;
  }

  /** Every record of workflow run `workflowRunBackendId` named `name`, in id order, any state. */
  byName(workflowRunBackendId: string, name: string): ArtifactRecord[] {
    return this.#records.filter((r) => r.workflowRunBackendId === workflowRunBackendId && r.name === name);
  }

  /** The newest visible record of the run named `name`, if any. */
  latestVisible(workflowRunBackendId: string, name: string): ArtifactRecord | undefined {
    return this.byName(workflowRunBackendId, name)
      .filter((r) => isVisible(r))
      .at(-1);
  }

  /** The record with database id `id`, any state. */
  get(id: number): ArtifactRecord | undefined {
    return this.#records.find((r) => r.id === id);
  }

  /** Live records matching `predicate`, in id order. */
  where(predicate: (record: ArtifactRecord) => boolean): ArtifactRecord[] {
    return this.#records.filter(predicate);
  }

  /** Removes the record with id `id`; returns whether it existed. */
  remove(id: number): boolean {
    const before = this.#records.length;
    this.#records = this.#records.filter((r) => r.id !== id);
    return this.#records.length !== before;
  }

  /** Copies of all records (any state), in id order, safe for tests to keep. */
  snapshot(): ArtifactRecord[] {
    return this.#records.map((r) => ({ ...r }));
  }
}
