"use strict";
// Word, Excel and OneNote put a picture of the copied text on the clipboard beside the text.
// markdownx uploads any pasted file and cancels the paste, so the editor got that picture (or
// "The image is too large") instead of the text. When the clipboard holds text, markdownx's
// listener on the textarea must not see the paste: stopped in the capture phase on the
// document, before it, the browser pastes the text. A screenshot alone still uploads.
document.addEventListener(
  "paste",
  (event) => {
    const text = event.clipboardData?.getData("text/plain") ?? "";
    // Blank text (an image copied on its own in Word) is no text to paste instead.
    if (text.trim() && event.target.matches?.("textarea.markdownx-editor")) {
      event.stopImmediatePropagation();
    }
  },
  true,
);
