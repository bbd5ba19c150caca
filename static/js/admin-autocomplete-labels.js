"use strict";
// Django's autocomplete fields use select2, whose markup misses what screen readers need to
// name its parts (WCAG 4.1.2). Filled in here each time select2 draws, opens or fills a field:
// - its search box (inline for a field of several choices, in the opened list for one), and
//   a one-choice field's box and its shown choice, are named after the field's label;
// - its open list is named only by aria-owns: ARIA 1.2 comboboxes name it with aria-controls;
// - a one-choice field's clear cross, which only a mouse can reach, is read as part of the
//   chosen value ("× Can I film…"): hidden from screen readers.
function labelOf(select) {
  const label = select?.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
  return label ? label.textContent.replace(/:\s*$/, "").trim() : null;
}

function selectOf(part) {
  const container = part.closest(".select2-container");
  const fieldId = /^select2-(.+)-(?:results|container)$/.exec(
    part.getAttribute("aria-controls") ?? part.getAttribute("aria-owns") ?? part.id,
  )?.[1];
  return fieldId ? document.getElementById(fieldId) : container?.previousElementSibling;
}

function mendSelect2() {
  const parts = ".select2-search__field, .select2-selection, .select2-selection__rendered";
  for (const part of document.querySelectorAll(parts)) {
    const name = labelOf(selectOf(part));
    if (name && part.getAttribute("aria-label") !== name) {
      part.setAttribute("aria-label", name);
      // aria-labelledby wins over aria-label, and names the box after its shown choice,
      // which is empty until something is chosen.
      if (part.matches(".select2-selection--single")) part.removeAttribute("aria-labelledby");
    }
  }
  for (const cross of document.querySelectorAll(".select2-selection__clear:not([aria-hidden])")) {
    cross.setAttribute("aria-hidden", "true");
  }
  // Only real changes: each one is seen by the observer below, which calls this again.
  for (const combobox of document.querySelectorAll(".select2-selection[role=combobox]")) {
    const list = combobox.getAttribute("aria-owns");
    if (list && combobox.getAttribute("aria-controls") !== list) {
      combobox.setAttribute("aria-controls", list);
    } else if (!list && combobox.hasAttribute("aria-controls")) {
      combobox.removeAttribute("aria-controls");
    }
  }
}

new MutationObserver(mendSelect2).observe(document.documentElement, {
  childList: true,
  subtree: true,
  attributeFilter: ["aria-owns", "aria-controls", "aria-labelledby"],
});
