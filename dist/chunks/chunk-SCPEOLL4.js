import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);

// src/events/redact.ts
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";

// src/events/bus.ts
import { randomBytes } from "node:crypto";
function newEventId() {
  return `sevt_${randomBytes(15).toString("base64url")}`;
}
var EventBus = class {
  #listeners = [];
  #now;
  /** @param now clock for `processed_at`; tests inject a fixed one. */
  constructor(now = () => /* @__PURE__ */ new Date()) {
    this.#now = now;
  }
  /** Adds `listener`; returns a function that removes it. */
  subscribe(listener) {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }
  emit(input) {
    const event = {
      ...input,
      id: input.id ?? newEventId(),
      processed_at: this.#now().toISOString()
    };
    let failure;
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== void 0) throw failure;
    return event;
  }
};

// src/events/outbound-text.ts
var DEFAULT_OUTBOUND_HOSTS = [
  "github.com",
  "*.github.com",
  "*.githubusercontent.com"
];
function redactOutbound(text, redactor, options = {}) {
  const { text: redacted, hits } = redactor.redactText(text);
  const allowed = options.allowedHosts ?? DEFAULT_OUTBOUND_HOSTS;
  const neutralized = [];
  const out = neutralizeLinks(redacted, allowed, neutralized);
  return { text: out, hits, neutralized };
}
var NAMED_ENTITIES = {
  colon: ":",
  sol: "/",
  period: ".",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  commat: "@",
  num: "#",
  quest: "?",
  equals: "=",
  bsol: "\\",
  Tab: "	",
  NewLine: "\n"
};
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (m, body) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 1114111 ? String.fromCodePoint(code) : m;
    }
    return NAMED_ENTITIES[body] ?? m;
  });
}
function hostAllowed(host, allowed) {
  const h = host.toLowerCase().replace(/\.$/, "");
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith("*.") ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p;
  });
}
function foreignHost(rawUrl, allowed) {
  const url = decodeEntities(rawUrl.trim()).replace(/[\t\n\r]/g, "").replace(/\\/g, "/");
  if (url === "" || url.startsWith("#")) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === void 0 && !url.startsWith("//")) return null;
  if (scheme === "mailto") return null;
  try {
    const parsed = new URL(url.startsWith("//") ? `https:${url}` : url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return parsed.protocol;
    return hostAllowed(parsed.hostname, allowed) ? null : parsed.hostname || "?";
  } catch {
    return "?";
  }
}
function asCode(url) {
  return `\`${url.replace(/`/g, "%60").replace(/[\r\n]/g, "")}\``;
}
var URL_ATTRIBUTES = /\b(?:src|srcset|href|poster|data|action|formaction|background|lowsrc|dynsrc|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
var MEDIA_TAGS = /* @__PURE__ */ new Set([
  "img",
  "image",
  "source",
  "video",
  "audio",
  "picture",
  "track",
  "input",
  "embed"
]);
var OUTBOUND_TOKENS = new RegExp(
  [
    // 1: tag name of an HTML tag that can carry a URL (an unterminated tag runs to the end).
    String.raw`<\s*(img|image|source|video|audio|picture|track|input|embed|iframe|object|a|area|form|link|meta|base|svg|use|body|table|td|th)\b[^>]*(?:>|$)`,
    // 2: alt text, 3: URL of a markdown image; 4: link text, 5: URL of a markdown link.
    String.raw`!\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)`,
    String.raw`\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)`,
    // 6: URL of an autolink.
    String.raw`<((?:https?:)?\/\/[^>\s]*)>`,
    // 7: a bare URL or www. link (GitHub autolinks both).
    String.raw`((?:https?:\/\/|www\.)[^\s<>\x60"'\])]+)`
  ].join("|"),
  "gi"
);
function codeRanges(text) {
  const ranges = [];
  const fence = /^ {0,3}(`{3,}|~{3,})([^\n]*)$/gm;
  let open;
  for (const m of text.matchAll(fence)) {
    const run = m[1] ?? "";
    const info = m[2] ?? "";
    if (!open) {
      if (run[0] === "`" && info.includes("`")) continue;
      open = { char: run[0] ?? "`", len: run.length, start: m.index };
    } else if (run[0] === open.char && run.length >= open.len && info.trim() === "") {
      ranges.push([open.start, m.index + m[0].length]);
      open = void 0;
    }
  }
  if (open) ranges.push([open.start, text.length]);
  for (const m of text.matchAll(/(`+)[^`]+?\1/g)) ranges.push([m.index, m.index + m[0].length]);
  return ranges;
}
function neutralizeLinks(text, allowed, found) {
  let out = text.replace(
    /^( {0,3}\[[^\]\n]+\]:[ \t]*)<?([^\s>]+)>?([^\n]*)$/gm,
    (m, head2, url) => {
      const host = foreignHost(url, allowed);
      if (host === null) return m;
      found.push({ kind: "reference", host });
      return `${head2}#link-removed`;
    }
  );
  const code = codeRanges(out);
  const inCode = (at) => code.some(([s, e]) => at >= s && at < e);
  out = out.replace(
    OUTBOUND_TOKENS,
    (m, tag, alt, imageUrl, linkText, linkUrl, autolink, bare, offset) => {
      if (tag !== void 0) {
        let foreign = null;
        for (const a of m.matchAll(URL_ATTRIBUTES)) {
          const value = a[1] ?? a[2] ?? a[3] ?? "";
          for (const candidate of value.split(",")) {
            const host2 = foreignHost(candidate.trim().split(/\s+/)[0] ?? "", allowed);
            if (host2 !== null) foreign ??= host2;
          }
        }
        const styleUrl = /url\(\s*['"]?([^'")\s]+)/i.exec(m)?.[1];
        if (styleUrl !== void 0) foreign ??= foreignHost(styleUrl, allowed);
        if (foreign === null) return m;
        const name = tag.toLowerCase();
        found.push({ kind: MEDIA_TAGS.has(name) ? "image" : "html", host: foreign });
        return MEDIA_TAGS.has(name) ? `[image removed: ${foreign}]` : "";
      }
      if (imageUrl !== void 0) {
        const host2 = foreignHost(imageUrl, allowed);
        if (host2 === null) return m;
        found.push({ kind: "image", host: host2 });
        return `[image removed: ${host2}]${alt ? ` ${alt}` : ""}`;
      }
      if (linkUrl !== void 0) {
        const host2 = foreignHost(linkUrl, allowed);
        if (host2 === null) return m;
        found.push({ kind: "link", host: host2 });
        return `${linkText ?? ""} (${asCode(linkUrl)})`;
      }
      const url = autolink ?? bare ?? "";
      if (bare !== void 0 && inCode(offset)) return m;
      const host = foreignHost(url.startsWith("www.") ? `https://${url}` : url, allowed);
      if (host === null) return m;
      found.push({ kind: "url", host });
      return asCode(url);
    }
  );
  return out;
}

// src/events/redact.ts
var REDACTION_MASK = "[REDACTED]";
var MIN_SECRET_LENGTH = 8;
var PATTERNS = [
  { kind: "anthropic_key", re: /sk-ant-[A-Za-z0-9_-]{16,}/g, group: 0 },
  { kind: "github_pat", re: /github_pat_[A-Za-z0-9_]{30,}/g, group: 0 },
  { kind: "github_token", re: /\bgh[pousr]_[A-Za-z0-9]{30,}/g, group: 0 },
  { kind: "npm_token", re: /\bnpm_[A-Za-z0-9]{36}\b/g, group: 0 },
  { kind: "aws_access_key_id", re: /\b(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[A-Z0-9]{16}\b/g, group: 0 },
  {
    kind: "aws_secret_access_key",
    re: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})/gi,
    group: 1
  },
  { kind: "jwt", re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, group: 0 },
  {
    kind: "private_key",
    re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    group: 0
  }
];
var SPLIT_SEPARATOR = "[\\s\"'+,`\\\\]{0,8}";
function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function base64Cores(secret) {
  const cores = [];
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), secret]).toString("base64");
    const start = Math.ceil(pad * 8 / 6);
    const end = Math.floor((pad + secret.length) * 8 / 6);
    const core = encoded.slice(start, end);
    if (core.length >= MIN_SECRET_LENGTH) {
      cores.push({ b64: core, b64url: core.replace(/\+/g, "-").replace(/\//g, "_") });
    }
  }
  return cores;
}
function percentEncodeAll(bytes, upper) {
  let out = "";
  for (const b of bytes) {
    const h = b.toString(16).padStart(2, "0");
    out += `%${upper ? h.toUpperCase() : h}`;
  }
  return out;
}
function needlesFor(secret) {
  const bytes = Buffer.from(secret, "utf8");
  const needles = [{ value: secret, kind: "secret" }];
  for (const { b64, b64url } of base64Cores(bytes)) {
    needles.push({ value: b64, kind: "secret:base64" });
    if (b64url !== b64) needles.push({ value: b64url, kind: "secret:base64url" });
  }
  const hex = bytes.toString("hex");
  needles.push({ value: hex, kind: "secret:hex" }, { value: hex.toUpperCase(), kind: "secret:hex" });
  const uri = encodeURIComponent(secret);
  if (uri !== secret) needles.push({ value: uri, kind: "secret:url" });
  needles.push(
    { value: percentEncodeAll(bytes, true), kind: "secret:url" },
    { value: percentEncodeAll(bytes, false), kind: "secret:url" }
  );
  const reversed = [...secret].reverse().join("");
  if (reversed !== secret) needles.push({ value: reversed, kind: "secret:reversed" });
  const piece = Math.max(10, Math.ceil(secret.length * 0.6));
  if (secret.length > piece) {
    const short = secret.length <= 60;
    const width = short ? piece : Math.floor(piece / 2);
    const stride = short ? 1 : width;
    for (let offset = 0; offset + width <= secret.length; offset += stride) {
      needles.push({
        value: secret.slice(offset, offset + width),
        kind: "secret:partial",
        whole: secret,
        offset,
        minLength: piece
      });
    }
  }
  return needles;
}
function applyRanges(text, ranges) {
  if (ranges.length === 0) return { text, hits: [] };
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) {
      if (r.end > last.end) last.end = r.end;
    } else {
      merged.push({ ...r });
    }
  }
  let out = "";
  let at = 0;
  const hits = [];
  for (const r of merged) {
    out += text.slice(at, r.start) + REDACTION_MASK;
    at = r.end;
    hits.push({ kind: r.kind, length: r.end - r.start });
  }
  return { text: out + text.slice(at), hits };
}
function createRedactor(secrets) {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))];
  const needles = values.flatMap(needlesFor).sort((a, b) => b.value.length - a.value.length);
  const split = values.filter((v) => v.length <= 512).map((secret) => ({
    secret,
    re: new RegExp([...secret].map(escapeRegExp).join(SPLIT_SEPARATOR), "g")
  }));
  const redactText = (text) => {
    if (text.length === 0) return { text, hits: [] };
    const ranges = [];
    for (const n of needles) {
      let from = text.indexOf(n.value);
      while (from >= 0) {
        let start = from;
        let end = from + n.value.length;
        if (n.whole !== void 0 && n.offset !== void 0) {
          let o = n.offset;
          while (start > 0 && o > 0 && text[start - 1] === n.whole[o - 1]) {
            start--;
            o--;
          }
          let e = n.offset + n.value.length;
          while (end < text.length && e < n.whole.length && text[end] === n.whole[e]) {
            end++;
            e++;
          }
          if (end - start < (n.minLength ?? 0)) {
            from = text.indexOf(n.value, from + 1);
            continue;
          }
        }
        ranges.push({ start, end, kind: n.kind });
        from = text.indexOf(n.value, from + 1);
      }
    }
    for (const { secret, re } of split) {
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) {
        if (m[0].length === secret.length) continue;
        ranges.push({ start: m.index, end: m.index + m[0].length, kind: "secret:split" });
      }
    }
    for (const rule of PATTERNS) {
      rule.re.lastIndex = 0;
      for (const m of text.matchAll(rule.re)) {
        const part = m[rule.group] ?? m[0];
        const start = m.index + (rule.group === 0 ? 0 : m[0].lastIndexOf(part));
        ranges.push({ start, end: start + part.length, kind: rule.kind });
      }
    }
    return applyRanges(text, ranges);
  };
  const redactValue = (value) => {
    const hits = [];
    const walk = (v) => {
      if (typeof v === "string") {
        const r = redactText(v);
        hits.push(...r.hits);
        return r.text;
      }
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k), walk(x)]));
      }
      return v;
    };
    return { value: walk(value), hits };
  };
  return {
    redactText,
    redactValue,
    redactEvent: (event) => redactValue(event).value
  };
}
function summarizeHits(hits) {
  const counts = /* @__PURE__ */ new Map();
  for (const h of hits) counts.set(h.kind, (counts.get(h.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => ({ kind, count }));
}
function redactionEvent(hits, subject, now = /* @__PURE__ */ new Date()) {
  return {
    id: newEventId(),
    type: "steward.redaction",
    processed_at: now.toISOString(),
    ...subject,
    hits: summarizeHits(hits)
  };
}
function redactingTransform(redactor, record) {
  return (event) => {
    if (event.type === "steward.redaction") return event;
    const { value, hits } = redactor.redactValue(event);
    if (hits.length > 0) record(redactionEvent(hits, { event_id: event.id, event_type: event.type }));
    return value;
  };
}
function appendEventLine(path, event) {
  appendFileSync(path, `${JSON.stringify(event)}
`);
}
function redactFile(path, redactor) {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  let out;
  let hits;
  if (path.endsWith(".jsonl")) {
    const lines = text.split("\n").map((line) => {
      if (line.trim() === "") return { line, hits: [] };
      try {
        const r = redactor.redactValue(JSON.parse(line));
        return { line: JSON.stringify(r.value), hits: r.hits };
      } catch {
        const r = redactor.redactText(line);
        return { line: r.text, hits: r.hits };
      }
    });
    out = lines.map((l) => l.line).join("\n");
    hits = lines.flatMap((l) => l.hits);
  } else {
    try {
      const r = redactor.redactValue(JSON.parse(text));
      out = `${JSON.stringify(r.value, null, 2)}
`;
      hits = r.hits;
    } catch {
      const r = redactor.redactText(text);
      out = r.text;
      hits = r.hits;
    }
  }
  if (hits.length > 0) writeFileSync(path, out);
  return hits;
}

// src/report/progress.ts
var MAX_SUMMARY = 80;
var MAX_NOTE = 400;
function describeToolInput(input) {
  if (!input || typeof input !== "object") return "";
  const record = input;
  const preferred = ["command", "file_path", "path", "pattern", "title", "event", "reason", "labels"];
  const key = preferred.find((k) => record[k] !== void 0) ?? Object.keys(record).find((k) => typeof record[k] === "string");
  if (!key) return "";
  const value = record[key];
  const text = (typeof value === "string" ? value : JSON.stringify(value)).replace(/\s+/g, " ").trim();
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}\u2026` : text;
}
var ProgressModel = class {
  steps = [];
  note = "";
  turns = 0;
  /** Folds `event` in; true when the checklist or the note changed. */
  apply(event) {
    switch (event.type) {
      case "agent.tool_use":
      case "agent.mcp_tool_use":
      case "agent.custom_tool_use": {
        const e = event;
        this.steps.push({
          id: e.id,
          tool: e.name,
          summary: describeToolInput(e.input),
          status: e.evaluated_permission === "ask" ? "waiting" : "running"
        });
        return true;
      }
      case "agent.tool_result":
      case "agent.mcp_tool_result": {
        const e = event;
        const step = this.steps.find((s) => s.id === (e.tool_use_id ?? e.mcp_tool_use_id));
        if (!step) return false;
        step.status = e.is_error ? "failed" : "done";
        return true;
      }
      case "agent.message": {
        const content = event.content ?? [];
        const text = content.map((b) => b.text ?? "").join(" ").replace(/\s+/g, " ").trim();
        if (!text) return false;
        this.note = text.length > MAX_NOTE ? `${text.slice(0, MAX_NOTE - 1)}\u2026` : text;
        return true;
      }
      case "span.model_request_end":
        if (!event.is_error) this.turns += 1;
        return false;
      default:
        return false;
    }
  }
};
var MARK = {
  running: "- [ ]",
  done: "- [x]",
  failed: "- [x] \u2717",
  waiting: "- [ ] \u270B"
};
function renderChecklist(steps, max = 20) {
  if (steps.length === 0) return "";
  const shown = steps.slice(-max);
  const lines = shown.map(
    (s) => `${MARK[s.status]} \`${s.tool}\`${s.summary ? ` ${codeSpan(s.summary)}` : ""}`
  );
  if (shown.length < steps.length)
    lines.unshift(
      `- \u2026 ${steps.length - shown.length} earlier step${steps.length - shown.length === 1 ? "" : "s"}`
    );
  return lines.join("\n");
}
function codeSpan(text) {
  return `\`${text.replace(/`/g, "'")}\``;
}

