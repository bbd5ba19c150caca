"use strict";
// Messages above the Markdown editor, which markdownx itself doesn't show: why an image upload
// was refused (our upload view, portal/editor_views.py, answers with the reasons under
// "image"), and that the site could not be reached at all.
// markdownx's events don't bubble, so listen in the capture phase to catch every editor.

const UNREACHABLE = {
  upload:
    "The image was not uploaded: the site could not be reached. Check your connection, then try again.",
  preview:
    "The preview has stopped: the site could not be reached. Your text is still here; the preview comes back with the connection.",
};

function showMessages(editor, messages) {
  editor.querySelector(":scope > .editor-messages")?.remove();
  if (!messages.length) return;
  const list = document.createElement("ul");
  list.className = "errorlist editor-messages";
  list.setAttribute("role", "alert");
  for (const message of messages) {
    const item = document.createElement("li");
    item.textContent = message;
    list.append(item);
  }
  editor.prepend(list);
}

document.addEventListener(
  "markdownx.fileUploadEnd",
  (event) => showMessages(event.target, event.detail?.[0]?.image ?? []),
  true,
);

document.addEventListener(
  "markdownx.update",
  (event) => {
    // Back in touch: a stale "could not be reached" would mislead.
    const shown = event.target.querySelector(":scope > .editor-messages");
    if (shown?.textContent === UNREACHABLE.preview) shown.remove();
  },
  true,
);

document.addEventListener(
  "markdownx.updateError",
  (event) => showMessages(event.target, [UNREACHABLE.preview]),
  true,
);

// A failed upload request: markdownx types "Invalid response" into the text right after this
// event. Put the text back as it was, with the cursor where it was.
document.addEventListener(
  "fileUploadError",
  (event) => {
    const textarea = event.target.querySelector(".markdownx-editor");
    const { value, selectionStart, selectionEnd } = textarea;
    queueMicrotask(() => {
      textarea.value = value;
      textarea.setSelectionRange(selectionStart, selectionEnd);
    });
    showMessages(event.target, [UNREACHABLE.upload]);
  },
  true,
);
