/*
 * "Copy" buttons: a button with data-copy-target="<element id>" copies that element's text to
 * the clipboard. Buttons stay hidden where the Clipboard API is unavailable (plain HTTP).
 */
(function () {
  'use strict';
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  document.querySelectorAll('button[data-copy-target]').forEach(function (button) {
    var target = document.getElementById(button.getAttribute('data-copy-target'));
    if (!target) {
      return;
    }
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = 'Copied';
      }, function () {
        button.textContent = 'Copy failed — select the key and copy it by hand';
      });
    });
  });
})();
