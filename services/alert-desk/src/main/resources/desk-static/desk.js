// dlm-watch alert desk: live refresh over server-sent events. The pages work without it.
(function () {
  'use strict';
  var main = document.getElementById('main');
  if (!main || !main.dataset.live || !window.EventSource) { return; }
  var kind = main.dataset.live;
  var alertId = main.dataset.alertId;
  var busy = false;

  function typing() {
    var fields = main.querySelectorAll('textarea');
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value.trim() !== '' || document.activeElement === fields[i]) { return true; }
    }
    var open = main.querySelector('details[open]');
    return open !== null;
  }

  function announce(text) {
    var live = main.querySelector('.live');
    if (live) {
      live.classList.add('changed');
      live.querySelector('.live-text').textContent = text;
    }
  }

  function refresh(message) {
    if (busy) { return; }
    busy = true;
    fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('main');
        if (!fresh) { return; }
        main.innerHTML = fresh.innerHTML;
        main.dataset.version = fresh.dataset.version || main.dataset.version;
        if (message) { announce(message); }
      })
      .catch(function () { /* next event tries again */ })
      .then(function () { busy = false; });
  }

  function banner() {
    if (main.querySelector('.changed-banner')) { return; }
    var p = document.createElement('p');
    p.className = 'changed-banner';
    p.setAttribute('role', 'status');
    p.textContent = 'This alert has changed. ';
    var a = document.createElement('a');
    a.href = window.location.pathname;
    a.textContent = 'Reload to see the latest';
    p.appendChild(a);
    main.insertBefore(p, main.firstChild);
  }

  var source = new EventSource('/api/events');
  source.addEventListener('alerts', function (event) {
    var change;
    try { change = JSON.parse(event.data); } catch (e) { return; }
    if (kind === 'alert') {
      if (change.alertIds.indexOf(alertId) < 0) { return; }
      if (typing()) { banner(); } else { refresh(null); }
    } else {
      var time = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      var text = change.newlyRaised > 0
        ? 'Updated ' + time + ': ' + change.newlyRaised + (change.newlyRaised === 1 ? ' new alert' : ' new alerts')
        : 'Updated ' + time;
      refresh(text);
    }
  });
  source.onerror = function () {
    var live = main.querySelector('.live-text');
    if (live) { live.textContent = 'Reconnecting…'; }
  };
})();
