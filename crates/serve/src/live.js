// styrdok serve: reloads the page after a successful rebuild and shows the problems of a
// failed one in an overlay (and a good build's warnings when a page opens). Injected by `styrdok serve` only; never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.dataset.base) || "/";
  var sv = document.documentElement.lang !== "en";
  var overlay = null;

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function show(problems, failed) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "styrdok-overlay";
    // A failed build covers the page; warnings sit in a corner, so a site with a
    // standing warning stays usable while it is edited.
    overlay.setAttribute("role", failed ? "alertdialog" : "status");
    overlay.setAttribute("aria-labelledby", "styrdok-overlay-title");
    overlay.style.cssText = (failed ? "position:fixed;inset:1rem;box-shadow:0 0 0 100vmax rgba(0,0,0,.45);"
                                    : "position:fixed;right:1rem;bottom:1rem;max-width:40rem;max-height:40vh;") +
      "z-index:99999;overflow:auto;background:#fff;color:#1b1b1b;padding:1rem 1.5rem;" +
      "font:15px/1.5 system-ui,sans-serif;border:4px solid " + (failed ? "#a50e0e" : "#8a5a00");
    var title = document.createElement("h2");
    title.id = "styrdok-overlay-title";
    title.textContent = failed ? (sv ? "Bygget misslyckades" : "The build failed")
                               : (sv ? "Varningar" : "Warnings");
    overlay.appendChild(title);
    var note = document.createElement("p");
    note.textContent = failed
      ? (sv ? "Den senaste fungerande versionen visas. Rätta felen så laddas sidan om."
            : "The last good version is shown. Fix the problems and the page reloads.")
      : (sv ? "Sidan är byggd, men något bör ses över." : "The site is built, but something should be looked at.");
    overlay.appendChild(note);
    var list = document.createElement("ul");
    problems.forEach(function (e) {
      var item = document.createElement("li");
      var where = document.createElement("strong");
      where.textContent = e.path + (e.line ? ":" + e.line + ":" + e.column : "") + " " + e.severity + ":";
      item.appendChild(where);
      item.appendChild(document.createTextNode(" " + e.message));
      if (e.source_line) {
        var pre = document.createElement("pre");
        pre.textContent = e.line + " | " + e.source_line;
        item.appendChild(pre);
      }
      list.appendChild(item);
    });
    overlay.appendChild(list);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = sv ? "Stäng" : "Close";
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
    if (failed) { close.focus(); }
  }

  var events = new EventSource(base + "__styrdok/events");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("failed", function (e) { show(JSON.parse(e.data), true); });
  events.addEventListener("warnings", function (e) { show(JSON.parse(e.data), false); });
  events.addEventListener("ready", hide);
})();
