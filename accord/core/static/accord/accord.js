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

  // Drop-downs over long lists (select[data-typeahead]) arrive with only the chosen option: a
  // search box above asks the server for the matching options (scoped to the person) as they type.
  function enhanceTypeaheadSelects(root) {
    root.querySelectorAll("select[data-typeahead]").forEach(function (select) {
      if (select.dataset.enhanced) return;
      select.dataset.enhanced = "1";
      var box = document.createElement("input");
      box.type = "search";
      box.className = "select-filter";
      box.placeholder = "Type to search…";
      box.setAttribute("aria-label", "Search the choices of " + (select.labels && select.labels[0] ? select.labels[0].textContent : select.name));
      box.setAttribute("aria-controls", select.id);
      var timer = null;
      function load() {
        var url = select.dataset.typeahead + "?q=" + encodeURIComponent(box.value.trim());
        fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) {
            var keep = Array.prototype.filter.call(select.options, function (option) {
              return option.value === "" && !option.disabled || option.selected;
            });
            var holder = document.createElement("select");
            holder.innerHTML = html;
            select.innerHTML = "";
            keep.forEach(function (option) { select.appendChild(option); });
            Array.prototype.forEach.call(Array.prototype.slice.call(holder.options), function (option) {
              if (!keep.some(function (k) { return k.value === option.value && option.value !== ""; })) select.appendChild(option);
            });
          });
      }
      box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(load, 250); });
      box.addEventListener("focus", function () { if (select.options.length <= 2) load(); }, { once: true });
      // Typing in the box is not a change of the filter.
      box.addEventListener("change", function (event) { event.stopPropagation(); });
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

  // The phone menu: the button in the top bar shows and hides the sidebar and account links.
  // Pages stay usable without this script (the links are then always shown).
  document.documentElement.classList.add("js-menu");
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-menu-toggle]");
    if (!button) return;
    var open = document.body.classList.toggle("nav-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !document.body.classList.contains("nav-open")) return;
    document.body.classList.remove("nav-open");
    var button = document.querySelector("[data-menu-toggle]");
    if (button) {
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { enhanceFilterableSelects(document); enhanceTypeaheadSelects(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhanceFilterableSelects(event.target); enhanceTypeaheadSelects(event.target); });
})();
