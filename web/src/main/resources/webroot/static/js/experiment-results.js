/*
 * Draws the experiment results charts from the dashboard's timeline JSON
 * (data-timeline-url on #charts, same session, never cached): the primary metric's cumulative
 * rate per variant with its 95% interval as a band, and each treatment's cumulative uplift over
 * the control with its interval. Chart.js is served locally, so this works air-gapped; the
 * numbers behind the verdict are in the server-rendered table either way, and the series are
 * also written into a "Show as table" table (filled even when Chart.js is missing). Each canvas
 * gets data-rendered="true" once drawn (browser tests wait on it).
 */
(function () {
  'use strict';

  var PALETTE = ['#4f46e5', '#059669', '#d97706', '#dc2626', '#0891b2', '#7c3aed', '#db2777', '#65a30d'];

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function translucent(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + ((n >> 16) & 255) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  function label(at, bucket) {
    return bucket === 'day' ? at.slice(0, 10) : at.slice(5, 13).replace('T', ' ') + ':00';
  }

  function percent(value, digits) {
    return (value * 100).toFixed(digits) + '%';
  }

  /*
   * Three datasets per series: the lower bound, the upper bound filled down to it, and the estimate.
   * A band needs two points; with a single bucket the bounds are drawn as short ticks instead.
   */
  function banded(name, color, values) {
    var single = values.length === 1;
    var bound = single
      ? { pointStyle: 'line', pointRadius: 10, pointHitRadius: 0, borderWidth: 2, borderColor: color }
      : { pointRadius: 0, pointHitRadius: 0, borderWidth: 0, borderColor: 'transparent' };
    return [
      Object.assign({ label: name + ' low', data: values.map(function (v) { return v && v.low; }), fill: false,
        band: true }, bound),
      Object.assign({ label: name + ' high', data: values.map(function (v) { return v && v.high; }),
        fill: single ? false : '-1', backgroundColor: translucent(color, 0.15), band: true }, bound),
      { label: name, data: values.map(function (v) { return v && v.value; }), borderColor: color,
        backgroundColor: color, borderWidth: 2, pointRadius: values.length > 40 ? 0 : 3, fill: false,
        tension: 0, intervals: values }
    ];
  }

  function options(format, axis) {
    var text = cssVar('--text-muted', '#6b7280');
    var grid = cssVar('--border', '#e5e7eb');
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: {
          labels: { color: text, filter: function (item, data) { return !data.datasets[item.datasetIndex].band; } }
        },
        tooltip: {
          filter: function (item) { return !item.dataset.band; },
          callbacks: {
            label: function (item) {
              var i = item.dataset.intervals && item.dataset.intervals[item.dataIndex];
              if (!i) {
                return item.dataset.label + ': —';
              }
              return item.dataset.label + ': ' + format(i.value) + ' (' + format(i.low) + ' to ' + format(i.high) + ')';
            }
          }
        }
      },
      scales: {
        x: { offset: true, title: { display: true, text: axis, color: text }, ticks: { color: text, maxRotation: 0, autoSkip: true },
          grid: { display: false } },
        y: { ticks: { color: text, callback: function (v) { return format(v); } }, grid: { color: grid } }
      }
    };
  }

  function draw(canvas, labels, datasets, format, axis) {
    var chart = new window.Chart(canvas, { type: 'line', data: { labels: labels, datasets: datasets },
      options: options(format, axis) });
    canvas.setAttribute('data-rendered', 'true');
    return chart;
  }

  function render(section, timeline) {
    var metric = timeline.primaryMetric;
    var points = timeline.points || [];
    var labels = points.map(function (p) { return label(p.at, timeline.bucket); });
    var axis = timeline.bucket === 'day' ? 'Day (UTC)' : 'Hour starting (UTC)';
    document.getElementById('charts-empty').hidden = points.length > 0;
    var names = points.length ? points[0].variants.map(function (v) { return v.name; }) : [];
    var rates = [];
    var uplifts = [];
    names.forEach(function (name, k) {
      var color = PALETTE[k % PALETTE.length];
      var series = points.map(function (p) { return p.variants[k]; });
      rates = rates.concat(banded(name, color, series.map(function (v) { return v[metric]; })));
      if (!series[0].control) {
        uplifts = uplifts.concat(banded(name + ' vs control', color, series.map(function (v) { return v.uplift; })));
      }
    });
    window.affinityExperimentCharts = {
      rate: draw(document.getElementById('rate-chart'), labels, rates, function (v) { return percent(v, 2); }, axis),
      uplift: draw(document.getElementById('uplift-chart'), labels, uplifts, function (v) {
        return (v >= 0 ? '+' : '') + percent(v, 1);
      }, axis)
    };
  }

  /* The charts' numbers as a table (built with textContent, never HTML), for screen readers and exact values. */
  function fillTable(timeline) {
    var body = document.querySelector('#timeline-table tbody');
    if (!body || !timeline.points.length) {
      return;
    }
    var interval = function (i, format) {
      return i ? format(i.value) + ' (' + format(i.low) + ' to ' + format(i.high) + ')' : '—';
    };
    var rate = function (v) { return percent(v, 2); };
    var lift = function (v) { return (v >= 0 ? '+' : '') + percent(v, 1); };
    timeline.points.forEach(function (p) {
      p.variants.forEach(function (v) {
        var row = document.createElement('tr');
        [p.at, v.name, v.exposures, v.clicks, v.conversions, interval(v[timeline.primaryMetric], rate),
          interval(v.uplift, lift)].forEach(function (text, k) {
          var cell = document.createElement('td');
          cell.textContent = String(text);
          if (k >= 2) {
            cell.className = 'num';
          }
          row.appendChild(cell);
        });
        body.appendChild(row);
      });
    });
    document.getElementById('timeline-details').hidden = false;
  }

  function failed(section) {
    document.getElementById('charts-error').hidden = false;
    section.querySelectorAll('canvas').forEach(function (c) { c.hidden = true; });
  }

  function start() {
    var section = document.getElementById('charts');
    if (!section) {
      return;
    }
    fetch(section.getAttribute('data-timeline-url'), {
      credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store'
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    }).then(function (timeline) {
      fillTable(timeline);
      if (typeof window.Chart !== 'function') {
        throw new Error('Chart.js did not load');
      }
      render(section, timeline);
    }).catch(function () {
      failed(section);
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
