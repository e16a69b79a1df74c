/* Wagtail admin: the date-time picker Wagtail ships (jquery.datetimepicker) writes its
   "Save Selected" button in English in its own markup, out of reach of the translation
   catalogues; name it in Spanish whenever the picker draws it. No dependencies. */
(function () {
  "use strict";

  var LABEL = "Guardar selección";

  function translate(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".xdsoft_save_selected"), function (button) {
      if (button.textContent !== LABEL) {
        button.textContent = LABEL;
      }
    });
  }

  translate(document);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      Array.prototype.forEach.call(change.addedNodes, function (node) {
        if (node.nodeType === 1) {
          translate(node.parentNode || node);
        }
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
