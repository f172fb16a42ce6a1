// The badge's QR code leads here with the code after "#", which browsers never send to the
// server (no access log or proxy keeps it). Put it in the form, take it out of the address
// bar and history, and sign in. Without JavaScript the delegate types the printed code.
(function () {
  "use strict";
  var form = document.querySelector("form[data-code-from-fragment]");
  var code = decodeURIComponent(window.location.hash.slice(1));
  if (!form || !code) return;
  history.replaceState(null, "", window.location.pathname + window.location.search);
  form.elements.code.value = code;
  form.submit();
})();