// src/report/markdown.ts
var STATE_LABEL = {
  completed: "\u2705 completed",
  no_changes: "\u2796 no changes needed",
  budget_reached: "\u23F8\uFE0F budget reached",
  requires_action: "\u270B waiting for approval",
  denied: "\u{1F6AB} denied",
  error: "\u274C error"
};
function sessionMarker(sessionId) {
  return `<!-- steward:session=${sessionId} -->`;
}
function metaMarker(meta) {
  return `<!-- steward:meta ${JSON.stringify(meta).replace(/--/g, "\\u002d\\u002d")} -->`;
}
function parseTrackingComment(body) {
  const session = /<!-- steward:session=(sesn_[A-Za-z0-9_-]+) -->/.exec(body)?.[1];
  if (!session) return null;
  const raw = /<!-- steward:meta (\{.*?\}) -->/.exec(body)?.[1];
  let meta = null;
  if (raw) {
    try {
      const parsed = JSON.parse(raw);
      if (typeof parsed.agent === "string" && typeof parsed.run_id === "string" && typeof parsed.state === "string")
        meta = { agent: parsed.agent, run_id: parsed.run_id, state: parsed.state };
    } catch {
      meta = null;
    }
  }
  return { sessionId: session, meta };
}
function formatUsd(usd) {
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}
function formatDuration(ms) {
  if (ms < 6e4) return `${(ms / 1e3).toFixed(1)}s`;
  const s = Math.round(ms / 1e3);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}
