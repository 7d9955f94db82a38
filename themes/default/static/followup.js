// Progressive enhancement of the follow-up page: filter rows by responsible and area in
// place, keep the choice in the URL (?ansvarig=…&omrade=…), announce the count. Without
// JavaScript the page lists everything and links to pre-filtered pages.
(function () {
  "use strict";
  var form = document.querySelector("[data-followup-filter]");
  if (!form) return;
  var responsible = form.querySelector("#filter-responsible");
  var area = form.querySelector("#filter-area");
  var status = form.querySelector(".filter-status");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-responsible]"));
  form.hidden = false;

  function apply(pushUrl) {
    var who = responsible ? responsible.value : "";
    var where = area ? area.value : "";
    var shown = 0;
    rows.forEach(function (row) {
      var okWho = !who || (" " + row.getAttribute("data-responsible") + " ").indexOf(" " + who + " ") >= 0;
      var okWhere = !where || row.getAttribute("data-area") === where;
      row.hidden = !(okWho && okWhere);
      if (!row.hidden) shown += 1;
    });
    if (status) status.textContent = status.dataset.prefix + " " + shown + " / " + rows.length;
    if (pushUrl) {
      var params = new URLSearchParams();
      if (who) params.set("ansvarig", who);
      if (where) params.set("omrade", where);
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    }
  }

  var params = new URLSearchParams(location.search);
  if (responsible && params.get("ansvarig")) responsible.value = params.get("ansvarig");
  if (area && params.get("omrade")) area.value = params.get("omrade");
  if (status) status.dataset.prefix = document.documentElement.lang === "en" ? "Showing" : "Visar";
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
  [responsible, area].forEach(function (el) { if (el) el.addEventListener("change", function () { apply(true); }); });
  apply(false);
})();
