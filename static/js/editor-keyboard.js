"use strict";
// Tab leaves the Markdown editor, as it leaves every other field. markdownx makes Tab indent and
// Shift+Tab outdent, which traps keyboard users in the textarea (WCAG 2.1.2); Ctrl+] and Ctrl+[
// still indent and outdent. Stopped in the capture phase on the document, before markdownx's
// own listener on the textarea sees the key; the browser then moves the focus as usual.
document.addEventListener(
  "keydown",
  (event) => {
    if (event.key === "Tab" && event.target.matches?.("textarea.markdownx-editor")) {
      event.stopPropagation();
    }
  },
  true,
);