function figuresLine(r) {
  const u = r.usage;
  return [
    `cost ${formatUsd(u.cost_usd)}`,
    `tokens ${u.input_tokens.toLocaleString("en-US")} in / ${u.output_tokens.toLocaleString("en-US")} out / ${u.cache_read_input_tokens.toLocaleString("en-US")} cache read`,
    `${r.turns} turn${r.turns === 1 ? "" : "s"}`,
    formatDuration(r.duration_ms)
  ].join(" \xB7 ");
}
function linkLine(links) {
  const out = [];
  if (links.runUrl) out.push(`[run](${links.runUrl})`);
  if (links.artifactUrl) out.push(`[event log](${links.artifactUrl})`);
  else if (links.artifactName) out.push(`event log: artifact \`${links.artifactName}\``);
  return out.length ? ` \xB7 ${out.join(" \xB7 ")}` : "";
}
function head(sessionId, meta) {
  return meta ? [sessionMarker(sessionId), metaMarker(meta)] : [sessionMarker(sessionId)];
}
function warningLines(warnings) {
  if (!warnings?.length) return [];
  return [...warnings.map((w) => `\u26A0\uFE0F ${w}  `), ""];
}
function renderWorkingComment(view) {
  const parts = [
    ...head(view.sessionId, view.meta),
    `### Steward \xB7 \`${view.agent}\` \xB7 \u23F3 working`,
    "",
    ...warningLines(view.warnings)
  ];
  for (const n of view.notes ?? []) parts.push(`${n}  `);
  if (view.notes?.length) parts.push("");
  const checklist = renderChecklist(view.steps);
  if (checklist) parts.push(checklist, "");
  if (view.note) parts.push(`> ${view.note}`, "");
  parts.push(`<sub>turn ${view.turns}${linkLine(view.links)}</sub>`);
  return parts.join("\n");
}
function renderResultComment(r, extras = {}) {
  const links = extras.links ?? {};
  const parts = [
    ...head(r.session_id, extras.meta),
    `### Steward \xB7 \`${r.agent}\` \xB7 ${STATE_LABEL[r.state]}`,
    "",
    ...warningLines(extras.warnings)
  ];
  for (const n of extras.notes ?? []) parts.push(`${n}  `);
  if (extras.notes?.length) parts.push("");
  if (r.state === "budget_reached" && r.limit)
    parts.push(`Stopped at the **${r.limit}** limit; partial results below.`, "");
  if (r.error) {
    parts.push(`**What failed:** ${r.error.message}`);
    if (r.error.hint) parts.push(`**What to change:** ${r.error.hint}`);
    parts.push("");
  }
  if (r.result.trim()) parts.push(r.result.trim(), "");
  if (extras.pending?.length) {
    parts.push("**Waiting for approval:**");
    for (const p of extras.pending)
      parts.push(`- \`${p.tool}\`${p.summary ? ` ${codeSpan(p.summary)}` : ""}`);
    parts.push("", "A maintainer can answer with `/steward approve` or `/steward deny <reason>`.", "");
  }
  if (extras.outputs?.length) {
    parts.push("**Outputs:**");
    for (const o of extras.outputs)
      parts.push(`- ${o.status === "applied" ? "\u2705" : "\u274C"} ${o.url ? `[${o.detail}](${o.url})` : o.detail}`);
    parts.push("");
  }
  const checklist = extras.steps ? renderChecklist(extras.steps) : "";
  if (checklist) parts.push("<details><summary>Steps</summary>", "", checklist, "", "</details>", "");
  if (extras.blockedHosts?.length)
    parts.push(`Blocked by the sandbox: ${extras.blockedHosts.map((h) => `\`${h}\``).join(", ")}`, "");
  parts.push(`<sub>${figuresLine(r)}${linkLine(links)}</sub>`);
  return parts.join("\n");
}
function renderSetupFailureComment(message, hint, links) {
  return [
    "<!-- steward:setup-error -->",
    `### Steward \xB7 ${STATE_LABEL.error}`,
    "",
    "**What failed:**",
    "```",
    message,
    "```",
    hint ? `**What to change:** ${hint}` : "",
    "",
    `<sub>no model request was made${linkLine(links)}</sub>`
  ].join("\n");
}
function renderRefusal(login, reason) {
  return [
    "<!-- steward:refused -->",
    `@${login} Steward did not run: ${reason}. No model request was made.`
  ].join("\n");
}
function renderCommandProblem(login, problem) {
  return ["<!-- steward:command-problem -->", `@${login} ${problem}`].join("\n");
}
function renderInterruptedComment(view) {
  const log = view.uploaded ? `The event log so far is artifact \`steward-${view.sessionId}\`; a new \`/steward \u2026\` command on this thread continues the session from it.` : "The event log could not be uploaded; see the run log.";
  return [
    ...head(view.sessionId, view.meta),
    `### Steward \xB7 \`${view.agent}\` \xB7 ${STATE_LABEL.error}`,
    "",
    ...warningLines(view.warnings),
    "**What failed:** the run was cancelled or stopped before the session finished.",
    `**What to change:** re-run the job, or go on from where it stopped. ${log}`,
    "",
    `<sub>session \`${view.sessionId}\`${linkLine(view.links)}</sub>`
  ].join("\n");
}

