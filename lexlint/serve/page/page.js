// The writer's page: a face over lexlint's HTTP API. Every finding, rewrite, sentence and move comes from the
// server (/v1/lint, /v1/fix, /v1/rules); this script only asks and draws.
//
// Positions: the API gives 1-based lines and columns counted in Unicode code points, end exclusive; a
// JavaScript string counts UTF-16 code units, where an emoji is two. Every position is converted once, when
// an answer arrives, into offsets in the text that answer was for. While the writer types on, the last
// answer's underlines are carried over the edit (moved, not recomputed) until the next answer replaces them,
// so nothing flickers; the latest request wins (a sequence number, and the one before it aborted).
"use strict";

const DEBOUNCE_MS = 100;
const HOVER_CLOSE_MS = 250;
const TOKEN_KEY = "lexlint-token"; // sessionStorage: gone when the tab closes
const NARROW = window.matchMedia("(max-width: 640px)"); // the card is a sheet at the bottom of the screen
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
// the three ways a writer's text comes; the server's other kinds follow under "Other formats"
const MAIN_KINDS = { draft: "Draft reply", template: "Macro body", script: "Phone script" };
const OTHER_KINDS = {
  macro: "Macro export (JSON)",
  "macro-yaml": "Macro export (YAML)",
  html: "HTML",
  markdown: "Markdown",
  email: "E-mail (.eml)",
};
const NAVIGATION_KEYS = new Set([
  "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown",
]);

const $ = (id) => document.getElementById(id);
const ui = {
  draft: $("draft"),
  context: $("context"),
  backdrop: $("backdrop"),
  kind: $("kind"),
  profile: $("profile"),
  token: $("token"),
  tokenField: $("token-field"),
  problem: $("problem"),
  summary: $("summary"),
  notice: $("notice"),
  shape: $("shape"),
  findings: $("findings"),
  applyAll: $("apply-all"),
  card: $("card"),
  cardTitle: $("card-title"),
  cardBody: $("card-body"),
  cardClose: $("card-close"),
};

const state = {
  answer: null, // the last lint answer, located in the text it was for: {text, findings, sentences, summary}
  rules: new Map(), // rule id -> its entry in /v1/rules (for the why)
  seq: 0, // the latest lint request's number
  inFlight: null, // its AbortController
  timer: 0, // the debounce
  card: null, // {indexes, anchor, opener, hover}: what the open card shows, where, and who opened it
  hoverTimer: 0,
  returningTo: null, // the element focus goes back to as a card closes
};

class Problem extends Error {}

// ---- the API ----------------------------------------------------------------------------------------

async function call(path, body, signal) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new Problem(`Cannot reach the lexlint server at ${location.origin}: is \`lexlint serve\` still running?`);
  }
  let doc = null;
  try {
    doc = await response.json();
  } catch (_notJson) {
    doc = null; // said below
  }
  if (!response.ok) {
    if (response.status === 401 || response.status === 403) showTokenField();
    const said = doc && typeof doc.error === "string" ? doc.error : response.statusText;
    throw new Problem(`The server refused the request (HTTP ${response.status}): ${said}`);
  }
  if (doc === null) throw new Problem(`The server's answer to ${path} was not JSON.`);
  return doc;
}

function request(text) {
  return {
    text,
    context: ui.context.value,
    kind: ui.kind.value || "draft",
    profile: ui.profile.value || null,
  };
}

// ---- positions: code points (the API) to UTF-16 offsets (the editor) ----------------------------------

function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function isPair(text, i) {
  const high = text.charCodeAt(i);
  return high >= 0xd800 && high <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}

function offsetAt(text, starts, line, column) {
  let i = starts[Math.min(Math.max(line, 1), starts.length) - 1];
  for (let c = 1; c < column && i < text.length; c++) i += isPair(text, i) ? 2 : 1;
  return i;
}

function located(text, answer) {
  const starts = lineStarts(text);
  const span = (p) => ({
    start: offsetAt(text, starts, p.line, p.column),
    end: offsetAt(text, starts, p.end_line, p.end_column),
  });
  return {
    text,
    findings: answer.findings.map((f, index) => ({ ...f, ...span(f), index })),
    sentences: (answer.sentences || []).map((s) => ({ ...s, ...span(s) })),
    summary: answer.summary || {},
  };
}

