"use strict";
// markdownx uploads only images dragged or pasted into the editor, which keyboard and touch
// users can't do. An "Insert an image" button under each editor picks a file and hands it to
// markdownx as a drop, so the upload, its checks and its messages stay the same. After an
// upload, the placeholder description is selected, ready to be typed over.

function addImageButton(editor) {
  const textarea = editor.querySelector(".markdownx-editor");
  if (!textarea || editor.querySelector(".editor-insert-image")) return;
  const input = document.createElement("input");
  input.type = "file";
  input.accept = "image/jpeg,image/png,image/webp";
  input.hidden = true;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button editor-insert-image";
  button.textContent = "Insert an image";
  button.addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    if (!input.files.length) return;
    const files = new DataTransfer();
    for (const file of input.files) files.items.add(file);
    textarea.dispatchEvent(new DragEvent("drop", { dataTransfer: files }));
    input.value = "";
  });
  textarea.after(button, input);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".markdownx").forEach(addImageButton);
});

// markdownx has just typed the image's Markdown, ![description](address), where the cursor
// was (and left the cursor at the end of the text). The address is a new random name, so the
// code is found wherever it went.
document.addEventListener(
  "markdownx.fileUploadEnd",
  (event) => {
    const code = event.detail?.[0]?.image_code;
    const textarea = event.target.querySelector(".markdownx-editor");
    if (typeof code !== "string" || !code.startsWith("![") || !textarea) return;
    const start = textarea.value.lastIndexOf(code);
    if (start < 0) return;
    textarea.focus();
    textarea.setSelectionRange(start + 2, start + code.indexOf("]("));
  },
  true,
);
