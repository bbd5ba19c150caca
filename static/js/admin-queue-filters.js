// On a phone the reader-question queue shows its filters first (admin-question-queue.css), so
// "By state" is one tap away rather than 25 screens down; folded, so the questions start on
// the first screen. A filter the moderator opened or closed stays so for the session
// (Django's filters.js remembers it).
(function () {
  "use strict";
  function fold() {
    if (!window.matchMedia("(max-width: 767px)").matches) return;
    var remembered = {};
    try {
      remembered = JSON.parse(sessionStorage.getItem("django.admin.filtersState")) || {};
    } catch (error) {
      remembered = {};
    }
    var filters = document.querySelectorAll("#changelist-filter details[data-filter-title]");
    for (var i = 0; i < filters.length; i++) {
      if (!(filters[i].dataset.filterTitle in remembered)) filters[i].removeAttribute("open");
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fold);
  else fold();
})();