// The edit from one text to another, as the one changed run between their common start and end.
function change(before, after) {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < shorter - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

// A span of the old text in the new one: moved when the edit is elsewhere, stretched when inside it, else
// null (the edit cut through it: the next answer says what stands there).
function carried(span, edit) {
  const shift = edit.newEnd - edit.oldEnd;
  if (span.end <= edit.start) return { start: span.start, end: span.end };
  if (span.start >= edit.oldEnd) return { start: span.start + shift, end: span.end + shift };
  if (span.start <= edit.start && edit.oldEnd <= span.end) return { start: span.start, end: span.end + shift };
  return null;
}

// Where each of the answer's findings (or sentences) stands in the editor's text now.
function standing(items) {
  if (!state.answer) return [];
  const edit = change(state.answer.text, ui.draft.value);
  const out = [];
  for (const item of items) {
    const at = carried(item, edit);
    if (at && at.end > at.start) out.push({ item, ...at });
  }
  return out;
}

// ---- linting as the writer types -----------------------------------------------------------------------

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(lintNow, DEBOUNCE_MS);
}

async function lintNow() {
  clearTimeout(state.timer);
  const seq = ++state.seq;
  if (state.inFlight) state.inFlight.abort();
  const controller = new AbortController();
  state.inFlight = controller;
  const text = ui.draft.value;
  document.body.classList.add("busy");
  try {
    const answer = await call("v1/lint", { ...request(text), sentences: true }, controller.signal);
    if (seq !== state.seq) return false;
    state.answer = located(text, answer);
    clearProblem();
    drawAnswer();
    return true;
  } catch (err) {
    if (err.name === "AbortError" || seq !== state.seq) return false;
    showProblem(err);
    return false;
  } finally {
    if (seq === state.seq) {
      state.inFlight = null;
      document.body.classList.remove("busy");
    }
  }
}

// ---- drawing ----------------------------------------------------------------------------------------

function fitHeight() {
  // the editor grows with its text, so it never scrolls inside and the underlines beneath stay aligned
  ui.draft.style.height = "auto";
  ui.draft.style.height = `${ui.draft.scrollHeight + 2}px`;
}

function worst(findings) {
  return findings.reduce((a, b) => (SEVERITY_RANK[b.severity] < SEVERITY_RANK[a.severity] ? b : a));
}

// The editor's text again beneath it, each run under findings in a <mark>: underlined in the style of the
// worst severity there, and naming the findings it belongs to.
function drawUnderlines() {
  const text = ui.draft.value;
  const spans = standing(state.answer ? state.answer.findings : []);
  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const pieces = document.createDocumentFragment();
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [from, to] = [cuts[k], cuts[k + 1]];
    const over = spans.filter((s) => s.start < to && s.end > from).map((s) => s.item);
    if (over.length === 0) {
      pieces.append(text.slice(from, to));
      continue;
    }
    const mark = document.createElement("mark");
    mark.className = `sev-${worst(over).severity}`;
    mark.dataset.findings = over.map((f) => f.index).join(" ");
    mark.dataset.rules = over.map((f) => f.rule).join(" ");
    mark.textContent = text.slice(from, to);
    pieces.append(mark);
  }
  ui.backdrop.replaceChildren(pieces);
  if (state.card) highlight(state.card.indexes);
}

function redraw() {
  fitHeight();
  drawUnderlines();
}

