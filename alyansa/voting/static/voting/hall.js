// The hall display's secret travels after "#" (never sent in a request line, never logged):
// post it once, then drop it from the address bar and the history.
(function () {
  var key = window.location.hash.slice(1);
  var form = document.getElementById("hall-form");
  if (!key || !form) return;
  history.replaceState(null, "", window.location.pathname);
  form.querySelector("[name=key]").value = decodeURIComponent(key);
  form.submit();
})();
