/* Every page: when a form comes back with errors, focus its summary so keyboard and screen
   reader users start from the list of what to fix. No dependencies. */
(function () {
  "use strict";

  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
