// Enhancement for /faq/ask/: show FAQ entries and explainers that may already answer the question while the
// reader types. Without JavaScript the form's "check existing answers" step does the same.
(function () {
  "use strict";
  // After a failed send the page reloads: start screen readers and keyboards at the problems.
  var errors = document.getElementById("ask-errors");
  if (!errors) return;
  errors.focus();
  // A summary link would scroll its field to the top of the screen, above it out of sight the
  // label, help and error that say what to fix: show from the label down, then focus the field.
  errors.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var label = field.labels && field.labels[0];
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();

(function () {
  "use strict";
  var form = document.querySelector("form[data-suggestions-url]");
  if (!form || !window.fetch || !window.FormData) return;
  var field = form.querySelector("textarea[name=question]");
  var region = document.getElementById("faq-suggestions");
  var status = document.getElementById("faq-suggestions-status");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  var minChars = Number(form.getAttribute("data-min-chars")) || 10; // the form's own limit
  var button = form.querySelector("button[value=check]");
  if (!field || !region || !status || !token) return;
  var timer = null;
  var lastText = "";
  var lastHtml = null;
  var waiting = null; // a newer list, held while the reader is inside the one shown

  // A short line in the status region, rather than a live list that screen readers would read
  // out whole at every pause in typing.
  function announce() {
    var count = region.querySelectorAll(".faq-entry, .ask-suggestions__explainers li").length;
    var message = count === 1 ? status.getAttribute("data-one") : status.getAttribute("data-many");
    status.textContent = count ? message.replace("{count}", count) : "";
  }

  function update() {
    var text = field.value.trim();
    if (text.length < minChars || text === lastText) return;
    lastText = text;
    var body = new FormData();
    body.append("question", text);
    body.append("csrfmiddlewaretoken", token.value);
    fetch(form.getAttribute("data-suggestions-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (text !== lastText) return; // a newer request is on its way
        // The same answers again: leave the list (and any answer the reader opened) alone.
        if (html === lastHtml) return;
        lastHtml = html;
        // Never pull the list from under the reader: replaced while the focus is in it (on an
        // answer they opened, say), the focus would fall back to the top of the page.
        if (region.contains(document.activeElement)) {
          waiting = html;
          return;
        }
        show(html);
      })
      .catch(function () { /* suggestions are optional */ });
  }

  function show(html) {
    waiting = null;
    region.innerHTML = html; // our own server-rendered, escaped fragment
    announce();
    // The reader has now seen the suggestions, so the button doesn't look for them again
    // (the server still points out personal details before storing the question).
    if (html.trim() && button) button.value = "seen";
  }

  // The held list once the focus has left the one shown (back to the question, say). Checked
  // after the event: switching to another app blurs the page but leaves the focus in place.
  region.addEventListener("focusout", function () {
    window.setTimeout(function () {
      if (waiting !== null && !region.contains(document.activeElement)) show(waiting);
    }, 0);
  });

  field.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 600);
  });
})();

(function () {
  "use strict";
  // How long the question is, against the form's limit, as the server counts it: characters,
  // not UTF-16 units (an emoji is one), a line break one.
  var field = document.querySelector("form.ask-form textarea[name=question]");
  var counter = document.getElementById("question-length");
  if (!field || !counter) return;
  var max = Number(counter.getAttribute("data-max"));
  var grouped = function (n) { return n.toLocaleString("en-US"); }; // "1,000", as the help says
  function count() {
    var length = Array.from(field.value).length;
    var over = length - max;
    var template = counter.getAttribute(over > 0 ? "data-over" : "data-text");
    counter.textContent = template
      .replace("{count}", grouped(length))
      .replace("{max}", grouped(max))
      .replace("{over}", grouped(over));
    counter.classList.toggle("ask-form__length--over", over > 0);
  }
  field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), counter.id].filter(Boolean).join(" "));
  counter.hidden = false;
  count();
  field.addEventListener("input", count);
})();
