/**
 * Site-wide behaviour, run on every page (document$ re-emits after each
 * instant navigation):
 * - small fixes to Material's markup that axe-core reports;
 * - after an instant page swap, focus moves to the new page's h1, so the next
 *   Tab starts in the content (not 25 stops back in the header);
 * - multi-column tables get a label per cell, so on phones each row shows as a
 *   stacked card with every column visible (site.css, max-width 600px).
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

  /** Label every body cell with its column's header text; mark the table stackable on phones. */
  function labelTables(root) {
    root.querySelectorAll(".md-content table").forEach(function (table) {
      if (table.hasAttribute("data-ati-stack")) return;
      var heads = table.querySelectorAll("thead th");
      if (heads.length < 2) return;
      var labels = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (labels[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", labels[i]);
        });
      });
      // An attribute, not a class: Material styles only tables without a class.
      table.setAttribute("data-ati-stack", "");
    });
  }

  /** After an instant swap: focus the #fragment's target if there is one, else the h1, else main. */
  function focusContent() {
    var target = null;
    if (location.hash.length > 1) {
      try { target = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { target = null; }
    }
    if (!target) target = document.querySelector(".md-content h1") || document.querySelector("main");
    if (!target) return;
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: !location.hash });
  }

  var first = true;
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(function () {
      nameCodeNavs(document);
      labelTables(document);
      if (first) { first = false; return; }
      focusContent();
    });
  }
})();
