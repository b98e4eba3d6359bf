// The Sluice dashboard: one page for a live run (served by the launcher, refreshed by server-sent
// events), past runs (sluice ui --reports) and the self-contained run-report.html (the report is
// inlined as window.SLUICE_REPORT). Charts are plain SVG; nothing is fetched from the internet.
(function () {
  'use strict';
  var COLORS = ['#2f6fd6', '#e0700b', '#36a269', '#c0392b', '#8e44ad', '#16a2b8', '#7f8c8d', '#d35400'];
  var app = document.getElementById('app');
  var token = new URLSearchParams(location.search).get('token');

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function api(path) {
    return 'api/' + path + (token ? (path.indexOf('?') < 0 ? '?' : '&') + 'token=' + encodeURIComponent(token) : '');
  }
  function num(n) { return (n == null ? 0 : Math.round(n)).toLocaleString('en-US'); }
  function bytes(b) {
    b = b || 0;
    var u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], i = 0;
    while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
    return (i === 0 ? b : b.toFixed(1)) + ' ' + u[i];
  }
  function secs(s) { return s == null ? '' : s < 120 ? s.toFixed(1) + ' s' : (s / 60).toFixed(1) + ' min'; }
  function why(blocked) {
    return {not_blocked: 'running', waiting_for_input: 'waiting for input', waiting_for_output_space:
      'waiting for output space', waiting_for_memory: 'waiting for memory', waiting_for_actor: 'waiting for an actor',
      waiting_for_slot: 'waiting for a slot', done: 'done'}[blocked] || blocked || '';
  }

  // Rows per second of operator i between consecutive samples.
  function rates(tl, i) {
    var out = [], s = tl.samples;
    for (var k = 1; k < s.length; k++) {
      var dt = s[k].t - s[k - 1].t;
      if (dt > 0) { out.push([s[k].t, Math.max(0, (s[k].rows_out[i] - s[k - 1].rows_out[i]) / dt)]); }
    }
    return out;
  }

  function lineChart(id, series, opt) {
    var W = 560, H = 220, L = 64, R = 12, T = 10, B = 28;
    var xs = [], ys = [opt.hline || 0];
    series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); }); });
    var xMax = Math.max.apply(null, xs.concat([1])), yMax = Math.max.apply(null, ys.concat([1])) * 1.08;
    function X(x) { return L + (W - L - R) * x / xMax; }
    function Y(y) { return T + (H - T - B) * (1 - y / yMax); }
    var svg = '<svg id="' + id + '" viewBox="0 0 ' + W + ' ' + H + '" width="100%" role="img">';
    for (var g = 0; g <= 4; g++) {
      var yv = yMax * g / 4;
      svg += '<line x1="' + L + '" x2="' + (W - R) + '" y1="' + Y(yv) + '" y2="' + Y(yv) + '" stroke="#eef1f4"/>' +
        '<text x="' + (L - 4) + '" y="' + (Y(yv) + 4) + '" text-anchor="end">' + esc(opt.fmt(yv)) + '</text>';
    }
    for (var t = 0; t <= 4; t++) {
      svg += '<text x="' + X(xMax * t / 4) + '" y="' + (H - 8) + '" text-anchor="middle">' + esc(secs(xMax * t / 4)) + '</text>';
    }
    if (opt.hline) {
      svg += '<line class="limit" x1="' + L + '" x2="' + (W - R) + '" y1="' + Y(opt.hline) + '" y2="' + Y(opt.hline) +
        '" stroke="#c0392b" stroke-dasharray="5 4"/><text x="' + (W - R) + '" y="' + (Y(opt.hline) - 4) +
        '" text-anchor="end" style="fill:#c0392b">' + esc(opt.hlineLabel) + '</text>';
    }
    series.forEach(function (s) {
      if (s.points.length === 0) { return; }
      var pts = s.points.map(function (p) { return X(p[0]).toFixed(1) + ',' + Y(p[1]).toFixed(1); }).join(' ');
      svg += '<polyline class="series" data-series="' + esc(s.name) + '" fill="none" stroke="' + s.color +
        '" stroke-width="2" points="' + pts + '"/>';
    });
    svg += '</svg><div class="legend">' + series.map(function (s) {
      return '<span><i style="background:' + s.color + '"></i>' + esc(s.name) + '</span>';
    }).join('') + '</div>';
    return svg;
  }

  function opRate(r, o, i) {
    var tl = r.timeline;
    if (r.outcome === 'running' && tl && tl.samples.length > 1) {
      var rs = rates(tl, i);
      return rs.length ? rs[rs.length - 1][1] : 0;
    }
    var rows = Math.max(o.rows_out, o.rows_in);
    return o.wall_seconds > 0 ? rows / o.wall_seconds : 0;
  }

  function dag(r) {
    return '<section><h2>Plan</h2><div id="dag" class="dag">' + r.operators.map(function (o, i) {
      var st = o.state || {};
      var blocked = st.blocked || (r.outcome === 'running' ? '' : 'done');
      var reason = why(blocked);
      if (st.running_tasks > 0 && blocked === 'done') { reason = 'running its last tasks'; }
      else if (st.running_tasks > 0 && blocked !== 'not_blocked') { reason = 'running; no more tasks: ' + reason; }
      return (i ? '<div class="arrow">&#8594;</div>' : '') +
        '<div class="op blocked-' + esc(blocked) + '" data-op="' + esc(o.name) + '">' +
        '<div class="name">' + esc(o.name) + '</div>' +
        '<div>rows in ' + num(o.rows_in) + ' / out ' + num(o.rows_out) + '</div>' +
        '<div>' + num(opRate(r, o, i)) + ' rows/s</div>' +
        (o.state ? '<div>queued ' + bytes(st.queued_bytes) + ', held ' + bytes(st.memory_bytes) + '</div>' +
          '<div>' + st.running_tasks + ' tasks running' + (st.actors.length ? ', ' + st.actors.length + ' actors' : '') + '</div>'
          : '<div>' + num(o.tasks) + ' tasks, busy ' + secs(o.busy_seconds) + '</div>') +
        '<div class="why">' + esc(reason) + '</div></div>';
    }).join('') + '</div></section>';
  }

  function progress(r) {
    var expected = -1;
    r.operators.forEach(function (o) { if (o.state && o.state.expected_rows > expected) { expected = o.state.expected_rows; } });
    var done = r.rows.processed;
    if (r.outcome !== 'running') {
      return '<section><h2>Progress</h2><div class="bar"><div style="width:100%"></div></div>' +
        num(done) + ' rows processed in ' + secs(r.duration_seconds) + '</section>';
    }
    var pct = expected > 0 ? Math.min(100, 100 * done / expected) : 0;
    var eta = '';
    var tl = r.timeline;
    if (expected > 0 && tl && tl.samples.length > 1) {
      var s = tl.samples, a = s[Math.max(0, s.length - 9)], b = s[s.length - 1], n = s[0].rows_out.length - 1;
      var rate = (b.rows_out[n] - a.rows_out[n]) / Math.max(0.001, b.t - a.t);
      if (rate > 0) { eta = ', about ' + secs((expected - done) / rate) + ' left'; }
    }
    return '<section><h2>Progress</h2><div class="bar" id="progress"><div style="width:' + pct.toFixed(1) + '%"></div></div>' +
      num(done) + (expected > 0 ? ' of ' + num(expected) + ' rows (' + pct.toFixed(0) + '%)' : ' rows') + eta + '</section>';
  }

  function charts(r) {
    var tl = r.timeline;
    if (!tl || tl.samples.length === 0) {
      return '<section><h2>Charts</h2><p class="muted">No samples yet.</p></section>';
    }
    var mem = [{name: 'Arrow memory held', color: COLORS[0], points: tl.samples.map(function (s) { return [s.t, s.memory_bytes]; })},
      {name: 'spilled', color: COLORS[1], points: tl.samples.map(function (s) { return [s.t, s.spilled_bytes]; })}];
    var thr = tl.operators.map(function (name, i) { return {name: name, color: COLORS[i % COLORS.length], points: rates(tl, i)}; });
    return '<section><h2>Over time</h2><div class="charts">' +
      '<div class="chart"><h2>Memory against budget</h2>' + lineChart('memory-chart', mem,
        {fmt: bytes, hline: r.memory.budget_bytes, hlineLabel: 'budget ' + bytes(r.memory.budget_bytes)}) + '</div>' +
      '<div class="chart"><h2>Throughput per operator (rows/s)</h2>' + lineChart('throughput-chart', thr, {fmt: num}) + '</div>' +
      '</div></section>';
  }

  // One row per actor of each pool: state, device, batches done, restarts of its line, current batch age.
  function actors(r) {
    var rows = [];
    r.operators.forEach(function (o) {
      ((o.state && o.state.actors) || o.actors || []).forEach(function (a) {
        rows.push('<tr class="actor" data-op="' + esc(o.name) + '"><td>' + esc(o.name) + '</td><td>' + a.index +
          '</td><td class="actor-' + esc(a.state) + '">' + esc(a.state) + '</td><td>' + esc(a.device) + '</td><td>' + a.cpus +
          '</td><td class="batches">' + num(a.batches) + '</td><td class="restarts">' + num(a.restarts) + '</td><td>' +
          (a.batch_age_seconds == null ? '' : secs(a.batch_age_seconds)) + '</td></tr>');
      });
    });
    if (rows.length === 0) { return ''; }
    return '<section><h2>Actors</h2><table id="actors"><tr><th>operator</th><th>actor</th><th>state</th><th>device</th>' +
      '<th>CPU slots</th><th>batches</th><th>restarts</th><th>current batch</th></tr>' + rows.join('') + '</table></section>';
  }

  // On the Flink backend: the TaskManagers (CPU / GPU, slots), which ones ran each task, and links to
  // Flink's own web UI. The report reads them from Flink's REST API as the job ends.
  function flink(r) {
    var f = r.flink;
    if (!f) { return r.backend && r.backend.indexOf('flink') === 0 && r.outcome === 'running' ?
      '<section id="flink"><h2>Flink cluster</h2><p class="muted">TaskManagers and placement appear when the job ends.</p></section>' : ''; }
    var links = '<p><a id="flink-ui" href="' + esc(f.web_ui) + '">Flink web UI</a> &middot; <a href="' +
      esc(f.job_page) + '">job ' + esc(f.job_id) + '</a></p>';
    var err = f.error ? '<p class="error" id="flink-error">' + esc(f.error) + '</p>' : '';
    var tms = f.task_managers.length === 0 ? '' : '<table id="flink-taskmanagers"><tr><th>TaskManager</th><th>kind</th>' +
      '<th>host</th><th>slots</th><th>free slots</th><th>GPUs</th></tr>' + f.task_managers.map(function (t) {
        return '<tr class="tm tm-' + esc(t.kind) + '" data-tm="' + esc(t.id) + '"><td>' + esc(t.id) + '</td><td>' + esc(t.kind) +
          '</td><td>' + esc(t.host) + '</td><td>' + num(t.slots) + '</td><td>' + num(t.free_slots) + '</td><td>' + num(t.gpus) + '</td></tr>';
      }).join('') + '</table>';
    var kinds = {};
    f.task_managers.forEach(function (t) { kinds[t.id] = t.kind; });
    var placed = f.placement.length === 0 ? '' : '<table id="flink-placement"><tr><th>task (chained operators)</th>' +
      '<th>subtasks</th><th>on TaskManagers</th></tr>' + f.placement.map(function (p) {
        return '<tr class="placement" data-task="' + esc(p.task) + '"><td>' + esc(p.task) + '</td><td>' + num(p.parallelism) +
          '</td><td>' + p.task_managers.map(function (id) {
            return esc(id) + (kinds[id] ? ' (' + esc(kinds[id]) + ')' : '');
          }).join(', ') + '</td></tr>';
      }).join('') + '</table>';
    return '<section id="flink"><h2>Flink cluster</h2>' + links + err + tms + placed + '</section>';
  }

  // The job's own log lines (warn and above), newest last.
  function logs(r) {
    var lines = r.logs || [];
    return '<section><h2>Log</h2>' + (lines.length === 0 ? '<p class="muted" id="log">No warnings.</p>' :
      '<table id="log">' + lines.map(function (l) {
        return '<tr class="log-' + esc(l.level) + '"><td>' + secs(l.t) + '</td><td>' + esc(l.level) + '</td><td>' +
          esc(l.logger) + '</td><td>' + esc(l.message) + '</td></tr>';
      }).join('') + '</table>') + '</section>';
  }

  function errors(r) {
    var retries = 0, restarts = 0;
    r.operators.forEach(function (o) { retries += o.retries; restarts += o.actor_restarts; });
    var dl = r.dead_letters || {};
    return '<section id="errors"><h2>Errors</h2>' + (r.error ? '<p class="error">' + esc(r.error.type) + ': ' + esc(r.error.message) + '</p>' : '') +
      '<p>' + num(retries) + ' retries, ' + num(restarts) + ' actor restarts, ' + num(dl.rows) + ' rows and ' + num(dl.blocks) +
      ' blocks skipped into dead letters' + (dl.path && dl.rows ? ' (' + esc(dl.path) + ')' : '') + '</p></section>';
  }

  function table(r) {
    return '<section><h2>Operators</h2><table id="operators"><tr><th>operator</th><th>tasks</th><th>wall</th><th>busy</th>' +
      '<th>rows in</th><th>rows out</th><th>out</th><th>peak</th><th>spilled</th><th>retries</th><th>skipped rows</th></tr>' +
      r.operators.map(function (o) {
        return '<tr><td>' + esc(o.name) + '</td><td>' + num(o.tasks) + '</td><td>' + secs(o.wall_seconds) + '</td><td>' +
          secs(o.busy_seconds) + '</td><td>' + num(o.rows_in) + '</td><td>' + num(o.rows_out) + '</td><td>' + bytes(o.bytes_out) +
          '</td><td>' + bytes(o.peak_bytes) + '</td><td>' + bytes(o.spilled_bytes) + '</td><td>' + num(o.retries) + '</td><td>' +
          num(o.skipped_rows) + '</td></tr>';
      }).join('') + '</table><p class="muted">memory: peak ' + bytes(r.memory.peak_bytes) + ' of a ' +
      bytes(r.memory.budget_bytes) + ' budget, ' + bytes(r.memory.spilled_bytes) + ' spilled</p></section>';
  }

  function render(r) {
    document.title = 'Sluice: ' + (r.job.name || r.job.file);
    document.getElementById('title').textContent = (r.job.job_id || r.job.name || r.job.file) + ' (' + r.backend + ')';
    var st = document.getElementById('status');
    st.className = 'outcome-' + r.outcome;
    st.textContent = r.outcome + (r.exit_code != null ? ' (exit ' + r.exit_code + ')' : '') + ', ' + secs(r.duration_seconds);
    app.innerHTML = progress(r) + dag(r) + charts(r) + actors(r) + flink(r) + errors(r) + logs(r) + table(r) +
      '<p class="muted">started ' + esc(r.started) + ', sluice ' + esc(r.sluice_version) + ' on ' + esc(r.host) + '</p>';
    app.setAttribute('data-outcome', r.outcome);
  }

  function watch(id) {
    var first = true;
    var es = new EventSource(api('jobs/' + encodeURIComponent(id) + '/events'));
    es.addEventListener('snapshot', function (e) { render(JSON.parse(e.data)); first = false; });
    es.addEventListener('end', function () { es.close(); });
    es.onerror = function () { if (!first) { es.close(); } };
  }

  function list() {
    var q = new URLSearchParams(location.hash.replace(/^#\/?\??/, ''));
    var job = q.get('job') || '', outcome = q.get('outcome') || '';
    fetch(api('jobs?job=' + encodeURIComponent(job) + '&outcome=' + encodeURIComponent(outcome)))
      .then(function (res) { return res.json(); }).then(function (data) {
        if (!location.hash && data.jobs.length === 1 && data.jobs[0].outcome === 'running') {
          location.hash = '#/jobs/' + encodeURIComponent(data.jobs[0].id);
          return;
        }
        document.getElementById('title').textContent = 'runs';
        app.innerHTML = '<section class="filters"><h2>Runs</h2><input id="f-job" placeholder="job name" value="' + esc(job) +
          '"><select id="f-outcome">' + ['', 'succeeded', 'failed', 'rows_skipped', 'bad_job', 'locked', 'retry_later', 'running']
          .map(function (o) { return '<option' + (o === outcome ? ' selected' : '') + ' value="' + o + '">' + (o || 'any outcome') + '</option>'; }).join('') +
          '</select></section><section><table id="runs"><tr><th>job</th><th>date</th><th>outcome</th><th>started</th><th>duration</th>' +
          '<th>rows</th></tr>' + data.jobs.map(function (j) {
            return '<tr><td>' + esc(j.name || j.file) + '</td><td><a href="#/jobs/' + encodeURIComponent(j.id) + '">' +
              esc(j.job_id || j.id) + '</a></td><td>' +
              esc(j.date) + '</td><td class="outcome-' + esc(j.outcome) + '">' + esc(j.outcome) + '</td><td>' + esc(j.started) +
              '</td><td>' + secs(j.duration_seconds) + '</td><td>' + num(j.rows && j.rows.committed) + '</td></tr>';
          }).join('') + '</table></section>';
        function apply() {
          location.hash = '#/?job=' + encodeURIComponent(document.getElementById('f-job').value) +
            '&outcome=' + encodeURIComponent(document.getElementById('f-outcome').value);
        }
        document.getElementById('f-job').addEventListener('change', apply);
        document.getElementById('f-outcome').addEventListener('change', apply);
      });
  }

  function route() {
    var m = location.hash.match(/^#\/jobs\/(.+)$/);
    if (m) { watch(decodeURIComponent(m[1])); } else { list(); }
  }

  if (window.SLUICE_REPORT) {
    render(window.SLUICE_REPORT);
  } else {
    window.addEventListener('hashchange', route);
    route();
  }
})();
