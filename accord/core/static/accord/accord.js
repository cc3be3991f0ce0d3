// Accord's only script of its own. No inline scripts anywhere: the pages work without it,
// and a strict Content-Security-Policy can forbid inline code.
(function () {
  "use strict";

  // A text box above long multi-selects (territories, people) that hides non-matching options.
  function enhanceFilterableSelects(root) {
    root.querySelectorAll("select[data-filterable]").forEach(function (select) {
      if (select.dataset.enhanced) return;
      select.dataset.enhanced = "1";
      var box = document.createElement("input");
      box.type = "search";
      box.className = "select-filter";
      box.placeholder = "Type to filter…";
      box.setAttribute("aria-label", "Filter the options of " + (select.name || "this list"));
      box.addEventListener("input", function () {
        var needle = box.value.trim().toLowerCase();
        Array.prototype.forEach.call(select.options, function (option) {
          option.hidden = needle !== "" && !option.selected && option.text.toLowerCase().indexOf(needle) === -1;
        });
      });
      select.parentNode.insertBefore(box, select);
    });
  }

  // Buttons with data-confirm ask before submitting.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.dataset.confirm)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // Filter forms marked data-autosubmit refresh their results as the user changes them.
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form && event.target.type !== "search" && event.target.name !== "q") {
      form.requestSubmit();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { enhanceFilterableSelects(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhanceFilterableSelects(event.target); });
})();
