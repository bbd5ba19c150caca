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

function messageList(editor) {
  let list = editor.querySelector(":scope > .editor-messages");
  if (!list) {
    list = document.createElement("ul");
    list.className = "errorlist editor-messages";
    list.setAttribute("role", "alert");
    editor.prepend(list);
  }
  return list;
}

function show(editor, message) {
  const list = messageList(editor);
  if ([...list.children].some((item) => item.textContent === message)) return;
  const item = document.createElement("li");
  item.textContent = message;
  list.append(item);
}

function hide(editor, message) {
  const list = messageList(editor);
  for (const item of list.children) if (item.textContent === message) item.remove();
  if (!list.children.length) list.remove();
}

document.addEventListener(
  "markdownx.fileUploadEnd",
  (event) => {
    // A new upload's answer replaces what an earlier one said.
    messageList(event.target).remove();
    for (const reason of event.detail?.[0]?.image ?? []) show(event.target, reason);
  },
  true,
);

// Back in touch: a stale "could not be reached" would mislead.
document.addEventListener(
  "markdownx.update",
  (event) => hide(event.target, UNREACHABLE.preview),
  true,
);

document.addEventListener(
  "markdownx.updateError",
  (event) => show(event.target, UNREACHABLE.preview),
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
    messageList(event.target).remove();
    show(event.target, UNREACHABLE.upload);
  },
  true,
);
