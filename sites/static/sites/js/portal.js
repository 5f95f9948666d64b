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