function drawAnswer() {
  if (state.card) closeCard(false); // its findings were the last answer's
  redraw();
  drawSummary();
  drawList();
  drawShape();
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function drawSummary() {
  const s = state.answer.summary;
  const counts = s.findings === 0
    ? "No findings"
    : `${plural(s.findings, "finding")}: ${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ` +
      `${plural(s.infos, "info")}`;
  const said = typeof s.score === "number" ? `${counts}. Score ${s.score} of 100.` : `${counts}.`;
  if (ui.summary.textContent !== said) ui.summary.textContent = said; // the live region speaks only on change
}

function quoted(text) {
  return `“${text}”`;
}

function badge(severity) {
  const el = document.createElement("span");
  el.className = `badge sev-${severity}`;
  el.textContent = severity;
  return el;
}

function span(className, text) {
  const el = document.createElement("span");
  el.className = className;
  el.textContent = text;
  return el;
}

const FIX_WORDS = { safe: "safe rewrite", unsafe: "unsafe rewrite", none: "" };

function drawList() {
  const items = state.answer.findings.map((f) => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = `finding sev-${f.severity}`;
    button.dataset.index = String(f.index);
    const rewrite = FIX_WORDS[f.fix] && f.suggestion ? `, ${FIX_WORDS[f.fix]}` : "";
    button.setAttribute(
      "aria-label",
      `${f.severity}, ${f.rule}, line ${f.line}: ${quoted(f.matched)}${rewrite}. ${f.message} Enter opens its card.`,
    );
    button.append(badge(f.severity), span("rule", f.rule), span("matched", quoted(f.matched)));
    if (rewrite) button.append(span(`fixmark fix-${f.fix}`, FIX_WORDS[f.fix]));
    button.append(span("where", `line ${f.line}`));
    li.append(button);
    return li;
  });
  if (items.length === 0) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = "Nothing to change.";
    items.push(li);
  }
  // the writer on the list stays on it: on the same finding, else the first, else back in the editor
  const focused = ui.findings.contains(document.activeElement) ? document.activeElement.dataset.index : undefined;
  ui.findings.replaceChildren(...items);
  if (focused !== undefined) {
    (ui.findings.querySelector(`button[data-index="${focused}"]`) || ui.findings.querySelector("button") || ui.draft).focus();
  }
  ui.applyAll.disabled = !anySafeRewrite();
}

function anySafeRewrite() {
  return Boolean(state.answer) && state.answer.findings.some((f) => f.fix === "safe" && f.suggestion);
}

function drawShape() {
  const chips = state.answer.sentences.map((s, k) => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "chip";
    button.dataset.sentence = String(k);
    const moves = s.moves.length ? s.moves.join(", ") : "no move";
    button.setAttribute("aria-label", `Sentence ${k + 1}, ${moves}: ${s.text}`);
    const tags = span("moves", "");
    for (const move of s.moves) tags.append(span(`move move-${move}`, move));
    if (!s.moves.length) tags.append(span("move move-none", "no move"));
    button.append(tags, span("chip-text", s.text));
    li.append(button);
    return li;
  });
  ui.shape.replaceChildren(...chips);
}

// ---- the card ---------------------------------------------------------------------------------------

function highlight(indexes) {
  for (const mark of ui.backdrop.querySelectorAll("mark.current")) mark.classList.remove("current");
  for (const i of indexes) {
    for (const mark of ui.backdrop.querySelectorAll(`mark[data-findings~="${i}"]`)) mark.classList.add("current");
  }
}

function cardSection(f) {
  const article = document.createElement("article");
  article.className = `entry sev-${f.severity}`;
  const head = document.createElement("h3");
  head.append(badge(f.severity), span("rule", f.rule), span("where", `line ${f.line}, column ${f.column}`));
  const message = document.createElement("p");
  message.className = "message";
  message.textContent = f.message;
  article.append(head, message);
  const rule = state.rules.get(f.rule);
  if (rule && rule.why && !f.message.includes(rule.why.trim())) { // most messages say their why already
    const why = document.createElement("p");
    why.className = "why";
    why.append(span("label", "Why "), rule.why);
    article.append(why);
  }
  const rewritable = (f.fix === "safe" || f.fix === "unsafe") && f.suggestion;
  if (f.suggestion) {
    const said = document.createElement("p");
    said.className = "rewrite";
    said.append(span("label", rewritable ? "Rewrite " : "Suggestion "), rewritable ? quoted(f.suggestion) : f.suggestion);
    article.append(said);
  }
  if (rewritable) {
    if (f.fix === "unsafe") {
      const note = document.createElement("p");
      note.className = "unsafe";
      note.textContent = "Unsafe rewrite: read it again after applying, it may change what you mean.";
      article.append(note);
    }
    const apply = document.createElement("button");
    apply.type = "button";
    apply.className = "apply";
    apply.textContent = f.fix === "unsafe" ? "Apply (unsafe)" : "Apply";
    apply.setAttribute("aria-label", `Apply the ${f.fix} rewrite for ${f.rule}: ${f.suggestion}`);
    apply.addEventListener("click", () => {
      apply.disabled = true; // one request per click
      applyOne(f).finally(() => { apply.disabled = false; });
    });
    article.append(apply);
  }
  article.append(explanation(f.rule));
  return article;
}

