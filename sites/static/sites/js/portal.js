/* Progressive enhancement only: the "print / save as PDF" button (D17). */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
