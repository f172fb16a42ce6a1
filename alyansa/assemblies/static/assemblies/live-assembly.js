// An assembly's live pages (the phone, the chair's console, the check-in desk, the projector)
// follow its channel (docs/decisions/0002-live-events.md). static/js/live.js opens the stream
// and writes the counts in place; this script reloads the page when something it shows by name
// changes (the item under discussion, who has the floor, the assembly's status), which is what a
// reader without JavaScript does by hand; someone typing in a form is not interrupted: a notice
// asks them to reload. When a poll opens, the phone says so. The speaking clock counts down.
(function () {
  "use strict";

  function typing() {
    var field = document.activeElement;
    return !!field && /^(INPUT|TEXTAREA|SELECT)$/.test(field.tagName) &&
      field.type !== "hidden" && field.type !== "submit" && field.value !== "";
  }

  // One change reloads a page at most once: the channel's latest event is sent again when the
  // reloaded page connects, and a page that (for any reason) still shows something else must
  // not reload for it again and again.
  function alreadyReloadedFor(data) {
    var seen = JSON.stringify(data);
    try {
      if (window.sessionStorage.getItem("alyansa:reloaded-for") === seen) { return true; }
      window.sessionStorage.setItem("alyansa:reloaded-for", seen);
    } catch (error) { return true; }
    return false;
  }

  function refresh(root, data) {
    if (typing()) {
      var notice = root.querySelector("[data-live-notice]");
      if (notice) { notice.hidden = false; }
      return;
    }
    if (root.dataset.reloading || alreadyReloadedFor(data)) { return; }
    root.dataset.reloading = "true";
    // Spread over data-live-spread milliseconds: a hall of phones must not all ask at once.
    var spread = Number(root.dataset.liveSpread) || 0;
    setTimeout(function () { window.location.reload(); }, Math.random() * spread);
  }

  function changed(root, data) {
    var keys = (root.dataset.liveReload || "").split(/\s+/);
    for (var i = 0; i < keys.length; i++) {
      if (!keys[i]) { continue; }
      var was = root.getAttribute("data-was-" + keys[i].replace(/_/g, "-"));
      var value = data[keys[i]] == null ? "" : String(data[keys[i]]);
      if (was !== null && was !== value) { return true; }
    }
    return false;
  }

  document.querySelectorAll("[data-live-reload]").forEach(function (root) {
    root.addEventListener("live:event", function (event) {
      var name = event.detail.event, data = event.detail.data;
      if (name === "poll") {
        // A poll opened or closed (also when it is the channel's latest event, sent on
        // connecting): the phone points to the ballot, without reloading.
        root.querySelectorAll("[data-live-poll-open]").forEach(function (notice) {
          notice.hidden = data.poll_status !== "open";
        });
      }
      if (changed(root, data)) { refresh(root, data); return; }
      root.querySelectorAll("[data-clock]").forEach(function (clock) {
        clock.setAttribute("data-ends-at", data.speaking_ends_at || "");
      });
    });
  });

  // The clock counts from the server's time when it was rendered, so a phone whose own clock
  // is wrong still shows the right time left.
  var seen = new WeakMap();
  function tick() {
    document.querySelectorAll("[data-clock]").forEach(function (clock) {
      if (!seen.has(clock)) { seen.set(clock, Date.now()); }
      var ends = Date.parse(clock.getAttribute("data-ends-at") || "");
      var serverNow = Date.parse(clock.getAttribute("data-server-now") || "");
      if (isNaN(ends) || isNaN(serverNow)) { return; }
      var now = serverNow + (Date.now() - seen.get(clock));
      var left = Math.floor((ends - now) / 1000);
      var seconds = Math.abs(left) % 60;
      clock.textContent = (left < 0 ? "-" : "") + Math.floor(Math.abs(left) / 60) + ":" +
        (seconds < 10 ? "0" : "") + seconds;
      clock.classList.toggle("over", left < 0);
    });
  }
  setInterval(tick, 1000);
})();
