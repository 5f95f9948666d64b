// Visitor counter (D19): fills the footer's figures from the site's counter endpoint (JSON), so the
// page around them can be cached; without script the footer links to the figures' page.
(function () {
  "use strict";
  var box = document.querySelector("[data-visitor-counter]");
  if (!box || !window.fetch) return;
  var number = new Intl.NumberFormat(document.documentElement.lang || "vi");
  function unavailable() {
    var list = box.querySelector("dl");
    var note = document.createElement("p");
    note.textContent = box.getAttribute("data-unavailable");
    list.replaceWith(note);
  }
  fetch(box.getAttribute("data-visitor-counter"), { headers: { Accept: "application/json" }, credentials: "omit" })
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(function (figures) {
      box.querySelectorAll("[data-figure]").forEach(function (cell) {
        cell.textContent = number.format(figures[cell.getAttribute("data-figure")] || 0);
      });
    })
    .catch(unavailable);
})();
