/* Omvärld – the only script: progressive enhancement, never needed to use the site (strict CSP: no inline script). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // After a failed submit, move focus to the error summary so that keyboard and screen-reader users
    // start at the list of what to correct (each entry links to its field).
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  });
})();
