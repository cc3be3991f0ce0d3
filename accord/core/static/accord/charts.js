// Charts without inline scripts: a <canvas data-chart="id"> takes its Chart.js configuration
// from <script type="application/json" id="id"> (Django's json_script), which is data, not code.
(function () {
  "use strict";
  var palette = ["#1f4e79", "#0f7b6c", "#b7791f", "#7a1f5c", "#5b6577", "#b42318", "#2f855a", "#6b46c1"];

  // Large values read as "390.7B", not "390,700,000,000", in the page's language.
  var compact = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    notation: "compact", maximumFractionDigits: 1
  });

  // A long category name on a horizontal bar chart breaks over lines instead of being cut.
  function wrap(label, width) {
    if (typeof label !== "string" || label.length <= width) return label;
    var lines = [], line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    return lines;
  }

  function axes(config, canvas) {
    if (config.type !== "bar" && config.type !== "line") return;
    var horizontal = config.options.indexAxis === "y";
    var scales = config.options.scales = config.options.scales || {};
    var value = scales[horizontal ? "x" : "y"] = scales[horizontal ? "x" : "y"] || {};
    value.ticks = value.ticks || {};
    if (!value.ticks.callback) value.ticks.callback = function (v) { return compact.format(v); };
    if (horizontal && config.data && config.data.labels) {
      // Every category named (none skipped), over two lines when long; the box grows to fit.
      var labels = config.data.labels = config.data.labels.map(function (label) { return wrap(label, 28); });
      var category = scales.y = scales.y || {};
      category.ticks = category.ticks || {};
      category.ticks.autoSkip = false;
      var lines = labels.reduce(function (n, label) { return n + (Array.isArray(label) ? label.length : 1); }, 0);
      var box = canvas.parentNode;
      var needed = lines * 15 + labels.length * 8 + 60;
      if (box && box.clientHeight && needed > box.clientHeight) box.style.height = needed + "px";
    }
  }

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
      axes(config, canvas);
      canvas.dataset.rendered = "1";
      new window.Chart(canvas, config);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSwap", function (event) { render(event.target); });
})();
