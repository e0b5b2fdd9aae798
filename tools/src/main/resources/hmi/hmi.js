// TwinUA web HMI: plain JS over the HMI's JSON API and its SSE feed (/api/live).
'use strict';

const $ = (id) => document.getElementById(id);
const rows = new Map();          // node -> <tr> of the plant table
const variables = new Map();     // node -> {path, dataType, writable}
const trend = { node: null, t: [], v: [], plot: null, pending: [] };
const TREND_MS = 3600 * 1000;

function post(url, fields) {
  const body = new URLSearchParams(fields);
  return fetch(url, { method: 'POST', body, credentials: 'same-origin' })
    .then((r) => r.json().then((j) => ({ ok: r.ok, body: j })));
}

function fmtTime(ms) {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function fmtClock(ms) {
  return new Date(ms).toISOString().substring(11, 23);
}

function fmtValue(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toPrecision(6)));
  return String(value);
}

function quality(status) {
  return status === 'Good' ? '' : status.startsWith('Uncertain') ? 'uncertain' : 'bad';
}

// ---- plant tree -------------------------------------------------------------------------------

function showTree(tree) {
  const body = $('tree').tBodies[0];
  if (!tree || !tree.variables || tree.variables.length === 0 || rows.size > 0) return;
  let folder = null;
  for (const v of tree.variables) {
    variables.set(v.node, v);
    const parent = v.path.includes('/') ? v.path.substring(0, v.path.lastIndexOf('/')) : '';
    if (parent !== folder) {
      folder = parent;
      const group = document.createElement('tr');
      group.className = 'group';
      group.innerHTML = '<td colspan="5"></td>';
      group.firstChild.textContent = '▾ ' + (parent || '(top)');
      const members = parent;
      group.addEventListener('click', () => {
        const open = group.firstChild.textContent.startsWith('▾');
        group.firstChild.textContent = (open ? '▸ ' : '▾ ') + (members || '(top)');
        for (const tr of body.querySelectorAll('tr[data-folder]')) {
          if (tr.dataset.folder === members) tr.hidden = open;
        }
      });
      body.appendChild(group);
    }
    const tr = document.createElement('tr');
    tr.dataset.node = v.node;
    tr.dataset.folder = parent;
    tr.innerHTML = '<td class="path"></td><td class="value"></td><td class="status"></td><td class="time"></td><td class="set"></td>';
    tr.querySelector('.path').textContent = v.path.split('/').pop();
    tr.querySelector('.path').title = v.path;
    if (v.writable) {
      const input = document.createElement('input');
      input.className = 'setpoint';
      const button = document.createElement('button');
      button.className = 'write';
      button.textContent = 'Set';
      button.addEventListener('click', (e) => { e.stopPropagation(); writeSetpoint(v.node, input.value); });
      input.addEventListener('click', (e) => e.stopPropagation());
      tr.querySelector('.set').append(input, button);
    }
    tr.addEventListener('click', () => selectTrend(v.node));
    body.appendChild(tr);
    rows.set(v.node, tr);
  }
}

function showSamples(samples) {
  for (const s of samples) {
    const tr = rows.get(s.node);
    if (tr) {
      tr.querySelector('.value').textContent = fmtValue(s.value);
      const st = tr.querySelector('.status');
      st.textContent = s.status;
      st.className = 'status ' + quality(s.status);
      tr.querySelector('.time').textContent = fmtClock(s.t);
      tr.querySelector('.time').title = fmtTime(s.t);
    }
    if (s.node === trend.node) addTrendPoint(s.t, s.value);
  }
  if (trend.plot) trend.plot.setData([trend.t, trend.v]);
}

function writeSetpoint(node, value) {
  $('write-result').textContent = 'writing ' + value + ' to ' + variables.get(node).path + ' ...';
  post('/api/write', { node, value }).then((r) => {
    $('write-result').textContent = variables.get(node).path + ' := ' + value + ': ' + r.body.status
      + (r.body.text ? ' (' + r.body.text + ')' : '');
    $('write-result').className = r.body.status === 'Good' ? '' : 'bad';
  });
}

// ---- trend ------------------------------------------------------------------------------------