// What `lexlint explain` says of the rule (its examples, its fix), asked for when first opened.
function explanation(rule) {
  const details = document.createElement("details");
  const title = document.createElement("summary");
  title.textContent = "More about this rule";
  const text = document.createElement("pre");
  details.append(title, text);
  details.addEventListener("toggle", async () => {
    if (!details.open || text.textContent) return;
    text.textContent = "…";
    try {
      text.textContent = (await call(`v1/rules/${encodeURIComponent(rule)}${profileQuery()}`)).text;
    } catch (err) {
      text.textContent = err instanceof Problem ? err.message : String(err);
    }
  });
  return details;
}

function profileQuery() {
  return ui.profile.value ? `?profile=${encodeURIComponent(ui.profile.value)}` : "";
}

function openCard(indexes, { anchor, opener, focus = false, hover = false }) {
  const findings = indexes.map((i) => state.answer.findings[i]).filter(Boolean);
  if (findings.length === 0) return;
  clearTimeout(state.hoverTimer);
  const same = state.card && state.card.indexes.join() === indexes.join();
  state.card = { indexes, anchor, opener, hover };
  if (!same || ui.card.hidden) {
    ui.cardTitle.textContent = findings.length === 1 ? `Finding: ${findings[0].rule}` : `${findings.length} findings here`;
    ui.cardBody.replaceChildren(...findings.map(cardSection));
  }
  ui.card.hidden = false;
  place(anchor);
  highlight(indexes);
  if (focus) (ui.card.querySelector("button.apply") || ui.cardClose).focus();
}

function place(anchor) {
  ui.card.style.left = "";
  ui.card.style.top = "";
  if (NARROW.matches || !anchor) return; // a sheet along the bottom, placed by the style sheet
  const box = anchor.getBoundingClientRect();
  const width = ui.card.offsetWidth;
  const left = Math.min(Math.max(box.left + window.scrollX, 8), document.documentElement.clientWidth - width - 8);
  ui.card.style.left = `${left}px`;
  ui.card.style.top = `${box.bottom + window.scrollY + 6}px`;
}

function closeCard(refocus = true) {
  if (!state.card) return;
  const { opener } = state.card;
  state.card = null;
  ui.card.hidden = true;
  highlight([]);
  if (refocus && opener && document.contains(opener)) {
    state.returningTo = opener; // back where the writer was, without opening its card again
    opener.focus();
    state.returningTo = null;
  }
}

function indexesOf(mark) {
  return mark.dataset.findings.split(" ").map(Number);
}

function markAt(x, y) {
  for (const mark of ui.backdrop.querySelectorAll("mark")) {
    for (const r of mark.getClientRects()) {
      if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return mark;
    }
  }
  return null;
}

// The findings under the caret, and the first mark of them (where the card goes).
function atCaret() {
  const caret = ui.draft.selectionStart;
  const here = standing(state.answer ? state.answer.findings : []).filter((s) => s.start <= caret && caret <= s.end);
  if (!here.length) return null;
  const indexes = here.map((s) => s.item.index);
  return { indexes, anchor: ui.backdrop.querySelector(`mark[data-findings~="${indexes[0]}"]`) };
}

function caretCard(focus) {
  const here = atCaret();
  if (here) openCard(here.indexes, { anchor: here.anchor, opener: ui.draft, focus });
  else if (state.card && state.card.opener === ui.draft) closeCard(false);
}

// ---- applying rewrites --------------------------------------------------------------------------------

