/**
 * Record types held by the fake GitHub's in-memory state.
 *
 * Records keep GitHub's field names (snake_case, as in the REST API responses) so a test can compare a
 * record with what a client sent or read, but they reference users by login instead of embedding the
 * full user object; the route modules render the full REST shapes from them.
 */

/**
 * Repository role as set by a test with `fake.setPermission`. `admin`, `maintain`, `write`, `triage`
 * and `read` are GitHub's built-in repository roles; `none` means "not a collaborator".
 * Source: https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 */
export type RepoRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

/** A user or bot account as the REST API renders it (the "simple user" schema, subset). */
export interface FakeUser {
  login: string;
  id: number;
  node_id: string;
  avatar_url: string;
  html_url: string;
  url: string;
  type: 'User' | 'Bot' | 'Organization';
  site_admin: boolean;
}

/** The one repository the fake serves. */
export interface RepoInfo {
  owner: string;
  name: string;
  id: number;
  node_id: string;
  default_branch: string;
  private: boolean;
  /** The webhook payload's repository object (retargeted), used as the base of `GET /repos/{o}/{r}`. */
  raw: Record<string, unknown>;
}

/** An issue or the issue half of a pull request (every pull request is also an issue on GitHub). */
export interface IssueRecord {
  number: number;
  id: number;
  node_id: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: string | null;
  user: string;
  labels: string[];
  assignees: string[];
  locked: boolean;
  author_association: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** True when a pull request with the same number exists. */
  is_pull_request: boolean;
}

/** One side (head or base) of a pull request. */
export interface PullSide {
  ref: string;
  sha: string;
}

/** The pull-request-only fields; title, body, state, user and labels live on the issue record. */
export interface PullRecord {
  number: number;
  id: number;
  node_id: string;
  head: PullSide;
  base: PullSide;
  draft: boolean;
  merged: boolean;
  merged_at: string | null;
  merge_commit_sha: string | null;
  maintainer_can_modify: boolean;
}

/** An issue (or pull request conversation) comment. */
export interface IssueCommentRecord {
  id: number;
  node_id: string;
  issue_number: number;
  body: string;
  user: string;
  author_association: string;
  created_at: string;
  updated_at: string;
}

/** The reaction contents GitHub accepts. Source: https://docs.github.com/en/rest/reactions/reactions */
export const REACTION_CONTENTS = [
  '+1',
  '-1',
  'laugh',
  'confused',
  'heart',
  'hooray',
  'rocket',
  'eyes',
] as const;

/** One of {@link REACTION_CONTENTS}. */
export type ReactionContent = (typeof REACTION_CONTENTS)[number];

/** What a reaction is attached to; `subject_id` is an issue number for `issue`, else a comment id. */
export type ReactionSubject = 'issue' | 'issue_comment' | 'commit_comment' | 'review_comment';

/** A reaction on an issue or a comment. */
export interface ReactionRecord {
  id: number;
  node_id: string;
  subject: ReactionSubject;
  subject_id: number;
  content: ReactionContent;
  user: string;
  created_at: string;
}

/** A repository label. */
export interface LabelRecord {
  id: number;
  node_id: string;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

/** A pull request review. `state` uses the REST values (`COMMENTED`, not the `COMMENT` event name). */
export interface ReviewRecord {
  id: number;
  node_id: string;
  pull_number: number;
  user: string;
  body: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING' | 'DISMISSED';
  commit_id: string;
  author_association: string;
  submitted_at: string | null;
}

/** An inline review comment on a pull request diff. */
export interface ReviewCommentRecord {
  id: number;
  node_id: string;
  pull_number: number;
  pull_request_review_id: number | null;
  path: string;
  line: number | null;
  side: 'LEFT' | 'RIGHT';
  start_line: number | null;
  start_side: 'LEFT' | 'RIGHT' | null;
  position: number | null;
  diff_hunk: string;
  body: string;
  user: string;
  commit_id: string;
  in_reply_to_id: number | null;
  author_association: string;
  created_at: string;
  updated_at: string;
}

/** A comment on a commit (optionally on a file line of it). */
export interface CommitCommentRecord {
  id: number;
  node_id: string;
  commit_id: string;
  body: string;
  path: string | null;
  position: number | null;
  line: number | null;
  user: string;
  author_association: string;
  created_at: string;
  updated_at: string;
}

/** A check run annotation as sent in `output.annotations`. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
  start_column?: number;
  end_column?: number;
}

/** A check run. `conclusion` is null until `status` is `completed`. */
export interface CheckRunRecord {
  id: number;
  node_id: string;
  name: string;
  head_sha: string;
  external_id: string | null;
  details_url: string | null;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: {
    title: string | null;
    summary: string | null;
    text: string | null;
    annotations: CheckAnnotation[];
  };
  actions: unknown[];
  check_suite_id: number;
  /** Login of the token's actor that created the run. */
  created_by: string;
}

/**
 * Everything the fake knows besides git objects and refs (those live in the bare repository; see
 * `GitStore`). Arrays are in creation order; deleting a comment removes it from its array.
 */
export interface FakeState {
  repo: RepoInfo;
  users: Map<string, FakeUser>;
  permissions: Map<string, RepoRole>;
  issues: IssueRecord[];
  pulls: PullRecord[];
  issueComments: IssueCommentRecord[];
  reactions: ReactionRecord[];
  labels: LabelRecord[];
  reviews: ReviewRecord[];
  reviewComments: ReviewCommentRecord[];
  commitComments: CommitCommentRecord[];
  checkRuns: CheckRunRecord[];
  /** Next value handed out by `nextId`; kept above every id seen in a seed payload. */
  idCounter: number;
}