function numeric(value) {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

function addTrendPoint(ms, value) {
  const y = numeric(value);
  if (y === null) return;
  if (trend.pending) { trend.pending.push([ms, y]); return; } // history still loading
  const t = ms / 1000;
  const last = trend.t.length ? trend.t[trend.t.length - 1] : -Infinity;
  if (t > last) {
    trend.t.push(t);
    trend.v.push(y);
  } else if (t < last && !trend.t.includes(t)) {
    // a backfilled value older than the newest shown: keep the series in time order
    let i = trend.t.findIndex((x) => x > t);
    trend.t.splice(i, 0, t);
    trend.v.splice(i, 0, y);
  }
  const oldest = Date.now() / 1000 - TREND_MS / 1000;
  while (trend.t.length && trend.t[0] < oldest) { trend.t.shift(); trend.v.shift(); }
}

function selectTrend(node) {
  for (const tr of rows.values()) tr.classList.toggle('selected', tr.dataset.node === node);
  trend.node = node;
  trend.t = [];
  trend.v = [];
  trend.pending = [];
  $('trend-node').textContent = variables.get(node).path + ' (loading the last hour)';
  fetch('/api/trend?node=' + encodeURIComponent(node)).then((r) => r.json()).then((h) => {
    if (trend.node !== node) return;
    const live = trend.pending;
    trend.pending = null;
    for (const [ms, value] of (h.points || [])) addTrendPoint(ms, value);
    for (const [ms, y] of live) addTrendPoint(ms, y);
    $('trend-node').textContent = variables.get(node).path + (h.points ? '' : ' (no history: ' + h.text + ')');
    drawTrend();
  });
}

function drawTrend() {
  const el = $('trend');
  if (trend.plot) trend.plot.destroy();
  trend.plot = new uPlot({
    width: el.clientWidth || 560, height: 250,
    series: [{}, { label: variables.get(trend.node).path.split('/').pop(), stroke: '#06c', width: 1.5 }],
    scales: { x: { time: true } },
  }, [trend.t, trend.v], el);
}

// for tests and the curious: the trend's series as the chart has it (seconds since 1970, values)
window.hmiTrend = () => ({ node: trend.node, t: trend.t.slice(), v: trend.v.slice() });

// ---- servers, switches ------------------------------------------------------------------------

function showStatus(s) {
  const current = s.servers.find((x) => x.current);
  $('current-server').textContent = current ? current.name : 'none';
  $('current-level').textContent = current ? current.serviceLevel : '-';
  const body = $('servers').tBodies[0];
  body.replaceChildren();
  for (const x of s.servers) {
    const tr = document.createElement('tr');
    tr.dataset.server = x.uri;
    tr.className = x.current ? 'current' : '';
    fillRow(tr, [x.name, x.role, x.serviceLevel, x.reachable ? x.state : (x.lastFault || 'not reachable')],
      x.current ? null : button('switch', 'Switch here', () => switchTo(x.uri)));
    body.appendChild(tr);
  }
  const list = $('switches');
  list.replaceChildren();
  for (const w of s.switches) {
    const li = document.createElement('li');
    li.textContent = fmtTime(Date.parse(w.at)) + ' ' + short(w.from) + ' → ' + short(w.to) + ': ' + w.reason
      + (w.automatic ? '' : ' (manual)');
    list.appendChild(li);
  }
}

/** Appends a text cell per entry of {@code texts}, then a last cell holding {@code action} (or empty). */
function fillRow(tr, texts, action) {
  for (const text of texts) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
  }
  const td = document.createElement('td');
  if (action) {
    td.appendChild(action);
  }
  tr.appendChild(td);
}

function button(className, text, onClick) {
  const b = document.createElement('button');
  b.className = className;
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

function short(uri) {
  return uri && uri !== 'null' ? uri.substring(uri.lastIndexOf(':') + 1) : 'none';
}

function switchTo(uri) {
  post('/api/switch', { server: uri || '' }).then((r) => {
    $('switch-result').textContent = r.body.status + (r.body.text ? ' ' + r.body.text : '');
  });
}

// ---- alarms -----------------------------------------------------------------------------------

function showAlarms(alarms) {
  const body = $('alarms').tBodies[0];
  body.replaceChildren();
  for (const a of alarms) {
    const tr = document.createElement('tr');
    tr.dataset.condition = a.condition;
    tr.dataset.name = a.name;
    tr.className = (a.active ? 'active' : '') + (a.acked ? '' : ' unacked');
    const state = (a.active ? 'Active' : 'Inactive') + ', ' + (a.acked ? 'Acknowledged' : 'Unacknowledged');
    fillRow(tr, [a.time ? fmtTime(Date.parse(a.time)) : '', a.source + ' ' + a.name + ': ' + a.message, a.severity, state],
      a.acked ? null : button('ack', 'Acknowledge', () => acknowledge(a)));
    body.appendChild(tr);
  }
}

function acknowledge(a) {
  $('alarm-result').textContent = 'acknowledging ' + a.name + ' ...';
  post('/api/ack', { condition: a.condition }).then((r) => {
    $('alarm-result').textContent = 'Acknowledge ' + a.name + ': ' + r.body.status + (r.body.text ? ' (' + r.body.text + ')' : '');
    $('alarm-result').className = r.body.status === 'Good' ? '' : 'bad';
  });
}

// ---- login ------------------------------------------------------------------------------------

function showSession(s) {
  $('login-form').hidden = !!s.user || !s.loginsPossible;
  $('logged-in').hidden = !s.user;
  $('session-user').textContent = s.user || '';
  if (!s.loginsPossible) $('login-result').textContent = 'logins off (no client certificate)';
}

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  $('login-result').textContent = 'logging in ...';
  post('/api/login', { user: $('login-user').value, password: $('login-password').value }).then((r) => {
    $('login-password').value = '';
    $('login-result').textContent = r.ok ? '' : r.body.text;
    if (r.ok) showSession(r.body);
  });
});
$('logout-button').addEventListener('click', () => post('/api/logout', {}).then((r) => showSession(r.body)));
$('resume-button').addEventListener('click', () => switchTo(''));

// ---- live feed --------------------------------------------------------------------------------

fetch('/api/session').then((r) => r.json()).then(showSession);
fetch('/api/tree').then((r) => r.json()).then(showTree).then(() => {
  const live = new EventSource('/api/live');
  live.onopen = () => { $('feed-state').textContent = 'live'; };
  live.onerror = () => { $('feed-state').textContent = 'reconnecting'; };
  live.addEventListener('tree', (e) => showTree(JSON.parse(e.data)));
  live.addEventListener('samples', (e) => showSamples(JSON.parse(e.data)));
  live.addEventListener('alarms', (e) => showAlarms(JSON.parse(e.data)));
  live.addEventListener('status', (e) => showStatus(JSON.parse(e.data)));
});
