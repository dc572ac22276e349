// Boot fallback (a classic script: it runs even where the app's module script cannot). Until the app mounts, #root
// holds a static "Starting CineLocal…" line; if the main bundle (or a file it imports) fails to load, or the code
// throws before the first render, that line is replaced with what failed and a Reload button instead of a blank page.
// External, not inline: the Content-Security-Policy allows no inline script.
(function () {
  'use strict';

  function stillBooting() {
    return document.getElementById('boot-status') !== null;
  }

  function fileName(url) {
    var link = document.createElement('a');
    link.href = url;
    return link.pathname;
  }

  function showFailure(detail) {
    var root = document.getElementById('root');
    if (!root || !stillBooting()) return;
    var main = document.createElement('main');
    main.className = 'gate';
    var card = document.createElement('div');
    card.className = 'gate-card';
    card.setAttribute('role', 'alert');
    var title = document.createElement('h1');
    title.textContent = 'CineLocal could not start';
    var text = document.createElement('p');
    text.textContent = detail;
    var reload = document.createElement('button');
    reload.type = 'button';
    reload.className = 'button';
    reload.textContent = 'Reload';
    reload.addEventListener('click', function () {
      window.location.reload();
    });
    card.appendChild(title);
    card.appendChild(text);
    card.appendChild(reload);
    main.appendChild(card);
    while (root.firstChild) root.removeChild(root.firstChild);
    root.appendChild(main);
  }

  if (!('noModule' in HTMLScriptElement.prototype)) {
    document.addEventListener('DOMContentLoaded', function () {
      showFailure('This browser is too old to run CineLocal (it does not support JavaScript modules). Please use a current browser.');
    });
    return;
  }

  // A file that did not load is fetched again by one automatic reload (at most one per 30 s in this tab) before the
  // failure is shown: a reload racing the page's own requests on a loaded machine lost a chunk once (issue 21 item 11),
  // and an old page meeting a new deploy gets the new files. A file still missing after it is shown as before.
  var RETRY_KEY = 'cinelocal-boot-retry';
  var retrying = false;
  function reloadOnce() {
    if (retrying) return true;
    try {
      var last = Number(window.sessionStorage.getItem(RETRY_KEY) || 0);
      if (Date.now() - last < 30000) return false;
      window.sessionStorage.setItem(RETRY_KEY, String(Date.now()));
    } catch (storageBlocked) { // eslint-disable-line @typescript-eslint/no-unused-vars -- no session storage: no retry
      return false;
    }
    retrying = true;
    setTimeout(function () {
      window.location.reload();
    }, 300);
    return true;
  }

  // Capture phase: a script or stylesheet that fails to load fires "error" on its element, which does not bubble.
  window.addEventListener(
    'error',
    function (event) {
      var target = event.target;
      var fileFailed = (target instanceof HTMLScriptElement && target.src) || (target instanceof HTMLLinkElement && target.rel === 'modulepreload');
      if (fileFailed && stillBooting() && reloadOnce()) return;
      if (target instanceof HTMLScriptElement && target.src) {
        showFailure('A file of the app (' + fileName(target.src) + ') did not load. You may be offline, or the site is being updated. Check your connection and reload.');
      } else if (target instanceof HTMLLinkElement && target.rel === 'modulepreload') {
        showFailure('A file of the app (' + fileName(target.href) + ') did not load. You may be offline, or the site is being updated. Check your connection and reload.');
      } else if (event instanceof ErrorEvent && target === window) {
        showFailure('The app stopped while starting: ' + String(event.message || 'unknown error').slice(0, 200) + '. Reloading may help.');
      }
    },
    true,
  );
})();