// The editor's text replaced by `next` as one edit the writer can undo (Ctrl+Z), the caret after it.
function replaceText(next) {
  const edit = change(ui.draft.value, next);
  ui.draft.focus();
  ui.draft.setSelectionRange(edit.start, edit.oldEnd);
  const typed = document.execCommand("insertText", false, next.slice(edit.start, edit.newEnd));
  if (!typed || ui.draft.value !== next) ui.draft.value = next;
  ui.draft.setSelectionRange(edit.newEnd, edit.newEnd);
  redraw();
}

// The answer for the editor's text as it is now: linted again first when the writer typed since.
async function fresh() {
  if (state.answer && state.answer.text === ui.draft.value) return true;
  return lintNow();
}

async function applyOne(f) {
  const before = standing([f])[0];
  if (!(await fresh())) return;
  const now = before && state.answer.findings.find((g) => g.rule === f.rule && g.start === before.start);
  if (!now) {
    closeCard(false);
    notify(`The ${f.rule} finding is no longer in the reply.`);
    return;
  }
  const text = ui.draft.value;
  const body = {
    ...request(text),
    finding: { line: now.line, column: now.column, rule: now.rule },
    unsafe: now.fix === "unsafe", // the writer asked for this one rewrite, unsafe or not
  };
  let answer;
  try {
    answer = await call("v1/fix", body);
  } catch (err) {
    showProblem(err);
    return;
  }
  if (ui.draft.value !== text) {
    notify("The reply changed while the rewrite was written: apply it again.");
    return;
  }
  if (!answer.applied) {
    const reason = answer.refused.length ? answer.refused[0].reason : "it does not apply here";
    showProblem(new Problem(`The rewrite for ${now.rule} was not applied: ${reason}.`));
    return;
  }
  closeCard(false);
  replaceText(answer.text);
  notify(`Applied the rewrite for ${now.rule}.`);
  await lintNow();
}

async function applyAllSafe() {
  if (!(await fresh())) return;
  const text = ui.draft.value;
  let answer;
  try {
    answer = await call("v1/fix", request(text));
  } catch (err) {
    showProblem(err);
    return;
  }
  if (ui.draft.value !== text) {
    notify("The reply changed while the rewrites were written: apply them again.");
    return;
  }
  const refused = answer.refused.map((r) => `${r.rule} (line ${r.line}): ${r.reason}`);
  const said = answer.applied ? `Applied ${plural(answer.applied, "safe rewrite")}.` : "No safe rewrite applies.";
  notify(refused.length ? `${said} Not applied: ${refused.join("; ")}.` : said);
  if (answer.applied) {
    closeCard(false);
    replaceText(answer.text);
    await lintNow();
  }
}

// ---- messages to the writer ------------------------------------------------------------------------------

function showProblem(err) {
  ui.problem.textContent = err instanceof Problem ? err.message : `Something went wrong on this page: ${err}`;
  ui.problem.hidden = false;
}

function clearProblem() {
  ui.problem.hidden = true;
  ui.problem.textContent = "";
}

function notify(text) {
  ui.notice.textContent = text;
}

function showTokenField() {
  ui.tokenField.hidden = false;
}

// ---- the server's choices -----------------------------------------------------------------------------

function option(value, label) {
  const el = document.createElement("option");
  el.value = value;
  el.textContent = label;
  return el;
}

function fillChoices(health) {
  const kinds = health.kinds || ["draft"];
  const main = Object.keys(MAIN_KINDS).filter((k) => kinds.includes(k));
  const others = kinds.filter((k) => !main.includes(k));
  ui.kind.replaceChildren(...main.map((k) => option(k, MAIN_KINDS[k])));
  if (others.length) {
    const group = document.createElement("optgroup");
    group.label = "Other formats";
    group.append(...others.map((k) => option(k, OTHER_KINDS[k] || k)));
    ui.kind.append(group);
  }
  const offered = health.offered_profiles || [];
  ui.profile.replaceChildren(option("", "none (base)"), ...offered.map((p) => option(p, p)));
  ui.profile.disabled = offered.length === 0;
  if (health.needs_token) showTokenField();
  ui.token.value = sessionStorage.getItem(TOKEN_KEY) || "";
}

async function loadRules() {
  const listed = await call(`v1/rules${profileQuery()}`);
  state.rules = new Map(listed.rules.map((r) => [r.id, r]));
}

