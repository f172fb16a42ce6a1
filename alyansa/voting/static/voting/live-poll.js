// The projector follows its assembly's voting channel. A new count for the poll on screen is
// written in place; a poll opening, closing or a new result reloads the page (which is what a
// visitor without JavaScript does by hand). One event reloads the page at most once: if the page
// that comes back still does not show that poll in that state (the channel's latest event is
// sent again on connecting), it stays as it is rather than reloading without end.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="live-voting"]');
  if (!meta || !window.EventSource) { return; }
  var source = new EventSource(meta.getAttribute("content"));
  function handle(message) {
    var data;
    try { data = JSON.parse(message.data); } catch (error) { return; }
    var box = document.querySelector(".poll-state");
    var same = box && String(data.poll) === box.getAttribute("data-poll") &&
      data.status === box.getAttribute("data-status");
    if (same) {
      var count = box.querySelector("[data-voted]");
      if (count && typeof data.voted === "number") { count.textContent = String(data.voted); }
      return;
    }
    if (!data.poll) { return; }
    var seen = String(data.poll) + ":" + data.status;
    try {
      if (window.sessionStorage.getItem("alyansa:projector-reloaded-for") === seen) { return; }
      window.sessionStorage.setItem("alyansa:projector-reloaded-for", seen);
    } catch (error) { return; }  // no storage: a reload could not tell it already happened
    window.location.reload();
  }
  source.onmessage = handle;
  ["poll"].forEach(function (name) { source.addEventListener(name, handle); });
})();
