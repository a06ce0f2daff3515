/*
 * Live progress of training jobs on the models page: every job marked data-live="true" is polled
 * once a second at /dashboard/models/jobs/{id} (session cookie, same origin) and its bar, state and
 * message updated; when one finishes the page reloads so the new version shows. A static file, so
 * the strict CSP (script-src 'self') holds.
 */
(function () {
  'use strict';
  var live = document.querySelectorAll('.job[data-live="true"]');
  if (live.length === 0) {
    return;
  }
  function poll(item) {
    var id = item.getAttribute('data-job-id');
    fetch('/dashboard/models/jobs/' + encodeURIComponent(id), { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) {
          return;
        }
        var percent = Math.round(job.progress * 100);
        var bar = item.querySelector('.job-progress');
        bar.value = percent;
        bar.textContent = percent + '%';
        item.querySelector('.job-state').textContent = job.state;
        item.querySelector('.job-message').textContent = job.message || '';
        if (job.state === 'succeeded' || job.state === 'failed') {
          item.setAttribute('data-live', 'false');
          window.setTimeout(function () { window.location.reload(); }, 500);
        } else {
          window.setTimeout(function () { poll(item); }, 1000);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(item); }, 3000); });
  }
  Array.prototype.forEach.call(live, poll);
})();
