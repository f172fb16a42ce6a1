// Live updates (docs/decisions/0002-live-events.md). An element with data-live-url (from
// live_url) and data-live-events="count result" listens to those events; inside it,
// [data-live-field="a.b"] shows data.a.b, [data-live-show="a.b=open"] is hidden unless
// data.a.b is "open", and the element receives a "live:event" DOM event ({event, data}).
// Without JavaScript the page still works by reloading.
(function () {
  "use strict";
  function pick(data, path) {
    return path.split(".").reduce(function (value, key) {
      return value == null ? undefined : value[key];
    }, data);
  }
  function apply(root, name, data) {
    root.querySelectorAll("[data-live-field]").forEach(function (el) {
      var value = pick(data, el.dataset.liveField);
      if (value != null && typeof value !== "object") el.textContent = String(value);
    });
    root.querySelectorAll("[data-live-show]").forEach(function (el) {
      var rule = el.dataset.liveShow.split("=");
      var value = pick(data, rule[0]);
      if (value !== undefined) el.hidden = String(value) !== rule[1];
    });
    root.dataset.liveEvent = name;
    root.dispatchEvent(new CustomEvent("live:event", { detail: { event: name, data: data } }));
  }
  function listen(root, delay) {
    var source = new EventSource(root.dataset.liveUrl);
    (root.dataset.liveEvents || "state").split(/\s+/).forEach(function (name) {
      source.addEventListener(name, function (message) {
        delay = 1000;
        apply(root, name, JSON.parse(message.data));
      });
    });
    source.onerror = function () {
      // The browser retries by itself unless the server refused (403, 503): then we retry.
      if (source.readyState !== EventSource.CLOSED) return;
      setTimeout(listen, delay + Math.random() * delay, root, Math.min(delay * 2, 60000));
    };
  }
  if (!window.EventSource) return;
  document.querySelectorAll("[data-live-url]").forEach(function (root) {
    listen(root, 1000);
  });
})();
