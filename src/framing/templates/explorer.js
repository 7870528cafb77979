(function () {
  'use strict';
  // framing explorer: every piece of corpus text goes into the page with textContent, never as HTML.
  var D = JSON.parse(document.getElementById('framing-data').textContent);
  var SVGNS = 'http://www.w3.org/2000/svg';
  var E = D.entries, OUT = D.outlets, VOICES = D.voices, MODS = D.modalities, STANCES = D.stances;
  var STANCE_NAMES = D.stance_names || {}, STANCE_ORDER = D.stance_order || [];  // from the lexicon's sides
  var state = {group: D.groups[0], y: D.y_options[0] || 'score', entry: -1, rateVoice: 'any',
               results: [], active: -1, query: '', open: -1};
  var filt = {};

  function $(id) { return document.getElementById(id); }
  function put(n, attrs, text) {
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        n.setAttribute(k, v === true ? '' : String(v));
      });
    }
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function h(tag, attrs, text) { return put(document.createElement(tag), attrs, text); }
  function s(tag, attrs, text) { return put(document.createElementNS(SVGNS, tag), attrs, text); }
  function clear(n) { while (n.firstChild) n.removeChild(n.firstChild); }
  function add(parent) { for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]); return parent; }
  function fmtInt(n) { return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'); }
  function fmt(x) {
    if (x === null || x === undefined || !isFinite(x)) return '–';
    var a = Math.abs(x);
    if (a === 0) return '0';
    if (a >= 100) return x.toFixed(0);
    if (a >= 10) return x.toFixed(1);
    if (a >= 1) return x.toFixed(2);
    return x.toPrecision(2);
  }
  function fmtQ(q) { return q === null || q === undefined ? '–' : (q < 0.001 ? '< 0.001' : q.toFixed(3)); }
  function stanceColor(st) { return D.style.stance_colors[st] || '#777777'; }
  function stanceName(st) { return STANCE_NAMES[st] || st || 'no stance'; }
  function norm(t) {
    return String(t || '').toLowerCase().replace(/[\u2018\u2019\u02bc`\u00b4\u2032]/g, "'")
      .replace(/[\s_\-\u2010-\u2015\u2212\/]+/g, ' ').trim();
  }
  function total(e) { var t = 0; for (var i = 0; i < e.count.length; i++) t += e.count[i]; return t; }

  E.forEach(function (e) {
    var keys = [e.label, e.token, e.id].concat(e.names || []).map(norm).filter(Boolean);
    e._keys = keys.filter(function (k, i) { return keys.indexOf(k) === i; });
    e._concept = norm(e.concept_label);
    e._total = total(e);
  });

  // ------------------------------------------------------------------ search
  function search(q) {
    q = norm(q);
    if (!q) return [];
    var found = [];
    for (var i = 0; i < E.length; i++) {
      var e = E[i], best = 9;
      for (var j = 0; j < e._keys.length; j++) {
        var k = e._keys[j];
        if (k === q) best = Math.min(best, 0);
        else if (k.indexOf(q) === 0) best = Math.min(best, 1);
        else if (k.indexOf(' ' + q) >= 0) best = Math.min(best, 2);
        else if (k.indexOf(q) >= 0) best = Math.min(best, 3);
      }
      if (best > 3 && e._concept && e._concept.indexOf(q) >= 0) best = 4;
      if (best < 9) found.push([best, e.kind === 'lexicon' ? 0 : 1, -e._total, e.label, i]);
    }
    found.sort(function (a, b) {
      for (var k = 0; k < 4; k++) { if (a[k] < b[k]) return -1; if (a[k] > b[k]) return 1; }
      return a[4] - b[4];
    });
    return found.slice(0, 12).map(function (r) { return r[4]; });
  }
  function entryMeta(e) {
    if (e.kind === 'lexicon') {
      return 'lexicon · ' + (e.concept_label || e.concept) + ' · ' + stanceName(e.stance) + ' · ' + fmtInt(e._total) + ' mentions';
    }
    return 'word · ' + fmtInt(e._total) + ' tokens';
  }
  function renderResults() {
    var ul = $('results'), input = $('search');
    clear(ul);
    if (!state.query) { ul.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); return; }
    if (!state.results.length) {
      add(ul, h('li', {'class': 'empty', role: 'option', 'aria-disabled': 'true'}, 'No term matches “' + state.query + '”'));
    }
    state.results.forEach(function (i, n) {
      var e = E[i];
      var li = h('li', {id: 'opt-' + i, role: 'option', 'aria-selected': n === state.active ? 'true' : 'false', 'data-entry': i});
      add(li, h('span', {'class': 'r-label'}, e.label), h('span', {'class': 'r-meta'}, entryMeta(e)));
      li.addEventListener('mousedown', function (ev) { ev.preventDefault(); });
      li.addEventListener('click', function () { choose(i); });
      ul.appendChild(li);
    });
    ul.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (state.active >= 0 && state.results[state.active] !== undefined) {
      input.setAttribute('aria-activedescendant', 'opt-' + state.results[state.active]);
      var cur = $('opt-' + state.results[state.active]);
      if (cur && cur.scrollIntoView) cur.scrollIntoView({block: 'nearest'});
    } else input.removeAttribute('aria-activedescendant');
  }
  function closeResults() { state.results = []; state.active = -1; var q = state.query; state.query = ''; renderResults(); state.query = q; }

  function choose(i) {
    state.entry = i;
    state.open = -1;
    state.query = '';
    state.results = []; state.active = -1;
    $('search').value = E[i].label;
    renderResults();
    var e = E[i];
    if (e.kind !== 'lexicon') state.rateVoice = 'any';
    renderScatter(); renderTerm(); renderFilters(); renderLines();
  }

  // ------------------------------------------------------------------ scatter
  function niceStep(span, n) {
    var raw = span / Math.max(1, n), p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
  }
  function tickFmt(v, step) {
    var dec = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    return (Math.abs(v) < step / 1e6 ? 0 : v).toFixed(Math.min(dec, 6));
  }
  function powLabel(p) {
    var v = Math.pow(10, p);
    if (v >= 1e6) return (v / 1e6) + 'M';
    if (v >= 1e3) return (v / 1e3) + 'k';
    return String(v);
  }
  function overlaps(b, boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var o = boxes[i];
      if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return true;
    }
    return false;
  }
  function renderScatter() {
    var box = $('scatter');
    clear(box);
    var sc = D.scatter[state.group];
    var yi = state.y === 'z' ? 3 : 4;
    var yName = state.y === 'z' ? 'z (log-odds ratio / its s.e.)' : (D.method === 'logodds' ? 'log-odds ratio δ' : 'score');
    var groupWord = D.group_label === 'outlet' ? 'the other outlets' : 'the other groups';
    $('chart-title').textContent = 'Keyness: ' + state.group + ' against ' + groupWord;
    $('chart-note').textContent = 'Each dot is a term: showing ' + fmtInt(sc.points.length) + ' of ' + fmtInt(sc.n_terms) +
      ' terms (the ' + D.settings.max_terms + ' most distinctive by |' + state.y + '| and every lexicon term). ' +
      'Click a dot or search a term to see its rates and contexts.';
    var pts = sc.points.filter(function (p) { return p[yi] !== null && p[1] > 0; });
    var W = Math.max(380, Math.floor(box.clientWidth || 700)), H = 430;
    var m = {l: 58, r: 14, t: 26, b: 46};
    var svg = s('svg', {width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img',
                        'aria-label': 'Keyness scatter for ' + state.group + ': frequency against ' + state.y});
    box.appendChild(svg);
    if (!pts.length) {
      add(svg, s('text', {x: W / 2, y: H / 2, 'text-anchor': 'middle', 'class': 'hint'}, 'No terms to show for this group.'));
      return;
    }
    var xs = pts.map(function (p) { return Math.log10(p[1]); }), ys = pts.map(function (p) { return p[yi]; });
    var x0 = Math.floor(Math.min.apply(null, xs)), x1 = Math.ceil(Math.max.apply(null, xs));
    if (x1 <= x0) x1 = x0 + 1;
    var y0 = Math.min(0, Math.min.apply(null, ys)), y1 = Math.max(0, Math.max.apply(null, ys));
    var pad = (y1 - y0) * 0.06 || 1; y0 -= pad; y1 += pad;
    var X = function (v) { return m.l + (v - x0) / (x1 - x0) * (W - m.l - m.r); };
    var Y = function (v) { return m.t + (y1 - v) / (y1 - y0) * (H - m.t - m.b); };
    var grid = add(svg, s('g', {'class': 'grid'})), axis = add(svg, s('g', {'class': 'axis'}));
    for (var p = x0; p <= x1; p++) {
      add(grid, s('line', {x1: X(p), x2: X(p), y1: m.t, y2: H - m.b}));
      add(axis, s('text', {x: X(p), y: H - m.b + 15, 'text-anchor': 'middle'}, powLabel(p)));
    }
    var step = niceStep(y1 - y0, 6);
    for (var v = Math.ceil(y0 / step) * step; v <= y1 + 1e-9; v += step) {
      var vv = Math.abs(v) < step / 1e6 ? 0 : v;
      add(grid, s('line', {x1: m.l, x2: W - m.r, y1: Y(vv), y2: Y(vv)}));
      add(axis, s('text', {x: m.l - 6, y: Y(vv) + 4, 'text-anchor': 'end'}, tickFmt(vv, step)));
    }
    add(axis, s('line', {x1: m.l, x2: m.l, y1: m.t, y2: H - m.b}));
    add(axis, s('line', {x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b}));
    add(svg, s('line', {'class': 'zero', x1: m.l, x2: W - m.r, y1: Y(0), y2: Y(0)}));
    add(svg, s('text', {'class': 'axis-title', x: (m.l + W - m.r) / 2, y: H - 8, 'text-anchor': 'middle'},
               'Frequency in the whole corpus (log scale)'));
    add(svg, s('text', {'class': 'axis-title', transform: 'translate(14,' + ((m.t + H - m.b) / 2) + ') rotate(-90)',
                        'text-anchor': 'middle'}, yName));
    add(svg, s('text', {'class': 'hint', x: m.l + 6, y: m.t - 10}, '↑ used more by ' + state.group));
    add(svg, s('text', {'class': 'hint', x: m.l + 6, y: H - m.b - 6}, '↓ used less by ' + state.group));

    var q = norm(state.query);
    var isMatch = function (e) {
      if (!q) return false;
      for (var j = 0; j < e._keys.length; j++) if (e._keys[j].indexOf(q) >= 0) return true;
      return false;
    };
    var layer = add(svg, s('g', {'class': q ? 'dim' : ''}));
    var order = pts.slice().sort(function (a, b) {
      var ka = E[a[0]].kind === 'lexicon' ? 1 : 0, kb = E[b[0]].kind === 'lexicon' ? 1 : 0;
      return ka - kb || Math.abs(a[yi]) - Math.abs(b[yi]) || a[0] - b[0];
    });
    var placed = [], selPoint = null, circles = {};
    order.forEach(function (p) {
      var e = E[p[0]], lex = e.kind === 'lexicon', sel = p[0] === state.entry, match = isMatch(e);
      var cls = 'pt ' + (lex ? 'lex' : 'other') + (match ? ' match' : '') + (sel ? ' sel' : '');
      var c = s('circle', {'class': cls, cx: X(Math.log10(p[1])).toFixed(1), cy: Y(p[yi]).toFixed(1),
                           r: lex ? 5 : 2.8, fill: lex ? stanceColor(e.stance) : null, 'data-entry': p[0]});
      add(c, s('title', null, e.label + (lex ? ' (lexicon, ' + stanceName(e.stance) + ')' : '') +
               '\n' + state.y + ' = ' + fmt(p[yi]) + ', q ' + fmtQ(p[5]) +
               '\n' + fmtInt(p[2]) + ' in ' + state.group + ', ' + fmtInt(p[1] - p[2]) + ' elsewhere'));
      c.addEventListener('click', function () { choose(p[0]); });
      layer.appendChild(c);
      circles[p[0]] = c;
      if (sel) selPoint = p;
    });
    if (selPoint) {
      add(svg, s('circle', {'class': 'sel-ring', cx: X(Math.log10(selPoint[1])), cy: Y(selPoint[yi]), r: 10}));
    }
    // labels: the chosen term, search matches, lexicon terms and the most distinctive others; none overlap
    var want = [];
    if (selPoint) want.push([selPoint, 'sel']);
    var byStrength = pts.slice().sort(function (a, b) { return Math.abs(b[yi]) - Math.abs(a[yi]) || a[0] - b[0]; });
    if (q) byStrength.forEach(function (p) { if (isMatch(E[p[0]]) && p !== selPoint) want.push([p, 'match']); });
    var nLex = 0;
    byStrength.forEach(function (p) {
      if (E[p[0]].kind === 'lexicon' && p !== selPoint && nLex < 15) { want.push([p, 'lex']); nLex++; }
    });
    var up = 0, down = 0;
    byStrength.forEach(function (p) {
      if (E[p[0]].kind === 'lexicon' || p === selPoint) return;
      if (p[yi] > 0 && up < 8) { want.push([p, 'top']); up++; }
      else if (p[yi] < 0 && down < 8) { want.push([p, 'top']); down++; }
    });
    var seen = {}, labels = add(svg, s('g', null)), nLabels = 0;
    placed.push({x: 0, y: 0, w: m.l, h: H});
    placed.push({x: m.l, y: 0, w: 220, h: m.t});
    placed.push({x: m.l, y: H - m.b - 18, w: 220, h: 18});
    want.forEach(function (w) {
      var p = w[0], key = p[0];
      if (seen[key] || nLabels >= 40) return;
      seen[key] = 1;
      var cx = X(Math.log10(p[1])), cy = Y(p[yi]), e = E[p[0]];
      var t = s('text', {'class': 'lbl ' + (w[1] === 'sel' ? 'sel' : (e.kind === 'lexicon' ? 'lex' : ''))}, e.label);
      labels.appendChild(t);
      var tw = t.getComputedTextLength ? t.getComputedTextLength() : e.label.length * 6.5, th = w[1] === 'sel' ? 14 : 13;
      var spots = [[cx + 7, cy + 4, 'start'], [cx - 7, cy + 4, 'end'], [cx - tw / 2, cy - 8, 'start'], [cx - tw / 2, cy + 16, 'start']];
      for (var k = 0; k < spots.length; k++) {
        var bx = spots[k][2] === 'end' ? spots[k][0] - tw : spots[k][0];
        var b = {x: bx - 1, y: spots[k][1] - th + 3, w: tw + 2, h: th};
        if (b.x < m.l || b.x + b.w > W - 2 || b.y < 2 || b.y + b.h > H - m.b) continue;
        if (w[1] !== 'sel' && overlaps(b, placed)) continue;
        put(t, {x: bx.toFixed(1), y: spots[k][1].toFixed(1)});
        placed.push(b); nLabels++;
        if (circles[key]) layer.appendChild(circles[key]);  // a labelled dot is drawn over any it hides
        return;
      }
      labels.removeChild(t);
    });
  }
  function renderTopTerms() {
    // the most distinctive terms of the group as buttons: a keyboard route into the chart
    var box = $('top-terms'), yi = state.y === 'z' ? 3 : 4;
    clear(box);
    var pts = D.scatter[state.group].points.filter(function (p) { return p[yi] !== null; });
    [[1, 'More in ' + state.group + ':'], [-1, 'Less in ' + state.group + ':']].forEach(function (side) {
      var some = pts.filter(function (p) { return side[0] * p[yi] > 0; })
        .sort(function (a, b) { return side[0] * (b[yi] - a[yi]) || a[0] - b[0]; }).slice(0, 10);
      if (!some.length) return;
      var line = add(h('p'), h('span', {'class': 'what'}, side[1]));
      some.forEach(function (p) {
        var e = E[p[0]];
        var b = h('button', {type: 'button', 'class': e.kind === 'lexicon' ? 'lex' : null,
                             title: state.y + ' = ' + fmt(p[yi])}, e.label);
        b.addEventListener('click', function () { choose(p[0]); });
        line.appendChild(b);
      });
      box.appendChild(line);
    });
  }
  function renderLegend() {
    var lg = $('legend');
    clear(lg);
    var present = {};
    Object.keys(D.scatter).forEach(function (g) {
      D.scatter[g].points.forEach(function (p) { var e = E[p[0]]; if (e.kind === 'lexicon') present[e.stance] = 1; });
    });
    Object.keys(present).sort(function (a, b) {
      var i = STANCE_ORDER.indexOf(a), j = STANCE_ORDER.indexOf(b);
      i = i < 0 ? STANCE_ORDER.length : i; j = j < 0 ? STANCE_ORDER.length : j;
      return i - j || (a < b ? -1 : a > b ? 1 : 0);
    }).forEach(function (st) {
      var sw = s('svg', {width: 12, height: 12, 'aria-hidden': 'true'});
      add(sw, s('circle', {cx: 6, cy: 6, r: 5, fill: stanceColor(st), stroke: '#222', 'stroke-width': 0.8}));
      add(lg, add(h('span'), sw, document.createTextNode('lexicon: ' + stanceName(st))));
    });
    var sw = s('svg', {width: 12, height: 12, 'aria-hidden': 'true'});
    add(sw, s('circle', {cx: 6, cy: 6, r: 3, fill: '#bdbdbd'}));
    add(lg, add(h('span'), sw, document.createTextNode('other words')));
  }

  // ------------------------------------------------------------------ the chosen term
  function keynessRow(index) {
    var pts = D.scatter[state.group].points;
    for (var i = 0; i < pts.length; i++) if (pts[i][0] === index) return pts[i];
    return null;
  }
  function renderTerm() {
    var meta = $('term-meta'), ratesBox = $('rates');
    clear(meta); clear(ratesBox);
    var vf = $('rate-voice-field');
    if (state.entry < 0) {
      $('term-title').textContent = 'No term chosen';
      add(meta, h('p', {'class': 'note'}, 'Type in “Find a term” (e.g. Kiev regime) or click a dot in the chart.'));
      vf.hidden = true; $('rates-note').textContent = '';
      return;
    }
    var e = E[state.entry], lex = e.kind === 'lexicon';
    $('term-title').textContent = e.label;
    var p1 = h('p');
    add(p1, h('span', {'class': 'kind'}, lex ? 'lexicon variant' : 'word'));
    if (lex) {
      var sw = h('span', {'class': 'swatch', 'aria-hidden': 'true'});
      sw.style.background = stanceColor(e.stance);
      add(p1, sw, document.createTextNode(stanceName(e.stance) + ' · ' + (e.concept_label || e.concept)));
      meta.appendChild(p1);
      var p2 = h('p', {'class': 'note'}, 'Variant id ' + e.id + (e.names && e.names.length > 1 ? ' · also written ' +
        e.names.filter(function (n) { return n !== e.label; }).join(', ') : '') + '.');
      meta.appendChild(p2);
    } else {
      add(p1, document.createTextNode('token “' + e.token + '”'));
      meta.appendChild(p1);
    }
    var row = keynessRow(state.entry);
    if (row) {
      add(meta, h('p', null, 'In ' + state.group + ': z = ' + fmt(row[3]) + ', log-odds δ = ' + fmt(row[4]) +
                  ', q ' + fmtQ(row[5]) + '; token count ' + fmtInt(row[2]) + ' here, ' + fmtInt(row[1] - row[2]) + ' elsewhere.'));
    } else if (e.token) {
      add(meta, h('p', {'class': 'note'}, 'The token “' + e.token + '” is not in the ' + state.group + ' chart.'));
    }
    if (lex && e.token) {
      add(meta, h('p', {'class': 'note'}, 'The chart counts the token “' + e.token + '” (the label as written); ' +
                  'the rates and lines below count every mention the lexicon\'s patterns find.'));
    }
    if (lex) {
      vf.hidden = false;
      $('rate-voice').value = state.rateVoice;
    } else { vf.hidden = true; state.rateVoice = 'any'; }
    var rates = (e.rates[state.rateVoice] || e.rates.any);
    var W = Math.max(320, Math.floor(ratesBox.clientWidth || 420)), rowH = 21, top = 22;
    var H = top + rowH * OUT.length + 42, lw = Math.min(128, Math.round(W * 0.3)), nw = Math.min(156, Math.round(W * 0.36));
    var svg = s('svg', {width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img',
                        'aria-label': 'Rate per 10,000 tokens per outlet for ' + e.label});
    ratesBox.appendChild(svg);
    // the axis spans the estimates and the intervals, but an interval far wider than every
    // estimate (a small outlet) is cut at the edge with an arrow: its numbers are on the right
    var est = 0, highs = [];
    rates.forEach(function (r) { if (r[0] !== null) est = Math.max(est, r[0]); if (r[2] !== null) highs.push(r[2]); });
    var hi = Math.max(est, highs.length ? Math.max.apply(null, highs) : 0);
    if (est > 0) hi = Math.min(hi, 2.5 * est);
    if (hi <= 0) hi = 1;
    var step = niceStep(hi, Math.max(1, Math.min(5, Math.floor((W - lw - nw) / 70))));
    var xmax = Math.ceil(hi / step - 1e-9) * step;
    var X = function (v) { return lw + Math.min(v, xmax) / xmax * (W - lw - nw); };
    var bottom = top + rowH * OUT.length;
    var axis = add(svg, s('g', {'class': 'axis'}));
    for (var v = 0; v <= xmax + step / 1e6; v += step) {
      add(axis, s('line', {x1: X(v), x2: X(v), y1: top, y2: bottom, stroke: '#e6e6e6'}));
      add(axis, s('text', {x: X(v), y: bottom + 14, 'text-anchor': 'middle'}, tickFmt(v, step)));
    }
    add(svg, s('text', {x: lw - 8, y: top - 8, 'class': 'num', 'text-anchor': 'end'}, 'outlet'));
    add(svg, s('text', {x: W - nw + 8, y: top - 8, 'class': 'num'}, 'rate [95% CI] · n'));
    OUT.forEach(function (o, i) {
      var r = rates[i], y = top + i * rowH + rowH / 2, cur = o === state.group;
      if (cur) add(svg, s('rect', {'class': 'band', x: 0, y: top + i * rowH, width: W, height: rowH}));
      var fit = Math.max(6, Math.floor((lw - 10) / 7));
      var name = o.length > fit ? o.slice(0, fit - 1) + '…' : o;
      var t = add(svg, s('text', {'class': 'row-label' + (cur ? ' cur' : ''), x: lw - 8, y: y + 4, 'text-anchor': 'end'}, name));
      add(t, s('title', null, o + ': ' + fmtInt(D.outlet_docs[i]) + ' documents, ' + fmtInt(D.outlet_tokens[i]) + ' tokens'));
      if (r[1] !== null && r[2] !== null) {
        add(svg, s('line', {'class': 'ci', x1: X(r[1]), x2: X(r[2]), y1: y, y2: y}));
        if (r[2] > xmax) {
          var xe = X(xmax);
          add(svg, s('path', {'class': 'clip', d: 'M' + (xe - 6) + ',' + (y - 4) + 'L' + xe + ',' + y + 'L' + (xe - 6) + ',' + (y + 4) + 'Z'}));
        }
      }
      if (r[0] !== null) add(svg, s('circle', {'class': 'dot' + (r[3] ? '' : ' zero'), cx: X(r[0]), cy: y, r: 4.5}));
      add(svg, s('text', {'class': 'num', x: W - nw + 8, y: y + 4},
                 fmt(r[0]) + ' [' + fmt(r[1]) + ', ' + fmt(r[2]) + '] · ' + fmtInt(r[3])));
    });
    add(svg, s('text', {'class': 'axis-title', x: (lw + W - nw) / 2, y: H - 6, 'text-anchor': 'middle'},
               'mentions per 10,000 tokens'.replace('mentions', lex ? 'mentions' : 'occurrences')));
    $('rates-note').textContent = (lex
      ? 'Mentions of the variant (all its patterns' + (state.rateVoice === 'any' ? ', every voice' : ', ' + state.rateVoice + ' voice') + ')'
      : 'Occurrences of the word') + ' per 10,000 tokens of each outlet; bars: 95% intervals from ' +
      fmtInt(D.settings.n_boot) + ' bootstrap resamples of documents; n = count' +
      (lex && MODS.length ? ' (modality rule ' + D.settings.modality + ': ' + (D.settings.modality === 'any' ? 'every mention'
        : D.settings.modality === 'asserted' ? 'asserted mentions only' : 'a frame term only when asserted') + ')' : '') + '.';
  }

  // ------------------------------------------------------------------ concordance
  function docOf(line) { return D.docs[line[0]]; }
  function checkbox(list, label, checked, onchange, extra) {
    var id = 'f-' + list.id + '-' + list.childNodes.length;
    var lab = h('label', {'for': id});
    var input = h('input', {type: 'checkbox', id: id, checked: checked});
    input.addEventListener('change', function () { onchange(input.checked); });
    add(lab, input, document.createTextNode(' ' + label));
    if (extra) add(lab, document.createTextNode(' '), h('span', {'class': 'n'}, extra));
    list.appendChild(lab);
  }
  function resetFilters() {
    filt = {outlets: {}, voices: {}, mods: {}, from: '', to: ''};
    OUT.forEach(function (o, i) { filt.outlets[i] = true; });
    VOICES.forEach(function (v, i) { filt.voices[i] = true; });
    filt.voices[-1] = true;
    MODS.forEach(function (v, i) { filt.mods[i] = true; });
    filt.mods[-1] = true;
    $('f-from').value = ''; $('f-to').value = '';
  }
  function renderFilters() {
    var e = state.entry >= 0 ? E[state.entry] : null;
    var ol = $('f-outlet-list'); clear(ol);
    OUT.forEach(function (o, i) {
      var extra = e ? (e.shown[i] + ' of ' + fmtInt(e.count[i])) : null;
      checkbox(ol, o, filt.outlets[i], function (on) { filt.outlets[i] = on; renderLines(); }, extra);
    });
    var vl = $('f-voice-list'); clear(vl);
    VOICES.forEach(function (v, i) { checkbox(vl, v, filt.voices[i], function (on) { filt.voices[i] = on; renderLines(); }); });
    var ml = $('f-mod-list'); clear(ml);
    $('f-mods').hidden = !MODS.length;
    MODS.forEach(function (v, i) { checkbox(ml, v, filt.mods[i], function (on) { filt.mods[i] = on; renderLines(); }); });
  }
  function visibleLines(e) {
    return e.lines.filter(function (l) {
      var d = docOf(l);
      if (!filt.outlets[d[0]]) return false;
      if (!filt.voices[l[1]]) return false;
      if (MODS.length && !filt.mods[l[2]]) return false;
      if (filt.from && (!d[1] || d[1] < filt.from)) return false;
      if (filt.to && (!d[1] || d[1] > filt.to)) return false;
      return true;
    }).sort(function (a, b) {
      var da = docOf(a), db = docOf(b);
      return da[0] - db[0] || (da[1] < db[1] ? -1 : da[1] > db[1] ? 1 : 0) || a[0] - b[0];
    });
  }
  function renderHead() {
    var tr = $('kwic-head'); clear(tr);
    var table = $('kwic'), old = table.querySelector('colgroup');
    if (old) table.removeChild(old);
    var cg = h('colgroup');
    var cols = [['c-outlet', 'Outlet'], ['c-date', 'Date'], ['c-voice', 'Voice']];
    if (MODS.length) cols.push(['c-mod', 'Modality']);
    cols = cols.concat([['c-left', 'Left context'], ['c-match', 'Match'], ['c-right', 'Right context'], ['c-doc', 'Source']]);
    cols.forEach(function (c) { add(cg, h('col', {'class': c[0]})); add(tr, h('th', {scope: 'col'}, c[1])); });
    table.insertBefore(cg, table.firstChild);
  }
  function detailRow(l, ncol) {
    var d = docOf(l);
    var tr = h('tr', {'class': 'detail'}), td = h('td', {colspan: ncol});
    var dl = h('dl');
    var item = function (k, v) { add(dl, h('dt', null, k)); var dd = h('dd'); if (typeof v === 'string') dd.textContent = v; else add(dd, v); add(dl, dd); };
    item('Title', d[2] || '(no title)');
    item('Outlet', OUT[d[0]]);
    item('Date', d[1] || '(undated)');
    if (d[3] && /^https?:\/\//i.test(d[3])) {
      item('Link', h('a', {href: d[3], target: '_blank', rel: 'noopener noreferrer'}, d[3]));
    } else item('Link', '(none)');
    item('Document id', d[4]);
    var extra = VOICES[l[1]] ? 'voice ' + VOICES[l[1]] : '';
    if (l[2] >= 0) extra += ', modality ' + MODS[l[2]];
    if (l[3] >= 0) extra += ', stance ' + stanceName(STANCES[l[3]]);
    item('Mention', extra || '–');
    add(td, dl);
    var p = h('p', {'class': 'context'});
    add(p, document.createTextNode(l[4] + ' '), h('mark', null, l[5]), document.createTextNode(' ' + l[6]));
    add(td, p);
    add(tr, td);
    return tr;
  }
  function renderLines() {
    var body = $('kwic-body'), sum = $('kwic-summary');
    clear(body);
    renderHead();
    var ncol = MODS.length ? 8 : 7;
    if (state.entry < 0) { sum.textContent = 'Choose a term to see its contexts.'; return; }
    var e = E[state.entry], lines = visibleLines(e), all = e.lines.length, tot = e._total;
    var unit = e.kind === 'lexicon' ? 'mentions' : 'occurrences';
    var cap = e.kind === 'lexicon' ? D.settings.max_lines : D.settings.max_term_lines;
    sum.textContent = 'Showing ' + fmtInt(lines.length) + ' line' + (lines.length === 1 ? '' : 's') +
      (lines.length !== all ? ' (filtered from ' + fmtInt(all) + ' kept)' : '') + ' of ' + fmtInt(tot) + ' ' + unit +
      ' of “' + e.label + '”. ' + (all < tot ? 'A seeded sample: at most ' + cap + ' per outlet, spread over voices and documents' +
      (D.settings.dropped_for_size ? ', fewer where the file size limit was reached' : '') + '.' : 'All of them are kept.');
    lines.forEach(function (l, n) {
      var d = docOf(l), v = VOICES[l[1]] || '';
      var tr = h('tr', {'class': v});
      add(tr, h('td', {title: OUT[d[0]]}, OUT[d[0]]), h('td', null, d[1] || '–'), h('td', {'class': 'voice'}, v || '–'));
      if (MODS.length) add(tr, h('td', null, l[2] >= 0 ? MODS[l[2]] : '–'));
      var left = h('td', {'class': 'left', title: l[4]}), inner = h('div');
      add(inner, h('span', null, l[4])); add(left, inner);
      add(tr, left, h('td', {'class': 'match', title: l[5]}, l[5]), h('td', {'class': 'right', title: l[6]}, l[6]));
      var btd = h('td'), b = h('button', {type: 'button', 'aria-expanded': state.open === n ? 'true' : 'false',
                                          'aria-label': 'Source of line ' + (n + 1) + ': ' + (d[2] || d[4])}, 'Details');
      b.addEventListener('click', function () { state.open = state.open === n ? -1 : n; renderLines(); });
      add(tr, add(btd, b));
      body.appendChild(tr);
      if (state.open === n) { tr.className += ' open'; body.appendChild(detailRow(l, ncol)); }
    });
    if (!lines.length) add(body, add(h('tr'), h('td', {colspan: ncol}, 'No line matches the filters.')));
  }

  // ------------------------------------------------------------------ wiring
  function init() {
    $('group-label').textContent = D.group_label === 'outlet' ? 'Keyness of outlet' : 'Keyness of group';
    var gs = $('group');
    D.groups.forEach(function (g) { add(gs, h('option', {value: g}, g)); });
    gs.addEventListener('change', function () { state.group = gs.value; renderScatter(); renderTopTerms(); renderTerm(); });
    var ys = $('yaxis');
    D.y_options.forEach(function (y) { add(ys, h('option', {value: y}, y === 'z' ? 'z' : (D.method === 'logodds' ? 'log-odds δ' : 'score'))); });
    ys.addEventListener('change', function () { state.y = ys.value; renderScatter(); renderTopTerms(); });
    var rv = $('rate-voice');
    D.rate_voices.forEach(function (v) { add(rv, h('option', {value: v}, v === 'any' ? 'any voice' : v)); });
    rv.addEventListener('change', function () { state.rateVoice = rv.value; renderTerm(); });
    var input = $('search');
    input.addEventListener('input', function () {
      state.query = input.value.trim();
      state.results = search(state.query);
      state.active = state.results.length ? 0 : -1;
      renderResults(); renderScatter();
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        if (!state.results.length) { state.query = input.value.trim(); state.results = search(state.query); state.active = -1; }
        if (!state.results.length) return;
        ev.preventDefault();
        var n = state.results.length;
        state.active = ev.key === 'ArrowDown' ? (state.active + 1) % n : (state.active - 1 + n) % n;
        renderResults();
      } else if (ev.key === 'Enter') {
        ev.preventDefault();
        if (!state.results.length && input.value.trim()) { state.query = input.value.trim(); state.results = search(state.query); state.active = 0; }
        if (state.results.length) choose(state.results[Math.max(0, state.active)]);
      } else if (ev.key === 'Escape') {
        closeResults();
      }
    });
    input.addEventListener('blur', function () { setTimeout(closeResults, 150); });
    $('f-all').addEventListener('click', function () { OUT.forEach(function (o, i) { filt.outlets[i] = true; }); renderFilters(); renderLines(); });
    $('f-none').addEventListener('click', function () { OUT.forEach(function (o, i) { filt.outlets[i] = false; }); renderFilters(); renderLines(); });
    $('f-reset').addEventListener('click', function () { resetFilters(); renderFilters(); renderLines(); });
    var dates = D.docs.map(function (d) { return d[1]; }).filter(Boolean).sort();
    ['f-from', 'f-to'].forEach(function (id) {
      var el = $(id);
      if (dates.length) { el.min = dates[0]; el.max = dates[dates.length - 1]; }
      el.addEventListener('change', function () { filt[id === 'f-from' ? 'from' : 'to'] = el.value; renderLines(); });
    });
    $('foot-note').textContent = 'framing explorer · ' + fmtInt(OUT.length) + ' outlets, ' +
      fmtInt(D.outlet_docs.reduce(function (a, b) { return a + b; }, 0)) + ' documents · lines: seed ' + D.settings.seed +
      ', ' + D.settings.context + ' characters of context each side · the page loads nothing from the network.';
    resetFilters();
    renderLegend(); renderScatter(); renderTopTerms(); renderTerm(); renderFilters(); renderLines();
    var timer = null;
    window.addEventListener('resize', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { renderScatter(); renderTerm(); }, 120);
    });
    document.documentElement.setAttribute('data-ready', 'true');
  }
  init();
})();
