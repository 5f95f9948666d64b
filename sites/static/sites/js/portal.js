/* Progressive enhancement only: the "print / save as PDF" button (D17). */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});

/* Menus (templates/includes/navigation.html): without script every section is listed; with it the main
   menu folds behind a "menu" button on narrow screens and "more sections" opens on demand. Each button
   says its state (aria-expanded); Escape closes what it opened and gives the focus back. */
document.querySelectorAll("[data-menu-toggle]").forEach(function (button) {
  var list = document.getElementById(button.getAttribute("aria-controls"));
  if (!list) { return; }
  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    list.classList.toggle("is-open", open);
  }
  button.hidden = false;
  list.classList.add("is-collapsible");
  set(false);
  button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
  list.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      event.stopPropagation();  // the innermost open menu closes first, not the one around it
      set(false);
      button.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!button.contains(event.target) && !list.contains(event.target) && list.classList.contains("submenu")) { set(false); }
  });
});

/* Video embeds (templates/wagtailembeds/embed_frontend.html): the provider's player is inert in a
   <template> until the visitor presses "watch"; then it replaces the notice and takes the focus. */
document.querySelectorAll("[data-video-consent]").forEach(function (box) {
  var button = box.querySelector("[data-video-play]");
  var player = box.querySelector("template");
  if (!button || !player) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var frame = player.content.cloneNode(true);
    box.replaceChildren(frame);
    var iframe = box.querySelector("iframe");
    if (iframe) { iframe.focus(); }
  });
});