async function choicesChanged() {
  try {
    await loadRules();
  } catch (err) {
    showProblem(err);
  }
  await lintNow();
}

// ---- wiring --------------------------------------------------------------------------------------------

function wire() {
  ui.draft.addEventListener("input", () => {
    redraw();
    schedule();
  });
  ui.context.addEventListener("input", schedule);
  ui.kind.addEventListener("change", lintNow);
  ui.profile.addEventListener("change", choicesChanged);
  document.getElementById("choices").addEventListener("submit", (event) => event.preventDefault()); // Enter in the token field
  ui.token.addEventListener("change", () => {
    const token = ui.token.value.trim();
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    choicesChanged();
  });
  window.addEventListener("resize", () => {
    redraw(); // the lines wrap anew
    if (state.card) place(state.card.anchor);
  });

  // the card on hover: the marks lie beneath the editor, so the pointer is tested against their boxes
  let pending = false;
  ui.draft.addEventListener("mousemove", (event) => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const mark = markAt(event.clientX, event.clientY);
      if (mark) openCard(indexesOf(mark), { anchor: mark, opener: ui.draft, hover: true });
      else if (state.card && state.card.hover) leaveSoon();
    });
  });
  ui.draft.addEventListener("mouseleave", () => state.card && state.card.hover && leaveSoon());
  ui.card.addEventListener("mouseenter", () => clearTimeout(state.hoverTimer));
  ui.card.addEventListener("mouseleave", () => state.card && state.card.hover && leaveSoon());

  // the card at the caret: a click in the underlined words, or the arrow keys onto them; Alt+Enter goes in
  ui.draft.addEventListener("click", () => caretCard(false));
  ui.draft.addEventListener("keyup", (event) => NAVIGATION_KEYS.has(event.key) && caretCard(false));
  ui.draft.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.altKey) {
      event.preventDefault();
      caretCard(true);
    }
  });

  // the findings list: focus shows a finding's card, Enter (or a click) moves into it
  ui.findings.addEventListener("focusin", (event) => {
    const button = event.target.closest("button.finding");
    if (button && button !== state.returningTo) {
      openCard([Number(button.dataset.index)], { anchor: anchorOf(button), opener: button });
    }
  });
  ui.findings.addEventListener("click", (event) => {
    const button = event.target.closest("button.finding");
    if (button) openCard([Number(button.dataset.index)], { anchor: anchorOf(button), opener: button, focus: true });
  });

  ui.shape.addEventListener("click", (event) => {
    const chip = event.target.closest("button.chip");
    if (!chip) return;
    const at = standing([state.answer.sentences[Number(chip.dataset.sentence)]])[0];
    if (!at) return;
    ui.draft.focus();
    ui.draft.setSelectionRange(at.start, at.end);
  });

  ui.applyAll.addEventListener("click", () => {
    ui.applyAll.disabled = true; // one request per click; the next answer says whether there is more to apply
    applyAllSafe().finally(() => {
      ui.applyAll.disabled = !anySafeRewrite();
    });
  });
  ui.cardClose.addEventListener("click", () => closeCard(true));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.card) {
      event.preventDefault();
      closeCard(true);
    }
  });
  document.addEventListener("pointerdown", (event) => {
    const inside = ui.card.contains(event.target) || event.target === ui.draft || ui.findings.contains(event.target);
    if (state.card && !inside) closeCard(false);
  });
}

function anchorOf(button) {
  const mark = ui.backdrop.querySelector(`mark[data-findings~="${button.dataset.index}"]`);
  return NARROW.matches || !mark ? button : mark;
}

function leaveSoon() {
  clearTimeout(state.hoverTimer);
  state.hoverTimer = setTimeout(() => state.card && state.card.hover && closeCard(false), HOVER_CLOSE_MS);
}

async function start() {
  wire();
  redraw();
  let health;
  try {
    health = await call("v1/health");
  } catch (err) {
    showProblem(err);
    return;
  }
  fillChoices(health);
  try {
    await loadRules();
  } catch (err) {
    showProblem(err);
  }
  document.body.classList.add("ready");
  await lintNow();
}

start();
