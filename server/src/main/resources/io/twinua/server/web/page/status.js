// The status page: shows the station's diagnostics JSON (/status.json), then follows it live
// (/events, Server-Sent Events). Text goes into the page as text only, never as HTML.
"use strict";

const STALE_MS = 5000;
let lastUpdate = 0;
let source = null;

function byId(id) {
  return document.getElementById(id);
}

function text(v) {
  return v === null || v === undefined || v === "" ? "-" : String(v);
}

function setText(id, v) {
  byId(id).textContent = text(v);
}

/** A CSS class for a state word: good, bad or off. */
function stateClass(state) {
  const s = String(state || "").toUpperCase();
  if (["UP", "CONNECTED", "ALIVE", "HEALTHY", "TRUE", "OK"].includes(s)) {
    return "state-good";
  }
  if (s === "NOT_CONFIGURED" || s === "-" || s === "") {
    return "state-off";
  }
  return "state-bad";
}

function cell(row, value, withState) {
  const td = document.createElement("td");
  td.textContent = text(value);
  if (withState) {
    td.className = stateClass(value);
  }
  row.appendChild(td);
  return td;
}

function rows(id, items, fill) {
  const body = byId(id);
  body.replaceChildren();
  for (const item of items) {
    const tr = document.createElement("tr");
    fill(tr, item);
    body.appendChild(tr);
  }
}

function facts(id, pairs) {
  const dl = byId(id);
  dl.replaceChildren();
  for (const [name, value, withState] of pairs) {
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = text(value);
    if (withState) {
      dd.className = stateClass(value);
    }
    dl.append(dt, dd);
  }
}

/** An ISO-8601 UTC time as "2026-12-02 02:30:29.721" (milliseconds are enough to read). */
function utcTime(iso) {
  if (!iso) {
    return "-";
  }
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?\d*Z$/.exec(String(iso));
  return m ? m[1] + " " + m[2] + (m[3] || "") : String(iso);
}

function render(s) {
  document.title = text(s.name) + " " + text(s.role) + " - TwinUA";
  setText("station", s.name);
  const role = byId("role");
  role.textContent = text(s.role);
  role.className = "role role-" + String(s.role || "unknown").toLowerCase();
  setText("serviceLevel", s.serviceLevel);
  setText("internalState", s.internalState + (s.maintenance ? " (maintenance)" : ""));
  setText("epoch", s.epoch);
  setText("preference", s.preference);
  setText("time", utcTime(s.time));

  const p = s.partner || {};
  facts("partner", [
    ["Partner", p.name],
    ["Role", p.role],
    ["State", p.state, true],
    ["Terminal bus to partner", p.linkToPartner, true],
    ["Terminal bus from partner", p.linkFromPartner, true],
    ["Clock difference (ms)", p.clockDifferenceMs],
    ["Validation here / partner", s.validation ? text(s.validation.local) + " / " + text(s.validation.partner) : "-"],
  ]);

  const links = s.links || {};
  const names = { terminalBus: "Terminal bus", serial: "Serial cable", secondLan: "Second LAN" };
  rows("links", Object.keys(links), (tr, key) => {
    const l = links[key] || {};
    cell(tr, names[key] || key);
    cell(tr, l.state, true);
    cell(tr, l.port);
    cell(tr, l.framesSent);
    cell(tr, l.framesReceived);
    cell(tr, l.errors);
  });

  const as = s.as || {};
  const partnerAs = new Map((as.partner || []).map((a) => [a.name, a]));
  const local = as.local || [];
  const asNames = [...new Set([...local.map((a) => a.name), ...partnerAs.keys()])];
  const localAs = new Map(local.map((a) => [a.name, a]));
  rows("as", asNames, (tr, name) => {
    const mine = localAs.get(name) || {};
    const theirs = partnerAs.get(name) || {};
    cell(tr, name);
    cell(tr, mine.state, true);
    cell(tr, utcTime(mine.since));
    cell(tr, theirs.state, true);
  });

  const c = s.clients || {};
  facts("clients", [["Sessions", c.sessions], ["Subscriptions", c.subscriptions]]);

  const h = s.health || {};
  const verdict = byId("verdict");
  verdict.textContent = text(h.verdict);
  verdict.className = stateClass(h.verdict);
  rows("health", h.parts || [], (tr, part) => {
    cell(tr, part.name);
    cell(tr, part.state, true);
    cell(tr, utcTime(part.lastSignOfLife));
    cell(tr, part.problem);
  });

  const y = s.sync || {};
  facts("sync", [
    ["Needs sync", y.needsSync],
    ["In sync up to", utcTime(y.inSyncUpTo)],
    ["Running", y.running],
    ["Last result", y.lastResult],
  ]);

  rows("messages", s.messages || [], (tr, m) => {
    cell(tr, utcTime(m.time));
    cell(tr, m.number);
    cell(tr, m.text);
    cell(tr, m.detail);
  });
}

function show(json) {
  render(JSON.parse(json));
  lastUpdate = Date.now();
  document.body.classList.remove("stale");
  const c = byId("connection");
  c.textContent = "live";
  c.className = "connection-live";
}

function follow() {
  source = new EventSource("events");
  source.onmessage = (e) => show(e.data);
  source.onerror = () => {
    document.body.classList.add("stale");
    const c = byId("connection");
    c.textContent = "station not reachable, reconnecting";
    c.className = "connection-waiting";
    // the browser retries by itself after a dropped stream; after a refused one it gives up: start over
    if (source.readyState === EventSource.CLOSED) {
      source.close();
      setTimeout(follow, 2000);
    }
  };
}

function watchStaleness() {
  if (lastUpdate && Date.now() - lastUpdate > STALE_MS) {
    document.body.classList.add("stale");
    const c = byId("connection");
    c.textContent = "no update for " + Math.round((Date.now() - lastUpdate) / 1000) + " s";
    c.className = "connection-waiting";
  }
}

fetch("status.json", { cache: "no-store" })
  .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
  .then(show)
  .catch(() => {})
  .finally(follow);
setInterval(watchStaleness, 1000);
