// Opening /faq/#<slug> (or an explainer's #faq-<slug>) expands that answer: browsers scroll
// to a closed <details> but don't open it. Without JavaScript the reader lands on the question
// and can open it themselves.
(function () {
  "use strict";
  function openTarget() {
    var id = window.location.hash.slice(1);
    if (!id) return;
    var target = document.getElementById(decodeURIComponent(id));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();

// Printing: closed <details> print without their answers. site.css shows them in Chromium;
// other browsers need them opened, and closed again afterwards as the reader left them.
(function () {
  "use strict";
  var closedBeforePrint = [];
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details");
    closedBeforePrint = Array.prototype.filter.call(all, function (d) { return !d.open; });
    closedBeforePrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedBeforePrint.forEach(function (d) { d.open = false; });
    closedBeforePrint = [];
  });
})();
