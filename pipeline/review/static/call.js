// Piip review: one call's waveform, player, bleeps and risks. No remote loads, no innerHTML.
(function () {
  'use strict';
  var LEAD = 2.0, EDGE_PX = 6, MIN_SPAN = 0.05;
  var data = JSON.parse(document.getElementById('call-data').textContent);
  var csrf = document.querySelector('meta[name="csrf"]').content;
  var player = document.getElementById('player');
  var canvases = Array.prototype.slice.call(document.querySelectorAll('canvas.wave'));
  var peaks = null, drag = null, selection = null, riskIndex = -1, version = 0;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function fmt(t) {
    var m = Math.floor(t / 60), s = t - 60 * m;
    return (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s.toFixed(2);
  }
  function say(text, bad) {
    var m = document.getElementById('msg');
    m.textContent = text; m.className = bad ? 'err' : '';
  }
  function jump(t) {
    player.currentTime = Math.max(0, t - LEAD);
    var p = player.play();
    if (p && p.catch) p.catch(function () {});
  }

  function timeAt(canvas, clientX) {
    var r = canvas.getBoundingClientRect();
    var t = (clientX - r.left) / r.width * data.duration;
    return Math.min(data.duration, Math.max(0, t));
  }
  function pxPerSecond(canvas) { return canvas.getBoundingClientRect().width / data.duration; }

  function draw() {
    canvases.forEach(function (c) {
      var ch = +c.getAttribute('data-channel'), dpr = window.devicePixelRatio || 1;
      var w = c.clientWidth, h = c.clientHeight;
      if (c.width !== Math.round(w * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
      var g = c.getContext('2d');
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
      g.fillStyle = '#f6f8fa'; g.fillRect(0, 0, w, h);
      var sx = w / data.duration, mid = h / 2;
      if (peaks && peaks.mins[ch]) {
        var mins = peaks.mins[ch], maxs = peaks.maxs[ch], n = mins.length;
        g.fillStyle = '#57606a';
        for (var i = 0; i < n; i++) {
          var x = i / n * w, top = mid - maxs[i] * (mid - 2), bot = mid - mins[i] * (mid - 2);
          g.fillRect(x, top, Math.max(1, w / n), Math.max(1, bot - top));
        }
      }
      data.spans.forEach(function (s) {
        g.fillStyle = s.human ? 'rgba(9,105,218,0.35)' : 'rgba(207,34,46,0.30)';
        if (s.channel !== ch) g.fillStyle = 'rgba(110,119,129,0.25)';
        g.fillRect(s.start * sx, 0, Math.max(2, (s.end - s.start) * sx), h);
      });
      data.risks.forEach(function (r, i) {
        if (r.channel !== ch) return;
        g.fillStyle = i === riskIndex ? '#bf8700' : '#d4a72c';
        g.fillRect(r.start * sx, h - 8, Math.max(3, (r.end - r.start) * sx), 8);
      });
      if (selection && selection.channel === ch) {
        g.strokeStyle = '#0969da'; g.lineWidth = 2;
        g.strokeRect(selection.start * sx, 1, (selection.end - selection.start) * sx, h - 2);
      }
      g.fillStyle = '#000';
      g.fillRect(player.currentTime * sx, 0, 1.5, h);
    });
  }

  function edgeAt(canvas, clientX) {
    var t = timeAt(canvas, clientX), tol = EDGE_PX / pxPerSecond(canvas), best = null;
    data.spans.forEach(function (s) {
      ['start', 'end'].forEach(function (edge) {
        var d = Math.abs(s[edge] - t);
        if (d <= tol && (!best || d < best.d)) best = {span: s, edge: edge, d: d};
      });
    });
    return best;
  }

  canvases.forEach(function (c) {
    c.addEventListener('mousedown', function (e) {
      e.preventDefault();
      var t = timeAt(c, e.clientX), edge = edgeAt(c, e.clientX);
      drag = edge ? {mode: 'edge', span: edge.span, edge: edge.edge, canvas: c, t: t}
                  : {mode: 'new', channel: +c.getAttribute('data-channel'), canvas: c, t0: t, t: t};
    });
    c.addEventListener('mousemove', function (e) {
      c.style.cursor = edgeAt(c, e.clientX) ? 'ew-resize' : 'crosshair';
    });
  });
  window.addEventListener('mousemove', function (e) {
    if (!drag) return;
    drag.t = timeAt(drag.canvas, e.clientX);
    if (drag.mode === 'new') {
      selection = {channel: drag.channel, start: Math.min(drag.t0, drag.t), end: Math.max(drag.t0, drag.t)};
    } else {
      var s = drag.span, a = drag.edge === 'start' ? drag.t : s.start, b = drag.edge === 'end' ? drag.t : s.end;
      selection = {channel: s.channel, start: Math.min(a, b), end: Math.max(a, b)};
    }
    draw();
  });
  window.addEventListener('mouseup', function () {
    if (!drag) return;
    var d = drag; drag = null;
    if (d.mode === 'new') {
      if (Math.abs(d.t - d.t0) < MIN_SPAN) { selection = null; jump(d.t0); draw(); return; }
      document.getElementById('add-start').value = selection.start.toFixed(3);
      document.getElementById('add-end').value = selection.end.toFixed(3);
      document.getElementById('add-channel').value = String(selection.channel);
      say('Selected ' + fmt(selection.start) + '–' + fmt(selection.end) + ': choose a type and press Add bleep.');
      draw();
      return;
    }
    var sel = selection; selection = null;
    if (!sel || sel.end - sel.start < MIN_SPAN ||
        (Math.abs(sel.start - d.span.start) < 0.01 && Math.abs(sel.end - d.span.end) < 0.01)) { draw(); return; }
    post('/spans/' + d.span.key + '/move', {span: spanRef(d.span), start: sel.start, end: sel.end}, 'Bleep moved');
  });

  function spanRef(s) { return {start: s.start, end: s.end, channel: s.channel, entity_type: s.entity_type}; }

  function post(path, body, done) {
    document.body.setAttribute('data-busy', '1');
    say('Working…');
    return fetch('/api/calls/' + data.id + path, {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().catch(function () { return {error: r.statusText}; }).then(function (j) {
        document.body.removeAttribute('data-busy');
        if (!r.ok) { say(j.error || (j.detail ? JSON.stringify(j.detail) : 'refused'), true); draw(); return null; }
        data = j; selection = null; say(done + '.'); refresh(true);
        return j;
      });
    }).catch(function () { document.body.removeAttribute('data-busy'); say('The app did not answer.', true); });
  }

  function timeLink(t) {
    var a = el('a', fmt(t), 'jump');
    a.addEventListener('click', function () { jump(t); });
    return a;
  }

  function renderTables() {
    var body = document.querySelector('#spans tbody'), opts = document.getElementById('reason-options');
    body.textContent = '';
    data.spans.forEach(function (s) {
      var tr = el('tr', undefined, s.human ? 'human' : ''), td = el('td');
      tr.setAttribute('data-key', String(s.key));
      td.appendChild(timeLink(s.start)); td.appendChild(document.createTextNode('–' + fmt(s.end)));
      tr.appendChild(td);
      tr.appendChild(el('td', String(s.channel + 1)));
      tr.appendChild(el('td', s.entity_type));
      tr.appendChild(el('td', s.human ? 'reviewer' : 'automatic'));
      var rm = el('td'), sel = el('select', undefined, 'reason'), btn = el('button', 'Remove', 'remove');
      sel.appendChild(opts.content.cloneNode(true));
      btn.type = 'button';
      btn.addEventListener('click', function () {
        post('/spans/' + s.key + '/remove', {span: spanRef(s), reason: sel.value}, 'Bleep removed');
      });
      rm.appendChild(sel); rm.appendChild(btn); tr.appendChild(rm);
      var orig = el('td');
      if (data.allow_original) {
        var ob = el('button', 'Hear original', 'original');
        ob.type = 'button';
        ob.addEventListener('click', function () { playOriginal(s); });
        orig.appendChild(ob);
      }
      tr.appendChild(orig);
      body.appendChild(tr);
    });
    var rb = document.querySelector('#risks tbody');
    rb.textContent = '';
    data.risks.forEach(function (r, i) {
      var tr = el('tr', undefined, i === riskIndex ? 'current' : ''), td = el('td');
      td.appendChild(timeLink(r.start)); td.appendChild(document.createTextNode('–' + fmt(r.end)));
      tr.appendChild(td); tr.appendChild(el('td', String(r.channel + 1))); tr.appendChild(el('td', r.reason));
      rb.appendChild(tr);
    });
    document.getElementById('span-count').textContent = String(data.spans.length);
    document.getElementById('risk-count').textContent = String(data.risks.length);
    var badge = document.getElementById('decision');
    badge.textContent = data.decision; badge.className = 'badge d-' + data.decision;
    document.getElementById('decided-by').textContent = data.decided_by;
    document.getElementById('reasons').textContent = data.decision_reasons.join(', ');
  }

  function playOriginal(s) {
    var q = '?start=' + s.start + '&end=' + s.end + '&channel=' + s.channel + '&entity_type=' + encodeURIComponent(s.entity_type);
    var a = new Audio('/calls/' + data.id + '/original/' + s.key + '.wav' + q);
    a.play().catch(function () { say('The original could not be played.', true); });
  }

  function loadPeaks() {
    return fetch('/api/calls/' + data.id + '/peaks', {credentials: 'same-origin'})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) { peaks = p; draw(); });
  }

  function refresh(audioChanged) {
    renderTables();
    if (audioChanged) {
      var t = player.currentTime, paused = player.paused;
      player.src = '/calls/' + data.id + '/audio.wav?v=' + data.output_sha256.slice(0, 16) + '-' + (version + 1);
      player.addEventListener('loadedmetadata', function once() {
        player.removeEventListener('loadedmetadata', once);
        player.currentTime = Math.min(t, player.duration || t);
        if (!paused) player.play().catch(function () {});
      });
      loadPeaks().then(function () { version += 1; document.body.setAttribute('data-version', String(version)); });
    } else {
      draw();
    }
  }

  document.getElementById('add-form').addEventListener('submit', function (e) {
    e.preventDefault();
    post('/spans', {
      start: parseFloat(document.getElementById('add-start').value),
      end: parseFloat(document.getElementById('add-end').value),
      channel: parseInt(document.getElementById('add-channel').value, 10),
      entity_type: document.getElementById('add-type').value
    }, 'Bleep added');
  });
  document.getElementById('approve').addEventListener('click', function () { post('/approve', {}, 'Approved'); });
  document.getElementById('reject').addEventListener('click', function () { post('/reject', {}, 'Rejected'); });

  function nextRisk() {
    if (!data.risks.length) { say('No risks on this call.'); return; }
    riskIndex = (riskIndex + 1) % data.risks.length;
    jump(data.risks[riskIndex].start);
    renderTables(); draw();
  }
  document.addEventListener('keydown', function (e) {
    var tag = (e.target && e.target.tagName) || '';
    if (/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(tag) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === ' ') { e.preventDefault(); if (player.paused) { player.play().catch(function () {}); } else { player.pause(); } }
    else if (e.key === 'n') { nextRisk(); }
    else if (e.key === 'a') { post('/approve', {}, 'Approved'); }
  });

  function tick() { draw(); if (!player.paused) window.requestAnimationFrame(tick); }
  player.addEventListener('play', function () { window.requestAnimationFrame(tick); });
  player.addEventListener('seeked', draw);
  window.addEventListener('resize', draw);
  renderTables();
  loadPeaks().then(function () { document.body.setAttribute('data-version', '0'); });
}());
