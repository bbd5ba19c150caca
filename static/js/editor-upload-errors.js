"use strict";
// Shows why the Markdown editor's image upload refused a file. markdownx itself shows nothing;
// our upload view (portal/editor_views.py) answers with the reasons under "image".
// markdownx's events don't bubble, so listen in the capture phase to catch every editor.
document.addEventListener(
  "markdownx.fileUploadEnd",
  (event) => {
    const editor = event.target;
    const reasons = event.detail?.[0]?.image ?? [];
    editor.querySelector(":scope > .editor-upload-errors")?.remove();
    if (!reasons.length) return;
    const list = document.createElement("ul");
    list.className = "errorlist editor-upload-errors";
    list.setAttribute("role", "alert");
    for (const reason of reasons) {
      const item = document.createElement("li");
      item.textContent = reason;
      list.append(item);
    }
    editor.prepend(list);
  },
  true,
);
