// Register tools: sort by any column and filter the rows of every table marked
// `data-register`. Progressive enhancement: without this script the full table is
// there. The state lives in the query string (the hash is left to the row anchors,
// #risk-5), so a filtered, sorted view can be linked:
//   ?area=Arbetsmiljö&band=high&sort=score&order=desc
// With several registers on one page, the 2nd one's keys are prefixed `r2-`, etc.
(function () {
  "use strict";

  var lang = document.documentElement.lang || "sv";
  var collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  function values(row, key) {
    var v = row.getAttribute("data-" + key);
    return v ? v.split("|").filter(function (x) { return x !== ""; }) : [];
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var sort = cell.getAttribute("data-sort");
    return (sort != null ? sort : cell.textContent).trim();
  }

  function compare(a, b) {
    // Empty cells sort last whatever the direction, handled by the caller.
    var na = Number(a), nb = Number(b);
    if (a !== "" && b !== "" && !isNaN(na) && !isNaN(nb)) return na - nb;
    return collator.compare(a, b);
  }

  function setup(table, index, count) {
    var prefix = count > 1 ? "r" + (index + 1) + "-" : "";
    var id = table.id || "register-" + (index + 1);
    var label = function (k) { return table.getAttribute("data-label-" + k) || k; };
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r.setAttribute("data-order", String(i)); });
    var keys = (table.getAttribute("data-filters") || "").split(/\s+/).filter(Boolean);
    var headers = Array.prototype.slice.call(table.tHead ? table.tHead.rows[0].cells : []);

    // Filters: one labelled select per key, options from the rows themselves.
    var tools = el("fieldset", { class: "register-tools" });
    tools.appendChild(el("legend", {}, label("filter")));
    var selects = {};
    keys.forEach(function (key) {
      var seen = {};
      var options = [];
      rows.forEach(function (r) {
        var vs = values(r, key), ls = values(r, key + "-label");
        vs.forEach(function (v, i) {
          if (!seen[v]) { seen[v] = true; options.push({ value: v, text: ls[i] || v }); }
        });
      });
      if (options.length === 0) return;
      var order = (table.getAttribute("data-order-" + key) || "").split(/\s+/).filter(Boolean);
      options.sort(function (a, b) {
        if (order.length) return order.indexOf(a.value) - order.indexOf(b.value);
        return collator.compare(a.text, b.text);
      });
      var selectId = id + "-filter-" + key;
      var wrap = el("div", { class: "register-filter" });
      wrap.appendChild(el("label", { for: selectId }, label(key)));
      var select = el("select", { id: selectId });
      select.appendChild(el("option", { value: "" }, label("all")));
      options.forEach(function (o) { select.appendChild(el("option", { value: o.value }, o.text)); });
      select.addEventListener("change", function () { apply(true); });
      wrap.appendChild(select);
      tools.appendChild(wrap);
      selects[key] = select;
    });
    var reset = el("button", { type: "button", class: "register-reset" }, label("reset"));
    reset.addEventListener("click", function () {
      Object.keys(selects).forEach(function (k) { selects[k].value = ""; });
      apply(true);
    });
    tools.appendChild(reset);
    var status = el("p", { class: "register-count", role: "status", "aria-live": "polite" });
    var anchor = table.closest(".table-wrap") || table;
    anchor.parentNode.insertBefore(tools, anchor);
    anchor.parentNode.insertBefore(status, anchor);

    // Sorting: each column header becomes a button; aria-sort tells the state.
    var sort = { key: "", order: "asc" };
    var buttons = [];
    headers.forEach(function (th, col) {
      var key = th.getAttribute("data-key") || String(col);
      // An abbreviated header ("S") names its button by the column's full name, the
      // visible letters kept in it so speech control still finds it ("Sannolikhet (S)").
      // The header's text stays beside the button for print, where buttons are hidden
      // (repeated header rows on later pages otherwise print blank).
      var abbr = th.querySelector("abbr[title]");
      var name = (abbr ? abbr.getAttribute("title") : th.textContent).trim();
      var attrs = { type: "button", class: "sort-button", "data-key": key };
      if (abbr) attrs["aria-label"] = name + " (" + abbr.textContent.trim() + ")";
      var button = el("button", attrs);
      var printed = el("span", { class: "print-label" });
      Array.prototype.forEach.call(th.childNodes, function (n) { printed.appendChild(n.cloneNode(true)); });
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(printed);
      button.addEventListener("click", function () {
        sort.order = sort.key === key && sort.order === "asc" ? "desc" : "asc";
        sort.key = key;
        apply(true);
      });
      th.appendChild(button);
      buttons.push({ th: th, key: key, col: col, button: button, name: name });
    });

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      Object.keys(selects).forEach(function (k) {
        var v = params.get(prefix + k) || "";
        var known = Array.prototype.some.call(selects[k].options, function (o) { return o.value === v; });
        selects[k].value = known ? v : "";
      });
      var key = params.get(prefix + "sort") || "";
      sort.key = buttons.some(function (b) { return b.key === key; }) ? key : "";
      sort.order = params.get(prefix + "order") === "desc" ? "desc" : "asc";
    }

    function writeUrl() {
      var params = new URLSearchParams(window.location.search);
      Object.keys(selects).forEach(function (k) {
        if (selects[k].value) params.set(prefix + k, selects[k].value);
        else params.delete(prefix + k);
      });
      if (sort.key) {
        params.set(prefix + "sort", sort.key);
        params.set(prefix + "order", sort.order);
      } else {
        params.delete(prefix + "sort");
        params.delete(prefix + "order");
      }
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }

    function apply(fromUser) {
      var shown = 0;
      rows.forEach(function (r) {
        var visible = Object.keys(selects).every(function (k) {
          var want = selects[k].value;
          return !want || values(r, k).indexOf(want) !== -1;
        });
        r.hidden = !visible;
        if (visible) shown += 1;
      });
      var active = null;
      buttons.forEach(function (b) {
        var on = b.key === sort.key;
        if (on) {
          active = b;
          b.th.setAttribute("aria-sort", sort.order === "asc" ? "ascending" : "descending");
        } else {
          b.th.removeAttribute("aria-sort");
        }
      });
      var ordered = rows.slice();
      if (active) {
        var sign = sort.order === "asc" ? 1 : -1;
        ordered.sort(function (a, b) {
          var va = cellValue(a, active.col), vb = cellValue(b, active.col);
          if (va === "" || vb === "") return (va === "") - (vb === "");
          return sign * compare(va, vb) || Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
        });
      }
      ordered.forEach(function (r) { body.appendChild(r); });
      // The live status says how the rows are sorted as well as how many are shown, so
      // a screen reader hears the effect of a sort button.
      var count = label("shown").replace("{n}", shown).replace("{total}", rows.length);
      var sorted = active
        ? label(sort.order === "asc" ? "sorted-asc" : "sorted-desc").replace("{col}", active.name) + " "
        : "";
      status.textContent = sorted + count;
      if (fromUser) writeUrl();
    }

    // A link to a row hidden by the filters (#risk-5 from the heat map) shows all rows.
    function revealTarget() {
      var id = "";
      try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
      var target = id && document.getElementById(id);
      if (target && target.hidden && rows.indexOf(target) !== -1) {
        Object.keys(selects).forEach(function (k) { selects[k].value = ""; });
        apply(true);
        target.scrollIntoView();
      }
    }

    readUrl();
    apply(false);
    revealTarget();
    window.addEventListener("hashchange", revealTarget);
    window.addEventListener("popstate", function () { readUrl(); apply(false); });
  }

  function init() {
    var tables = document.querySelectorAll("table[data-register]");
    Array.prototype.forEach.call(tables, function (t, i) { setup(t, i, tables.length); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
