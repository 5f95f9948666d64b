// Moves the focus to the error summary of a form that failed (GOV.UK pattern): screen readers
// announce it, the keyboard starts from it; its links lead to each wrong field.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