// src/events/log.ts
import { closeSync, existsSync as existsSync2, mkdirSync, openSync, readFileSync as readFileSync2, truncateSync, writeSync } from "node:fs";
import { dirname } from "node:path";
var EventLogWriter = class {
  path;
  #fd;
  #transform;
  /**
   * Opens (creating directories as needed) `path` for appending. An existing file is continued,
   * which is how a resumed session extends its log.
   *
   * @param transform applied to each event before it is serialized; the redactor goes here so
   *   no secret reaches the disk.
   * @throws the `fs` error when the file cannot be opened.
   */
  constructor(path, transform = (e) => e) {
    this.path = path;
    this.#transform = transform;
    mkdirSync(dirname(path), { recursive: true });
    this.#fd = openSync(path, "a");
  }
  /** Serializes and appends one event. @throws when the log was closed or the write fails. */
  append(event) {
    if (this.#fd === void 0) throw new Error(`event log ${this.path} is closed`);
    writeSync(this.#fd, `${JSON.stringify(this.#transform(event))}
`);
  }
  /** Closes the descriptor; later appends throw. Idempotent. */
  close() {
    if (this.#fd === void 0) return;
    closeSync(this.#fd);
    this.#fd = void 0;
  }
};
function readEventLog(path) {
  if (!existsSync2(path)) throw new Error(`event log not found: ${path}`);
  return parseEventLog(readFileSync2(path, "utf8"), path);
}
function parseEventLog(text, source) {
  const lines = text.split("\n");
  const complete = text.endsWith("\n");
  const last = lines.pop() ?? "";
  const events = [];
  let tornTail = !complete && last.length > 0;
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      events.push(JSON.parse(line));
    } catch {
      if (i === lines.length - 1 && complete) {
        tornTail = true;
        return;
      }
      throw new Error(`${source}:${i + 1}: not a JSON event; the log was altered or corrupted`);
    }
  });
  return { events, tornTail };
}
function repairEventLog(path) {
  if (!existsSync2(path)) return false;
  const bytes = readFileSync2(path);
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] !== 10) end = bytes.lastIndexOf(10) + 1;
  const lastStart = end >= 2 ? bytes.lastIndexOf(10, end - 2) + 1 : 0;
  const lastLine = bytes.subarray(lastStart, end).toString("utf8").trim();
  if (lastLine) {
    try {
      JSON.parse(lastLine);
    } catch {
      end = lastStart;
    }
  }
  if (end === bytes.length) return false;
  truncateSync(path, end);
  return true;
}

export {
  newEventId,
  EventBus,
  DEFAULT_OUTBOUND_HOSTS,
  redactOutbound,
  createRedactor,
  redactingTransform,
  appendEventLine,
  redactFile,
  describeToolInput,
  ProgressModel,
  STATE_LABEL,
  parseTrackingComment,
  formatUsd,
  formatDuration,
  figuresLine,
  renderWorkingComment,
  renderResultComment,
  renderSetupFailureComment,
  renderRefusal,
  renderCommandProblem,
  renderInterruptedComment,
  EventLogWriter,
  readEventLog,
  repairEventLog
};
