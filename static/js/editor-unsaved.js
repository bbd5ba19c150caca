"use strict";
// Leaving a change page with unsaved edits asks first, with the browser's own "Leave site?"
// dialog: a paragraph appended to an explainer was lost to a click on the breadcrumbs or a
// closed tab. Not once the form is sent, and not for a page nobody changed. A page shown again
// with form errors holds what was typed and not saved, so it counts as changed.
(() => {
  const onChangeForm = (element) => /_form$/.test(element?.closest?.("form")?.id ?? "");
  let changed = false;
  let sending = false;
  const markChanged = (event) => {
    if (onChangeForm(event.target)) changed = true;
  };
  document.addEventListener("input", markChanged, true);
  document.addEventListener("change", markChanged, true);
  // The two-box topic picker moves options with buttons and double-clicks, not input events.
  document.addEventListener(
    "click",
    (event) => {
      if (event.target.closest?.(".selector-chooser")) markChanged(event);
    },
    true,
  );
  document.addEventListener(
    "dblclick",
    (event) => {
      if (event.target.closest?.(".selector")) markChanged(event);
    },
    true,
  );
  document.addEventListener("submit", (event) => {
    if (onChangeForm(event.target)) sending = true;
  });
  window.addEventListener("beforeunload", (event) => {
    const unsaved = changed || document.querySelector("form[id$='_form'] .errornote");
    if (unsaved && !sending) event.preventDefault();
  });
})();
