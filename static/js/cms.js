/* Public portal: print button of the guides. No dependencies. */
(function () {
  "use strict";

  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
