/**
 * What the main step hands to the post step (`core.saveState`, read back with `core.getState`):
 * enough to upload the log of a session the main step did not finish and to finalize its
 * tracking comment and check run.
 */
export const STATE = {
  outDir: 'steward_out_dir',
  sessionId: 'steward_session_id',
  /** `true` once the session's outcome was reported; `false` while it runs. */
  done: 'steward_done',
  /** JSON `{kind, id, url}` of the tracking comment. */
  tracking: 'steward_tracking',
  /**
   * JSON of where the tracking comment goes (`{kind: 'issue', number}` or `{kind: 'commit', sha}`),
   * saved before it exists: a run killed before the comment was written still gets one.
   */
  thread: 'steward_thread',
  /** Id of the check run. */
  check: 'steward_check',
  agent: 'steward_agent',
  /**
   * Directory of final comment bodies GitHub did not accept from the main step (one JSON file
   * `{ref, body}` per comment); the post step writes them again. Set only when there are some.
   */
  unwritten: 'steward_unwritten',
} as const;
