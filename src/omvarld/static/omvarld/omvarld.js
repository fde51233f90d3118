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

/* A "copy" button (data-copy names the field to copy, data-copied what to announce): the field stays
   selectable by hand without JavaScript or where the clipboard is not allowed. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
    if (!button) {
      return;
    }
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById("copy-status");
    if (!field) {
      return;
    }
    field.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) {
          status.textContent = button.getAttribute("data-copied") || "";
        }
      });
    }
  });
})();
