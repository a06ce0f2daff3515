/*
 * Asks for confirmation before submitting a form whose submit button (or the form itself)
 * carries a data-confirm attribute. Lives in a static file so a strict CSP
 * (script-src 'self') works: the templates contain no inline scripts or handlers.
 */
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var button = event.submitter;
    var message = (button && button.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
