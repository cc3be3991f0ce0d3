// Charts without inline scripts: a <canvas data-chart="id"> takes its Chart.js configuration
// from <script type="application/json" id="id"> (Django's json_script), which is data, not code.
(function () {
  "use strict";
  var palette = ["#1f4e79", "#0f7b6c", "#b7791f", "#7a1f5c", "#5b6577", "#b42318", "#2f855a", "#6b46c1"];

  function render(root) {
    if (!window.Chart) return;
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.rendered) return;
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) return;
      var config = JSON.parse(source.textContent);
      (config.data && config.data.datasets || []).forEach(function (dataset, index) {
        var colour = palette[index % palette.length];
        if (!dataset.borderColor) dataset.borderColor = colour;
        if (!dataset.backgroundColor) dataset.backgroundColor = config.type === "radar" || config.type === "line" ? colour + "33" : colour;
      });
      config.options = config.options || {};
      config.options.animation = false; // immediate and testable; nothing to gain from motion here
      config.options.maintainAspectRatio = config.options.maintainAspectRatio || false;
      canvas.dataset.rendered = "1";
      new window.Chart(canvas, config);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSwap", function (event) { render(event.target); });
})();
