/**
 * Gallery filter: narrows the template gallery by where the reader is (the stage), channel and route.
 *
 * Progressive enhancement: the gallery is a plain list of every template;
 * this script reveals the filter form (hidden in the HTML) and hides cards
 * and empty stage groups that do not match. A polite live region says how
 * many templates are shown.
 */
(function () {
  "use strict";

  /** @param {HTMLFormElement} form the [data-module="ati-gallery-filter"] form */
  function GalleryFilter(form) {
    this.form = form;
    this.status = form.querySelector(".ati-filter__status");
    this.cards = Array.prototype.slice.call(document.querySelectorAll(".ati-card"));
    this.groups = Array.prototype.slice.call(document.querySelectorAll("ul.ati-cards"));
  }

  GalleryFilter.prototype.init = function () {
    var self = this;
    this.form.hidden = false;
    this.form.addEventListener("change", function () { self.apply(); });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); self.apply(); });
  };

  GalleryFilter.prototype.apply = function () {
    var stage = this.form.elements.stage.value;
    var channel = this.form.elements.channel.value;
    var route = this.form.elements.route.value;
    var shown = 0;
    this.cards.forEach(function (card) {
      var cardRoute = card.getAttribute("data-route");
      var group = card.closest("ul.ati-cards");
      var match = (!stage || (group && group.getAttribute("data-stage") === stage)) &&
        (!channel || card.getAttribute("data-channel") === channel) &&
        (!route || cardRoute === route || cardRoute === "either" || route === "either");
      card.hidden = !match;
      if (match) shown += 1;
    });
    this.groups.forEach(function (group) {
      var visible = group.querySelector(".ati-card:not([hidden])") !== null;
      group.hidden = !visible;
      var heading = group.previousElementSibling;
      if (heading && /^H[2-6]$/.test(heading.tagName)) heading.hidden = !visible;
    });
    var total = this.cards.length;
    this.status.textContent = shown === total
      ? "Showing all " + total + " templates."
      : "Showing " + shown + " of " + total + " templates.";
  };

  GalleryFilter.moduleName = "ati-gallery-filter";
  window.ATI.mount(GalleryFilter, function (form) { new GalleryFilter(form).init(); });
})();
