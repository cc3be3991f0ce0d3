// A click on a bar opens the list behind it: the links come from a json_script block named by
// the canvas's data-links attribute (no inline script; see accord/core/static/accord/charts.js).
(function () {
  "use strict";
  function wire() {
    if (!window.Chart) return;
    document.querySelectorAll("canvas[data-links]").forEach(function (canvas) {
      var chart = window.Chart.getChart(canvas);
      var source = document.getElementById(canvas.dataset.links);
      if (!chart || !source) return;
      var links = JSON.parse(source.textContent);
      chart.config.options.onClick = function (event, elements) {
        if (elements.length && links[elements[0].index]) window.location.href = links[elements[0].index];
      };
      chart.config.options.onHover = function (event, elements) {
        canvas.style.cursor = elements.length ? "pointer" : "default";
      };
      chart.update();
    });
  }
  document.addEventListener("DOMContentLoaded", function () { window.setTimeout(wire, 0); });
})();
