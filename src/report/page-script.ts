/**
 * The page's own script, run in the browser after the inlined Chart.js: it reads the embedded
 * JSON and draws every chart spec into its canvas. Plain ES2017 so any current browser runs it.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('idgraph-data').textContent);
  var palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var asPercent = function (v) { return (v * 100).toFixed(v < 0.1 ? 1 : 0) + '%'; };
  var asNumber = function (v) { return Number(v).toLocaleString('en-US'); };
  var drawn = 0;
  data.charts.forEach(function (spec) {
    var canvas = document.querySelector('canvas[data-chart="' + spec.id + '"]');
    if (!canvas) return;
    var ring = spec.kind === 'doughnut';
    var datasets = spec.datasets.map(function (d, i) {
      return {
        label: d.label,
        data: d.data,
        backgroundColor: ring ? palette : palette[i % palette.length],
        borderColor: ring ? '#fff' : palette[i % palette.length],
        borderWidth: spec.kind === 'line' ? 2 : 1,
        pointRadius: spec.kind === 'line' && d.data.length > 40 ? 0 : 3,
        tension: 0.25,
      };
    });
    var format = spec.percent ? asPercent : asNumber;
    var valueAxis = {
      type: spec.logScale ? 'logarithmic' : 'linear',
      beginAtZero: !spec.logScale,
      min: spec.logScale ? 1 : undefined,
      ticks: { callback: function (v) { return format(v); } },
    };
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      plugins: {
        legend: { display: ring || spec.datasets.length > 1, position: ring ? 'right' : 'top' },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              var v = ring ? ctx.parsed : spec.horizontal ? ctx.parsed.x : ctx.parsed.y;
              return (ctx.dataset.label ? ctx.dataset.label + ': ' : '') + format(v);
            },
          },
        },
      },
    };
    if (!ring) options.scales = spec.horizontal ? { x: valueAxis } : { y: valueAxis };
    new Chart(canvas, { type: spec.kind, data: { labels: spec.labels, datasets: datasets }, options: options });
    drawn++;
  });
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
`;
