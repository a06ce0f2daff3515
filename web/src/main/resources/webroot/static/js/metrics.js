/*
 * Keeps the metrics page current: polls the JSON named by #metrics[data-source] every 5 seconds and
 * rewrites the totals and the per-route table. The server renders the same figures, so without this
 * script the page is complete and a reload refreshes it. The rate column turns from "average since the
 * node started" into requests per second over the last poll interval. Text only (textContent), never
 * HTML, so nothing from the server is interpreted as markup. After each update #metrics gets
 * data-updated="<count>" (browser tests wait on it).
 */
(function () {
  'use strict';

  var INTERVAL_MS = 5000;
  var previous = null;
  var updates = 0;

  function ms(v) {
    if (v === null || v === undefined || !isFinite(v)) {
      return '\u2013';
    }
    return v < 10 ? v.toFixed(2) + ' ms' : Math.round(v) + ' ms';
  }

  function cell(row, cls, text, code) {
    var td = document.createElement('td');
    td.className = cls;
    if (code) {
      var c = document.createElement('code');
      c.textContent = text;
      td.appendChild(c);
    } else {
      td.textContent = text;
    }
    row.appendChild(td);
  }

  function rate(route, data) {
    var key = route.method + ' ' + route.route;
    if (previous && previous.routes[key] !== undefined) {
      var seconds = (Date.parse(data.at) - Date.parse(previous.at)) / 1000;
      if (seconds > 0) {
        return ((route.requests - previous.routes[key]) / seconds).toFixed(2);
      }
    }
    return (route.requests / Math.max(data.uptimeSeconds, 0.001)).toFixed(2);
  }

  function render(data) {
    document.getElementById('metrics-nodes').textContent = data.nodesText;
    document.getElementById('metrics-requests').textContent = data.requests;
    document.getElementById('metrics-events').textContent = data.eventsIngested;
    document.getElementById('metrics-model').textContent =
      data.model ? data.model.name + ' v' + data.model.version : 'none';
    var body = document.querySelector('#metrics-routes tbody');
    var rows = document.createDocumentFragment();
    data.routes.forEach(function (r) {
      var tr = document.createElement('tr');
      cell(tr, 'route', r.route, true);
      cell(tr, 'method', r.method);
      cell(tr, 'num requests', String(r.requests));
      cell(tr, 'num rate', rate(r, data));
      cell(tr, 'num client-errors', String(r.clientErrors));
      cell(tr, 'num server-errors', String(r.serverErrors));
      cell(tr, 'num error-rate', (100 * r.errorRate).toFixed(1) + ' %');
      cell(tr, 'num p50', ms(r.p50Ms));
      cell(tr, 'num p95', ms(r.p95Ms));
      cell(tr, 'num p99', ms(r.p99Ms));
      rows.appendChild(tr);
    });
    body.replaceChildren(rows);
    var empty = document.getElementById('routes-empty');
    if (empty) {
      empty.hidden = data.routes.length > 0;
    }
    if (previous) {
      document.getElementById('rate-header').textContent = 'Rate (req/s, last ' + INTERVAL_MS / 1000 + ' s)';
    }
    var seen = {};
    data.routes.forEach(function (r) { seen[r.method + ' ' + r.route] = r.requests; });
    previous = { at: data.at, routes: seen };
    updates++;
    document.getElementById('metrics').setAttribute('data-updated', String(updates));
  }

  function poll(url) {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        var type = response.headers.get('Content-Type') || '';
        if (!response.ok || type.indexOf('application/json') !== 0) {
          throw new Error('session ended or server unavailable');
        }
        return response.json();
      })
      .then(function (data) {
        render(data);
        window.setTimeout(function () { poll(url); }, INTERVAL_MS);
      })
      .catch(function () {
        document.getElementById('metrics-refresh').textContent =
          'Live refresh stopped (logged out or server unreachable); reload the page.';
      });
  }

  function start() {
    var main = document.getElementById('metrics');
    if (!main || !window.fetch) {
      return;
    }
    document.getElementById('metrics-refresh').textContent = 'Refreshed every ' + INTERVAL_MS / 1000 + ' s.';
    poll(main.getAttribute('data-source'));
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
