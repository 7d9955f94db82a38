// styrdok serve: reloads the page after a successful rebuild and shows the problems of a
// failed one in an overlay. Injected by `styrdok serve` only; never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.dataset.base) || "/";
  var sv = document.documentElement.lang !== "en";
  var overlay = null;

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function show(errors) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "styrdok-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "styrdok-overlay-title");
    overlay.style.cssText = "position:fixed;inset:1rem;z-index:99999;overflow:auto;background:#fff;" +
      "color:#1b1b1b;border:4px solid #a50e0e;padding:1rem 1.5rem;font:15px/1.5 system-ui,sans-serif;" +
      "box-shadow:0 0 0 100vmax rgba(0,0,0,.45)";
    var title = document.createElement("h2");
    title.id = "styrdok-overlay-title";
    title.textContent = sv ? "Bygget misslyckades" : "The build failed";
    overlay.appendChild(title);
    var note = document.createElement("p");
    note.textContent = sv ? "Den senaste fungerande versionen visas. Rätta felen så laddas sidan om."
                          : "The last good version is shown. Fix the problems and the page reloads.";
    overlay.appendChild(note);
    var list = document.createElement("ul");
    errors.forEach(function (e) {
      var item = document.createElement("li");
      var where = document.createElement("strong");
      where.textContent = e.path + (e.line ? ":" + e.line + ":" + e.column : "");
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
    close.focus();
  }

  var events = new EventSource(base + "__styrdok/events");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("failed", function (e) { show(JSON.parse(e.data)); });
  events.addEventListener("ready", hide);
})();
