/* Type to narrow a long <select> (e.g. the 86 institutions): for selects marked
   data-filterable, a search box above keeps only the options that contain the text.
   Without JavaScript the plain select still works. */
(function () {
  "use strict";
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  document.querySelectorAll("select[data-filterable]").forEach(function (select) {
    var options = Array.prototype.slice.call(select.options);
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-filter";
    box.id = select.id + "_buscar";
    box.setAttribute("aria-controls", select.id);
    box.setAttribute("aria-label", select.getAttribute("data-filterable"));
    box.placeholder = select.getAttribute("data-filterable");
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var wanted = fold(box.value.trim());
      var first = null;
      options.forEach(function (option) {
        var show = !option.value || fold(option.text).indexOf(wanted) !== -1;
        option.hidden = !show;
        if (show && option.value && !first) { first = option; }
      });
      if (wanted && first && (!select.value || select.options[select.selectedIndex].hidden)) {
        select.value = first.value;
      }
    });
  });
})();
