/*
 * The experiment form's "Add a variant" button. Without script every row is shown (blank rows
 * are ignored by the server); with it, blank optional rows stay hidden until asked for. Lives in a
 * static file because the CSP allows no inline script.
 */
(function () {
  'use strict';

  function start() {
    var button = document.getElementById('add-variant');
    var rows = Array.prototype.slice.call(document.querySelectorAll('#variants-table tr.variant-row'));
    if (!button || rows.length === 0) {
      return;
    }
    var hidden = rows.filter(function (row) {
      return row.getAttribute('data-optional') === 'true' && row.getAttribute('data-blank') === 'true';
    });
    hidden.forEach(function (row) { row.hidden = true; });
    button.hidden = hidden.length === 0;
    button.addEventListener('click', function () {
      var next = hidden.shift();
      if (next) {
        next.hidden = false;
        var first = next.querySelector('input[type=text]');
        if (first) {
          first.focus();
        }
      }
      button.hidden = hidden.length === 0;
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
