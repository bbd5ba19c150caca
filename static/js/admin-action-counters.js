// Django's admin keeps only the first "N of M selected" counter up to date (actions.js). The
// reader-question queue has its actions at the foot of the list too, for a moderator who ticked
// rows down the page, and that counter said "0 of 100 selected" while rows were ticked.
(function () {
  "use strict";
  function mirror() {
    var counters = document.querySelectorAll(".action-counter");
    if (counters.length < 2) return;
    var first = counters[0];
    function copy() {
      for (var i = 1; i < counters.length; i++) counters[i].textContent = first.textContent;
    }
    new MutationObserver(copy).observe(first, { childList: true, characterData: true, subtree: true });
    copy();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mirror);
  else mirror();
})();
