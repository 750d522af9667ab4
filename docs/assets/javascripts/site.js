/**
 * Small fixes to Material's markup that axe-core reports, run on every page
 * (document$ re-emits after each instant navigation).
 */
(function () {
  "use strict";

  /** Give each code block's button bar a distinct name (axe: landmark-unique). */
  function nameCodeNavs(root) {
    root.querySelectorAll(".md-code__nav").forEach(function (nav, index) {
      if (!nav.hasAttribute("aria-label")) {
        var pre = nav.closest("pre");
        var heading = pre && pre.classList.contains("ati-subject") ? "Subject line" : "Code block";
        if (pre && pre.classList.contains("ati-message")) heading = "Message";
        nav.setAttribute("aria-label", heading + " " + (index + 1) + " actions");
      }
    });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(function () { nameCodeNavs(document); });
  }
})();
