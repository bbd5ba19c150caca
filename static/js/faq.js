// Opening /faq/#<slug> expands that answer: browsers scroll to a closed <details> but don't
// open it. Without JavaScript the reader lands on the question and can open it themselves.
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
