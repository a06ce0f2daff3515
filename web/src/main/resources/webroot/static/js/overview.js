/*
 * Draws the "events per hour" bar chart from the #events-per-hour table, which the server
 * renders and which doubles as the accessible fallback. Chart.js is served locally
 * (/static/vendor/chart.umd.js), so this works air-gapped. When the chart is drawn the canvas
 * gets data-rendered="true" (browser tests wait on it); without Chart.js the table is opened.
 */
(function () {
  'use strict';

  function hourLabel(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) {
      return iso;
    }
    return String(date.getHours()).padStart(2, '0') + ':00';
  }

  function readSeries(table) {
    var labels = [];
    var titles = [];
    var values = [];
    table.querySelectorAll('tbody tr').forEach(function (row) {
      var hour = row.querySelector('td.hour');
      var count = row.querySelector('td.count');
      if (!hour || !count) {
        return;
      }
      var iso = hour.textContent.trim();
      var date = new Date(iso);
      labels.push(hourLabel(iso));
      titles.push(isNaN(date.getTime()) ? iso : date.toLocaleString());
      values.push(Number(count.textContent.trim()) || 0);
    });
    return { labels: labels, titles: titles, values: values };
  }

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function draw() {
    var table = document.getElementById('events-per-hour');
    var canvas = document.getElementById('events-chart');
    if (!table || !canvas) {
      return;
    }
    var series = readSeries(table);
    var total = series.values.reduce(function (a, b) { return a + b; }, 0);
    var empty = document.getElementById('events-empty');
    if (empty) {
      empty.hidden = total > 0;
    }
    if (typeof window.Chart !== 'function') {
      var details = document.getElementById('events-table-details');
      if (details) {
        details.open = true;
      }
      canvas.hidden = true;
      return;
    }
    var text = cssVar('--text-muted', '#6b7280');
    var grid = cssVar('--border', '#e5e7eb');
    var chart = new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: series.labels,
        datasets: [{
          label: 'Events',
          data: series.values,
          backgroundColor: cssVar('--accent', '#4f46e5'),
          borderRadius: 4,
          maxBarThickness: 28
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function (items) { return series.titles[items[0].dataIndex]; }
            }
          }
        },
        scales: {
          x: { ticks: { color: text, maxRotation: 0, autoSkip: true }, grid: { display: false } },
          y: {
            beginAtZero: true,
            suggestedMax: total > 0 ? undefined : 1,
            ticks: { color: text, precision: 0 },
            grid: { color: grid }
          }
        }
      }
    });
    canvas.setAttribute('data-rendered', 'true');
    window.affinityEventsChart = chart;
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
