/* 政务公开事项标准目录 · the search box: filters every area's items as you type, with no server.
 *
 * The index (assets/search-index.js, a script that assigns window.GONGKAI_SEARCH_INDEX) is loaded through a
 * <script src> the first time the box is used: that works from the file system too, where fetch() is refused.
 * Each keystroke scans one lower-cased text per item with indexOf (typing on narrows the previous hits
 * instead of scanning again), shows the count and renders only the first rows; "显示更多" adds more.
 * Item text is only ever put into the page as text nodes, never as markup.
 * window.GongkaiSearch.timings holds the milliseconds of each keystroke's filter + render (benchmarks read it).
 */
(function () {
  "use strict";

  var SHOW = 50;
  var INDEX_SRC = "assets/search-index.js?v=1";
  var form = document.querySelector(".search-form");
  var box = document.getElementById("search-box");
  var section = document.getElementById("search-results");
  if (!form || !box || !section) { return; }
  var status = section.querySelector(".search-status");
  var list = section.querySelector(".search-list");
  var more = section.querySelector(".search-more");

  var index = null;      // {areas: [[code, name, [first row of each page], file name part]], rows: [[area, row, level2, level1, content, publisher, units]]}
  var haystack = null;   // one lower-cased text per row
  var loading = false;
  var last = { query: "", hits: null };
  var hits = [];
  var shown = 0;
  var api = window.GongkaiSearch = { timings: [], ready: false, count: 0, run: run };

  form.hidden = false;

  function load() {
    if (index || loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = INDEX_SRC;
    script.onload = function () {
      prepare(window.GONGKAI_SEARCH_INDEX);
      loading = false;
      if (box.value.trim()) { timed(box.value); }
    };
    script.onerror = function () {
      loading = false;
      section.hidden = false;
      status.textContent = "无法载入搜索索引（assets/search-index.js）。请确认网站的全部文件都已复制。";
    };
    document.head.appendChild(script);
  }

  function prepare(data) {
    index = data;
    var rows = data.rows;
    haystack = new Array(rows.length);
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      haystack[i] = (r[2] + "\n" + r[3] + "\n" + r[4] + "\n" + r[5] + "\n" + r[6]).toLowerCase();
    }
    api.ready = true;
  }

  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  function filter(query) {
    var q = query.toLowerCase().trim();
    var words = terms(q);
    // Typing on only narrows the hits: scan the previous hits instead of every row.
    var from = last.hits && last.query && q.indexOf(last.query) === 0 ? last.hits : null;
    var out = [];
    var n = from ? from.length : haystack.length;
    for (var k = 0; k < n; k++) {
      var i = from ? from[k] : k;
      var text = haystack[i];
      var ok = true;
      for (var w = 0; w < words.length; w++) {
        if (text.indexOf(words[w]) < 0) { ok = false; break; }
      }
      if (ok) { out.push(i); }
    }
    last = { query: q, hits: out };
    return { words: words, hits: out };
  }

  function pageOf(area, row) {
    var starts = area[2];
    var page = 1;
    for (var p = 1; p < starts.length; p++) { if (row >= starts[p]) { page = p + 1; } }
    return page === 1 ? "area-" + area[3] + ".html" : "area-" + area[3] + "-" + page + ".html";
  }

  function marked(parent, text, words) {
    var lower = text.toLowerCase();
    var pos = 0;
    while (pos < text.length) {
      var best = -1, len = 0;
      for (var w = 0; w < words.length; w++) {
        var at = lower.indexOf(words[w], pos);
        if (at >= 0 && (best < 0 || at < best)) { best = at; len = words[w].length; }
      }
      if (best < 0) { break; }
      if (best > pos) { parent.appendChild(document.createTextNode(text.slice(pos, best))); }
      var m = document.createElement("mark");
      m.textContent = text.slice(best, best + len);
      parent.appendChild(m);
      pos = best + len;
    }
    if (pos < text.length) { parent.appendChild(document.createTextNode(text.slice(pos))); }
    return parent;
  }

  function span(text, words) {
    return marked(document.createElement("span"), text, words);
  }

  function renderMore(words) {
    var end = Math.min(hits.length, shown + SHOW);
    var frag = document.createDocumentFragment();
    for (var k = shown; k < end; k++) {
      var r = index.rows[hits[k]];
      var area = index.areas[r[0]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "hit-title";
      a.href = pageOf(area, r[1]) + "#r" + r[1];
      a.appendChild(span(r[2] || "（未命名事项）", words));
      li.appendChild(a);
      var meta = document.createElement("p");
      meta.className = "hit-meta";
      meta.appendChild(span(area[1], words));
      meta.appendChild(document.createTextNode(" · 第 " + r[1] + " 项 · "));
      meta.appendChild(span(r[3], words));
      if (r[6]) { meta.appendChild(document.createTextNode(" · ")); meta.appendChild(span(r[6], words)); }
      li.appendChild(meta);
      if (r[4]) {
        var p = document.createElement("p");
        p.className = "hit-text";
        var text = r[4].length > 160 ? r[4].slice(0, 160) + "…" : r[4];
        p.appendChild(span(text, words));
        li.appendChild(p);
      }
      frag.appendChild(li);
    }
    list.appendChild(frag);
    shown = end;
    more.hidden = shown >= hits.length;
    status.textContent = hits.length === 0 ? "没有找到包含“" + words.join(" ") + "”的事项。"
      : "找到 " + hits.length + " 个事项" + (hits.length > shown ? "，显示前 " + shown + " 个。" : "。");
  }

  function run(query) {
    if (!query.trim()) {
      section.hidden = true;
      list.textContent = "";
      hits = [];
      last = { query: "", hits: null };
      api.count = 0;
      return 0;
    }
    section.hidden = false;
    if (!index) {
      status.textContent = "正在载入搜索索引……";
      load();
      return -1;
    }
    var result = filter(query);
    hits = result.hits;
    shown = 0;
    list.textContent = "";
    renderMore(result.words);
    api.count = hits.length;
    return hits.length;
  }

  function timed(query) {
    var t0 = performance.now();
    var n = run(query);
    void section.offsetHeight; // layout of the new rows belongs to the keystroke's cost
    if (n >= 0 && query.trim()) { api.timings.push(performance.now() - t0); }
  }

  var composing = false;
  box.addEventListener("compositionstart", function () { composing = true; });
  box.addEventListener("compositionend", function () { composing = false; timed(box.value); });
  box.addEventListener("input", function (e) { if (!composing && !e.isComposing) { timed(box.value); } });
  box.addEventListener("focus", load);
  box.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && box.value) { box.value = ""; run(""); }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    timed(box.value);
    if (hits.length) { section.querySelector("h2").scrollIntoView(); }
  });
  more.addEventListener("click", function () {
    var first = list.children.length;
    renderMore(terms(last.query));
    var next = list.children[first];
    if (next) { next.querySelector("a").focus(); }
  });

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { box.value = params.get("q"); run(box.value); }
})();
