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

// markdownx reads every upload answer as JSON. An answer that isn't ours (the proxy's own page:
// nginx's 413 for a body over its client_max_body_size, a 502 while the site restarts) threw
// in markdownx and left the editor dimmed without a word. Watch upload requests and say it.
const ANSWER_NOT_OURS = {
  413: "The image was not uploaded: the server in front of the site refused a file this large. Make it smaller, or ask whoever runs the site to let larger uploads through.",
  other:
    "The image was not uploaded: the site answered with an error (%s). Your text is safe; try again in a minute, and tell whoever runs the site if it goes on.",
};

function isUploadUrl(url) {
  const uploads = document.querySelectorAll("[data-markdownx-upload-urls-path]");
  const path = new URL(url, document.baseURI).pathname;
  return [...uploads].some((editor) => editor.dataset.markdownxUploadUrlsPath === path);
}

function isOurAnswer(xhr) {
  try {
    return typeof JSON.parse(xhr.responseText) === "object";
  } catch {
    return false;
  }
}

const { open, send } = XMLHttpRequest.prototype;
XMLHttpRequest.prototype.open = function (method, url, ...rest) {
  this.portalUpload = method.toUpperCase() === "POST" && isUploadUrl(url);
  return open.call(this, method, url, ...rest);
};
XMLHttpRequest.prototype.send = function (...args) {
  if (this.portalUpload) {
    // Runs after markdownx's own onload, set before send().
    this.addEventListener("load", () => {
      if (isOurAnswer(this)) return;
      const message =
        ANSWER_NOT_OURS[this.status] ??
        ANSWER_NOT_OURS.other.replace("%s", `${this.status} ${this.statusText}`.trim());
      // The editor uploading is the one markdownx dimmed.
      for (const textarea of document.querySelectorAll(".markdownx-editor")) {
        if (textarea.style.opacity !== "0.3") continue;
        textarea.style.opacity = "1";
        const editor = textarea.closest(".markdownx");
        messageList(editor).remove();
        show(editor, message);
      }
    });
  }
  return send.apply(this, args);
};
