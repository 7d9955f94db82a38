// styrdok search: queries the static index in sok/idx/ (written by `styrdok build`, see
// docs/search.md) in the browser. Nothing leaves the site: every request goes to files
// beside this page. Text analysis mirrors src/search/analyze.rs step by step; the
// Snowball stemmer (snowball-sv.js / snowball-en.js) is the same algorithm the index was
// stemmed with. Loads lazily: the manifest first, then the units table and only the
// term shards a query needs, then the metadata of the documents shown.
(function () {
  "use strict";
  var form = document.getElementById("sok-form");
  if (!form) return;
  var input = document.getElementById("sok-q");
  var statusEl = document.getElementById("sok-status");
  var list = document.getElementById("sok-results");
  var more = document.getElementById("sok-more");
  var facetsEl = document.getElementById("sok-facets");
  var T = JSON.parse(document.getElementById("sok-strings").textContent);
  var INDEX = form.getAttribute("data-index");
  var BASE = form.getAttribute("data-base");
  var PAGE = 10;

  // ---- Loading ---------------------------------------------------------------------

  var manifest = null;
  var loads = new Map();

  function isGzip(b) { return b.length > 2 && b[0] === 0x1f && b[1] === 0x8b; }

  async function gunzip(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // Index files are gzip; a server or proxy may already have decompressed them. Files
  // named by their content never change; others carry the index version.
  function load(path, immutable) {
    if (!loads.has(path)) {
      var url = INDEX + path + (immutable ? "" : "?v=" + encodeURIComponent(manifest.version));
      loads.set(path, fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.arrayBuffer();
      }).then(function (buf) {
        var b = new Uint8Array(buf);
        return isGzip(b) ? gunzip(b) : b;
      }));
      loads.get(path).catch(function () { loads.delete(path); });
    }
    return loads.get(path);
  }

  async function loadManifest() {
    if (manifest) return manifest;
    var r = await fetch(INDEX + "manifest.json", { cache: "no-cache" });
    if (!r.ok) throw new Error("manifest: " + r.status);
    var m = await r.json();
    if (m.format !== 1) throw new Error("index format " + m.format);
    m.stopSet = new Set(m.stop);
    m.shardKeys = m.shards.map(utf8);
    manifest = m;
    return m;
  }

  // ---- Bytes -----------------------------------------------------------------------

  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  function utf8(s) { return encoder.encode(s); }

  function Reader(bytes, pos) { this.b = bytes; this.p = pos || 0; }
  // LEB128 with plain arithmetic: masks can exceed 31 bits.
  Reader.prototype.varint = function () {
    var v = 0, mul = 1, b;
    do {
      if (this.p >= this.b.length) throw new Error("truncated index file");
      b = this.b[this.p++];
      v += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
    return v;
  };
  Reader.prototype.intSet = function () {
    var kind = this.b[this.p++], out = [], i, n;
    if (kind === 0) {
      n = this.varint();
      var prev = 0;
      for (i = 0; i < n; i++) { prev = i === 0 ? this.varint() : prev + this.varint(); out.push(prev); }
    } else {
      n = this.varint();
      for (i = 0; i < n; i++) {
        var byte = this.b[this.p + i];
        for (var bit = 0; byte; bit++, byte >>= 1) if (byte & 1) out.push(i * 8 + bit);
      }
      this.p += n;
    }
    return out;
  };

  function compareBytes(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }
  function startsWith(a, prefix) {
    if (a.length < prefix.length) return false;
    for (var i = 0; i < prefix.length; i++) if (a[i] !== prefix[i]) return false;
    return true;
  }

  // ---- The units table: documents, their sections and records, facet values --------

  // Facet positions, as in the manifest.
  var KIND = 0, TYPE = 1, AREA = 2, RESP = 3, YEAR = 4, STATUS = 5;
  var units = null;

  async function loadUnits() {
    if (units) return units;
    var r = new Reader(await load("units-" + manifest.units + ".bin", true));
    if (decoder.decode(r.b.subarray(0, 4)) !== "SDU2") throw new Error("units table");
    r.p = 4;
    var nDocs = r.varint(), d, i;
    function column() { var c = new Int32Array(nDocs); for (var i = 0; i < nDocs; i++) c[i] = r.varint(); return c; }
    var types = column(), years = column(), statuses = column(), nSections = column(), nRecords = column();
    var docBase = new Int32Array(nDocs + 1), docResult = new Int32Array(nDocs);
    // Results: each document, then each of its records, in unit order. Areas and
    // responsibles stay empty until the people table is loaded.
    var res = { unit: [], doc: [], kind: [], year: [], vals: [] };
    var unitResult = [];
    var total = 0;
    for (d = 0; d < nDocs; d++) {
      var year = years[d] ? [years[d] - 1] : [];
      docBase[d] = total;
      docResult[d] = res.unit.length;
      res.unit.push(total); res.doc.push(d); res.kind.push(0); res.year.push(years[d]);
      res.vals.push([[0], [types[d]], [], [], year, [statuses[d]]]);
      for (i = 0; i <= nSections[d]; i++) unitResult.push(docResult[d]);
      var unit = total + 1 + nSections[d];
      for (var left = nRecords[d], runs = left ? r.varint() : 0; runs > 0; runs--) {
        var kind = r.varint(), n = r.varint();
        for (i = 0; i < n; i++, unit++) {
          unitResult.push(res.unit.length);
          res.unit.push(unit); res.doc.push(d); res.kind.push(kind); res.year.push(years[d]);
          res.vals.push([[kind], [types[d]], [], [], year, [statuses[d]]]);
        }
      }
      total += 1 + nSections[d] + nRecords[d];
    }
    docBase[nDocs] = total;
    units = { nDocs: nDocs, nUnits: total, docBase: docBase, docResult: docResult, nRecords: nRecords,
      res: res, unitResult: Int32Array.from(unitResult), F: manifest.facets.length, people: false };
    return units;
  }

  // Areas and responsibles: a table of their own, loaded when those facets are used.
  var peopleLoad = null;
  function loadPeople() {
    if (!peopleLoad) {
      peopleLoad = Promise.all([loadUnits(), load("people-" + manifest.people + ".bin", true)]).then(function (x) {
        var U = x[0], r = new Reader(x[1], 4), nDocs = r.varint(), d, k;
        if (nDocs !== U.nDocs) throw new Error("people table");
        function list() { var out = [], n = r.varint(); while (n-- > 0) out.push(r.varint()); return out; }
        var vals = U.res.vals, dr = U.docResult, nr = U.nRecords;
        for (d = 0; d < nDocs; d++) { var o = r.varint(); vals[dr[d]][RESP] = o ? [o - 1] : []; }
        for (d = 0; d < nDocs; d++) vals[dr[d]][AREA] = list();
        for (d = 0; d < nDocs; d++) for (k = 1; k <= nr[d]; k++) vals[dr[d] + k][AREA] = list();
        for (d = 0; d < nDocs; d++) for (k = 1; k <= nr[d]; k++) vals[dr[d] + k][RESP] = list();
        U.people = true;
      });
      peopleLoad.catch(function () { peopleLoad = null; });
    }
    return peopleLoad;
  }
  function ready(f) { return (f !== AREA && f !== RESP) || units.people; }

  // ---- Text analysis: mirrors src/search/analyze.rs --------------------------------

  var COMPOSE = { "a\u030a": "å", "A\u030a": "Å", "a\u0308": "ä", "A\u0308": "Ä", "o\u0308": "ö", "O\u0308": "Ö",
    "u\u0308": "ü", "U\u0308": "Ü", "e\u0301": "é", "E\u0301": "É" };
  function compose(text) {
    return text.replace(/[aAoOuUeE][\u030a\u0308\u0301]/g, function (p) { return COMPOSE[p] || p; });
  }
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var NUMERIC = /\p{N}/u;
  var stems = new Map();

  // Tokens of `text` with their positions: [{token, start, end}].
  function tokens(text) {
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      if (Array.from(m[0]).length > manifest.max_token) continue;
      out.push({ token: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
    }
    return out;
  }
  // The index term of a token; null for a stop word.
  function term(token) {
    if (manifest.stopSet.has(token)) return null;
    if (NUMERIC.test(token)) return token;
    if (!stems.has(token)) stems.set(token, window.styrdokStem(token));
    return stems.get(token);
  }
  // The query's words: stop words are dropped unless nothing else is left.
  function queryTerms(q) {
    var toks = tokens(compose(q)).map(function (t) { return t.token; });
    var terms = toks.map(term).filter(Boolean);
    if (!terms.length) terms = toks.map(function (t) { return NUMERIC.test(t) ? t : window.styrdokStem(t); });
    return terms.filter(function (t, i) { return terms.indexOf(t) === i; }).slice(0, 8);
  }

  // ---- Term shards -----------------------------------------------------------------

  var shards = new Map();

  async function loadShard(i) {
    if (!shards.has(i)) {
      shards.set(i, load("t/" + manifest.shard_files[i] + ".bin", true).then(function (bytes) {
        var r = new Reader(bytes, 4), n = r.varint(), terms = [], prev = new Uint8Array(0);
        for (var k = 0; k < n; k++) {
          var shared = r.varint(), rest = r.varint();
          var t = new Uint8Array(shared + rest);
          t.set(prev.subarray(0, shared));
          t.set(bytes.subarray(r.p, r.p + rest), shared);
          r.p += rest;
          var len = r.varint();
          terms.push({ bytes: t, start: r.p, end: r.p + len, data: bytes });
          r.p += len;
          prev = t;
        }
        return terms;
      }));
      shards.get(i).catch(function () { shards.delete(i); });
    }
    return shards.get(i);
  }

  // Shards that may hold terms starting with `key`: the one whose range holds `key`,
  // then any following ones whose separator starts with it (at most 4).
  function shardsFor(key) {
    var keys = manifest.shardKeys, lo = 0, hi = keys.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (compareBytes(keys[mid], key) <= 0) lo = mid; else hi = mid - 1;
    }
    var out = [lo];
    for (var i = lo + 1; i < keys.length && out.length < 4 && startsWith(keys[i], key); i++) out.push(i);
    return out;
  }

  // Index terms matching a query term: equal (weight 1) or longer with it as prefix.
  async function matchTerm(q) {
    var key = utf8(q), found = [];
    var lists = await Promise.all(shardsFor(key).map(loadShard));
    lists.forEach(function (terms) {
      terms.forEach(function (t) {
        if (!startsWith(t.bytes, key)) return;
        var exact = t.bytes.length === key.length;
        found.push({ t: t, weight: exact ? 1 : 0.5 + 0.5 * key.length / t.bytes.length });
      });
    });
    return found;
  }

  // Calls fn(globalUnit, strong) for each posting of a term.
  function eachPosting(t, fn) {
    var r = new Reader(t.data, t.start), U = units;
    var docs = r.intSet(), flat = [];
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i], base = U.docBase[d], n = U.docBase[d + 1] - base;
      if (n <= manifest.mask_units) {
        for (var m = r.varint(), u = 0; m > 0; u++, m = Math.floor(m / 2)) if (m % 2) flat.push(base + u);
      } else {
        for (var k = r.varint(), j = 0, prev = 0; j < k; j++) { prev = j === 0 ? r.varint() : prev + r.varint(); flat.push(base + prev); }
      }
    }
    var strong = new Set(r.intSet());
    for (var p = 0; p < flat.length; p++) fn(flat[p], strong.has(p));
    return flat.length;
  }

  // ---- Search ----------------------------------------------------------------------

  // Scores every result for the query terms (all must match: a record in its own unit,
  // a document in itself or any of its sections). Returns {score: Map(result → score),
  // sections: Map(result → [[unit, score]])}.
  async function run(terms) {
    var U = units, R = U.res;
    var perTerm = await Promise.all(terms.map(matchTerm));
    var resultScore = new Map(), sections = new Map();
    perTerm.forEach(function (matches, qi) {
      var unitScore = new Map();
      matches.forEach(function (m) {
        var df = 0, hits = [];
        df = eachPosting(m.t, function (u, strong) { hits.push(u, strong ? 3 : 1); });
        var w = m.weight * Math.log(1 + U.nUnits / Math.max(df, 1));
        for (var i = 0; i < hits.length; i += 2) {
          var s = w * hits[i + 1];
          if (!(unitScore.get(hits[i]) >= s)) unitScore.set(hits[i], s);
        }
      });
      var best = new Map();
      unitScore.forEach(function (s, u) {
        var res = U.unitResult[u];
        if (!(best.get(res) >= s)) best.set(res, s);
        if (u !== R.unit[res]) {
          if (!sections.has(res)) sections.set(res, new Map());
          var sec = sections.get(res);
          sec.set(u, (sec.get(u) || 0) + s);
        }
      });
      if (qi === 0) {
        best.forEach(function (s, res) { resultScore.set(res, s); });
      } else {
        resultScore.forEach(function (s, res) {
          if (best.has(res)) resultScore.set(res, s + best.get(res)); else resultScore.delete(res);
        });
      }
    });
    return { score: resultScore, sections: sections };
  }

  // Facet filtering and counting. A result passes a facet when nothing is chosen in it
  // or it has one of the chosen values; counts for a facet are taken over the results
  // that pass every other facet, so choosing a value never hides its siblings.
  function facetResults(candidates, chosen) {
    var U = units, F = U.F, counts = [], passing = [];
    for (var f = 0; f < F; f++) counts.push(ready(f) ? new Int32Array(manifest.facets[f].values.length) : null);
    candidates.forEach(function (res) {
      var vals = U.res.vals[res], failed = -1, failures = 0;
      for (var f = 0; f < F && failures < 2; f++) {
        if (!chosen[f].size || !ready(f)) continue;
        if (!vals[f].some(function (v) { return chosen[f].has(v); })) { failed = f; failures++; }
      }
      if (failures === 0) {
        passing.push(res);
        for (f = 0; f < F; f++) if (counts[f]) vals[f].forEach(function (v) { counts[f][v]++; });
      } else if (failures === 1) {
        vals[failed].forEach(function (v) { counts[failed][v]++; });
      }
    });
    return { passing: passing, counts: counts };
  }

  // ---- Page state and URL ----------------------------------------------------------

  var chosen = [];      // per facet: Set of value positions
  var shown = 0;        // results rendered so far
  var current = null;   // the last search's ordered results and scores
  var seq = 0;

  function readUrl() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    chosen = manifest.facets.map(function (f) {
      var wanted = params.getAll(f.key), set = new Set();
      f.values.forEach(function (v, i) { if (wanted.indexOf(v[0]) >= 0) set.add(i); });
      return set;
    });
  }

  function writeUrl() {
    var params = new URLSearchParams();
    var q = input.value.trim();
    if (q) params.set("q", q);
    manifest.facets.forEach(function (f, fi) {
      f.values.forEach(function (v, i) { if (chosen[fi].has(i)) params.append(f.key, v[0]); });
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function anyChosen() { return chosen.some(function (s) { return s.size > 0; }); }

  // ---- Rendering ---------------------------------------------------------------------

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  // The facet checkboxes, built once from the manifest; searches update their counts.
  // Each facet is a disclosure: areas and responsibles start closed (their table is
  // loaded when one is opened or a value of it is chosen), the others open.
  var facetInputs = [];
  function buildFacets() {
    facetsEl.textContent = "";
    facetsEl.appendChild(el("h2", { id: "sok-facets-heading", text: T.filters }));
    manifest.facets.forEach(function (f, fi) {
      if (!f.values.length) return;
      var details = el("details", { "class": "facet" }, [el("summary", { text: f.label })]);
      details.open = (fi !== AREA && fi !== RESP) || chosen[fi].size > 0;
      details.addEventListener("toggle", function () {
        if (details.open && !ready(fi) && units) loadPeople().then(recount);
      });
      // A fieldset names the group of checkboxes; the list inside stays a plain list.
      var ul = el("ul", { "class": "facet-values" });
      var group = el("fieldset", { "class": "facet-group" }, [
        el("legend", { "class": "visually-hidden", text: f.label }), ul]);
      facetInputs[fi] = f.values.map(function (v, i) {
        var id = "sok-f-" + f.key + "-" + i;
        var box = el("input", { type: "checkbox", id: id, name: f.key, value: v[0] });
        box.checked = chosen[fi].has(i);
        box.addEventListener("change", function () {
          if (box.checked) chosen[fi].add(i); else chosen[fi].delete(i);
          search(true);
        });
        var count = el("span", { "class": "facet-count" });
        var li = el("li", null, [box, el("label", { "for": id }, [v[1] + " ", count])]);
        ul.appendChild(li);
        return { box: box, count: count, li: li, details: details };
      });
      details.appendChild(group);
      facetsEl.appendChild(details);
    });
    var clear = el("button", { type: "button", "class": "facet-clear", text: T.clear });
    clear.addEventListener("click", function () {
      chosen.forEach(function (s) { s.clear(); });
      facetInputs.forEach(function (list) { (list || []).forEach(function (x) { x.box.checked = false; }); });
      search(true);
    });
    facetsEl.appendChild(clear);
    facetsEl.hidden = false;
  }

  function updateFacets(counts) {
    facetInputs.forEach(function (list, fi) {
      if (!list) return;
      list.forEach(function (x, i) {
        var n = counts && counts[fi] ? counts[fi][i] : null;
        x.count.textContent = n === null ? "" : "(" + n + ")";
        // Values without hits are hidden, unless chosen (so they can be unchosen).
        x.li.hidden = n === 0 && !x.box.checked;
      });
    });
  }

  // Counts again over the last search's candidates (after the people table arrived).
  function recount() {
    if (current) updateFacets(facetResults(current.candidates, chosen).counts);
  }

  // The words of `text` whose term matches the query (as the search matched them).
  function matches(text, terms) {
    return tokens(text).filter(function (t) {
      var x = term(t.token);
      return x && terms.some(function (q) { return x.lastIndexOf(q, 0) === 0; });
    });
  }

  // `text` with the matching words in <mark>, into `parent`.
  function marked(parent, text, terms, start, end) {
    var pos = start;
    matches(text, terms).forEach(function (m) {
      if (m.start < start || m.end > end) return;
      parent.appendChild(document.createTextNode(text.slice(pos, m.start)));
      parent.appendChild(el("mark", { text: text.slice(m.start, m.end) }));
      pos = m.end;
    });
    parent.appendChild(document.createTextNode(text.slice(pos, end)));
    return parent;
  }

  // A link whose text has the matching words marked.
  function markedLink(href, text, terms) {
    text = compose(text);
    return marked(el("a", { href: href }), text, terms, 0, text.length);
  }

  // An excerpt of `text` around the first matching word, matches marked.
  function excerpt(text, terms, max) {
    text = compose(text || "");
    var found = matches(text, terms), first = found.length ? found[0].start : -1;
    var start = 0;
    if (first > 60) {
      start = text.lastIndexOf(" ", first - 40);
      start = start < 0 ? 0 : start + 1;
    }
    var end = Math.min(text.length, start + max);
    if (end < text.length) { var sp = text.lastIndexOf(" ", end); if (sp > start + max / 2) end = sp; }
    var p = el("p", { "class": "hit-text" });
    if (start > 0) p.appendChild(document.createTextNode("… "));
    marked(p, text, terms, start, end);
    if (end < text.length) p.appendChild(document.createTextNode(" …"));
    return { node: p, hit: first >= 0 };
  }

  var metas = new Map();
  function loadMeta(doc) {
    if (!metas.has(doc)) {
      metas.set(doc, load("d/" + doc + ".json").then(function (b) { return JSON.parse(decoder.decode(b)); }));
    }
    return metas.get(doc);
  }

  function renderHit(res, meta, terms) {
    var U = units, R = U.res, kind = R.kind[res];
    var local = R.unit[res] - U.docBase[R.doc[res]];
    var url = BASE + meta.u, title, text, label;
    var typeLabel = manifest.facets[TYPE].values[R.vals[res][TYPE][0]][1];
    if (kind === 0) {
      title = meta.t;
      label = typeLabel + (meta.d ? " · " + meta.d : "");
    } else {
      var rec = meta.r[local - 1 - meta.s.length];
      url += "#" + rec[0];
      title = rec[1];
      label = manifest.facets[KIND].values[kind][1] + " · " + T.in_doc + " " + meta.t;
    }
    var li = el("li", { "class": "hit" }, [
      el("h3", { "class": "hit-title" }, [markedLink(url, title, terms)]),
      el("p", { "class": "hit-meta", text: label })
    ]);
    var secs = current.sections.get(res);
    if (kind === 0) {
      var main = excerpt(meta.x, terms, 220);
      var ranked = secs ? Array.from(secs.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; }) : [];
      if (!main.hit && ranked.length) {
        var best = meta.s[ranked[0][0] - R.unit[res] - 1];
        main = excerpt(best[2], terms, 220);
      }
      if (meta.x || main.hit) li.appendChild(main.node);
      if (ranked.length) {
        var ul = el("ul", { "class": "hit-sections", "aria-label": T.sections });
        ranked.slice(0, 3).forEach(function (e) {
          var s = meta.s[e[0] - R.unit[res] - 1];
          var sx = excerpt(s[2], terms, 140);
          ul.appendChild(el("li", null, [markedLink(BASE + meta.u + "#" + s[0], s[1], terms), sx.node]));
        });
        li.appendChild(ul);
      }
    } else {
      li.appendChild(excerpt(rec[2], terms, 220).node);
    }
    return li;
  }

  async function renderMore(mySeq) {
    var slice = current.order.slice(shown, shown + PAGE);
    var U = units;
    var loaded = await Promise.all(slice.map(function (res) { return loadMeta(U.res.doc[res]); }));
    if (mySeq !== seq) return;
    var firstNew = null;
    slice.forEach(function (res, i) {
      var li = renderHit(res, loaded[i], current.terms);
      list.appendChild(li);
      if (!firstNew) firstNew = li;
    });
    shown += slice.length;
    more.hidden = shown >= current.order.length;
    return firstNew;
  }

  function setStatus(text) { statusEl.textContent = text; }

  // When the results of a submitted search are shown (from the header's form, or this
  // page's), the page title carries the query and its count, and focus moves to the
  // count, so a screen reader hears the outcome once it is there, not a "searching…"
  // before the page is ready. Typing as you go changes neither.
  var baseTitle = document.title;
  var focusOnResults = new URLSearchParams(window.location.search).has("q");
  function announce(text, q) {
    document.title = q ? text + " – " + baseTitle : baseTitle;
    if (focusOnResults) {
      focusOnResults = false;
      statusEl.focus();
    }
  }

  async function search(now) {
    var mySeq = ++seq;
    var q = input.value.trim();
    writeUrl();
    if (!q && !anyChosen()) {
      list.textContent = "";
      more.hidden = true;
      current = null;
      updateFacets(null);
      setStatus(T.prompt);
      return;
    }
    if (!now) await new Promise(function (r) { setTimeout(r, 200); });
    if (mySeq !== seq) return;
    try {
      await loadUnits();
      var terms = q ? queryTerms(q) : [];
      var U = units, scored, candidates;
      if (terms.length) {
        scored = await run(terms);
        candidates = Array.from(scored.score.keys());
      } else if (q) {
        scored = { score: new Map(), sections: new Map() };
        candidates = [];
      } else {
        // No words, only filters: browse, newest first.
        scored = { score: new Map(), sections: new Map() };
        candidates = [];
        for (var i = 0; i < U.res.unit.length; i++) candidates.push(i);
      }
      // Areas and responsibles, when they filter or their facets are open.
      var needPeople = chosen[AREA].size || chosen[RESP].size ||
        facetInputs.some(function (list, fi) { return !ready(fi) && list && list[0].details.open; });
      if (needPeople) await loadPeople();
      if (mySeq !== seq) return;
      var fr = facetResults(candidates, chosen);
      var order = fr.passing;
      var year = function (r) { var y = U.res.year[r]; return y === 0 ? 1e9 : y; };
      order.sort(function (a, b) {
        return (scored.score.get(b) || 0) - (scored.score.get(a) || 0) || year(a) - year(b) || a - b;
      });
      current = { order: order, sections: scored.sections, terms: terms, candidates: candidates };
      shown = 0;
      list.textContent = "";
      updateFacets(fr.counts);
      await renderMore(mySeq);
      if (mySeq !== seq) return;
      var n = order.length;
      var text = !q ? format(T.status_browse, { n: n })
        : n === 0 ? format(T.status_none, { q: q })
        : format(n === 1 ? T.status_one : T.status, { n: n, q: q });
      setStatus(text);
      announce(text, q);
    } catch (e) {
      if (mySeq === seq) setStatus(T.error);
      if (window.console) console.error(e);
    }
  }

  // ---- Keyboard: arrows move between the box and the results -------------------------

  function resultLinks() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      var links = resultLinks();
      if (links.length) { e.preventDefault(); links[0].focus(); }
    }
  });
  list.addEventListener("keydown", function (e) {
    var links = resultLinks(), i = links.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowDown" && i + 1 < links.length) { e.preventDefault(); links[i + 1].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
  });
  more.addEventListener("click", async function () {
    var first = await renderMore(seq);
    if (first) first.querySelector("a").focus();
  });

  // ---- Start -------------------------------------------------------------------------

  if (typeof DecompressionStream === "undefined" || typeof window.styrdokStem !== "function") {
    setStatus(T.old_browser);
    return;
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); focusOnResults = true; search(true); });
  input.addEventListener("input", function () { search(false); });
  loadManifest().then(function () {
    readUrl();
    buildFacets();
    search(true);
  }).catch(function (e) {
    setStatus(T.error);
    if (window.console) console.error(e);
  });
})();
