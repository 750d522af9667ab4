/**
 * After the Interview: Material's search worker, started on its first message.
 *
 * overrides/main.html names this file as the search worker (an absolute URL,
 * so it resolves the same on every page), with Material's own worker in
 * ?worker=. Material creates its worker as the page loads, so only this small
 * file loads then; Material's worker (lunr and the index code) loads when the
 * first message arrives, which is the search index, sent when search opens.
 * The worker runs from this file's folder, so Material's "../lunr" still resolves.
 */
(function () {
  "use strict";
  var real = new URL(new URL(self.location.href).searchParams.get("worker") || "", self.location.href);

  function start(event) {
    self.removeEventListener("message", start);
    if (real.origin !== self.location.origin) throw new Error("search worker: not on this site: " + real.href);
    importScripts(real.href);
    // Material's worker listens from now on: hand it the message that woke it.
    self.dispatchEvent(new MessageEvent("message", { data: event.data }));
  }
  self.addEventListener("message", start);
})();
