/* The story form: autosave, the leave warning, presence and word counts.
   An external file (the CSP forbids inline scripts); the form works the same without it.
   Settings and translated labels come from data attributes written by the server. The admin
   loads form media in <head>, so everything waits for the document. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  function countWords(text) {
    var words = text.trim().split(/\s+/).filter(function (w) { return /[\p{L}\p{N}]/u.test(w); });
    return words.length;
  }

  function countCharacters(text) {
    return Array.from(text.replace(/\s+/g, "")).length;
  }

  function setUpCount(field) {
    var output = document.createElement("span");
    output.className = "gz-count";
    output.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", output);
    var characters = field.dataset.gzCount === "characters";
    function update() {
      var n = characters ? countCharacters(field.value) : countWords(field.value);
      var label = n === 1 ? field.dataset.gzCountOne : field.dataset.gzCountOther;
      output.textContent = label.replace("%(n)s", String(n));
    }
    field.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-gz-count]").forEach(setUpCount);

  var config = document.getElementById("gz-editor");
  var form = document.getElementById("article_form");
  if (!form) {
    return;
  }

  // Leave warning: any change since the page loaded (or text restored from an autosave) counts.
  var dirty = Boolean(config && config.dataset.restored);
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  if (!config) {
    return;
  }
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  var names = config.dataset.fields.split(" ").filter(Boolean);
  var status = document.getElementById("gz-autosave-status");

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) { return response.ok ? response.json() : null; });
  }

  function snapshot() {
    var data = new FormData();
    names.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && "value" in field) {
        data.append(name, field.value);
      }
    });
    return data;
  }

  function key(data) {
    return JSON.stringify(Array.from(data.entries()));
  }

  var lastSaved = key(snapshot());
  var sending = false;

  function autosave() {
    var data = snapshot();
    var current = key(data);
    if (current === lastSaved || sending) {
      return;
    }
    sending = true;
    post(config.dataset.autosaveUrl, data).then(function (answer) {
      sending = false;
      if (answer) {
        lastSaved = current;
        if (status) {
          status.textContent = config.dataset.savedLabel.replace("%(time)s", answer.saved_at);
        }
      }
    }, function () { sending = false; });
  }

  var seconds = parseInt(config.dataset.autosaveSeconds, 10) || 30;
  window.setInterval(autosave, seconds * 1000);
  form.addEventListener("focusout", function (event) {
    if (event.target && names.indexOf(event.target.name) !== -1) {
      autosave();
    }
  });

  // Presence: say every 30 seconds that this form is still open, and show who else has it open.
  var presence = document.getElementById("gz-presence");
  function ping() {
    post(config.dataset.presenceUrl, new FormData()).then(function (answer) {
      if (!answer || !presence) {
        return;
      }
      presence.replaceChildren();
      if (answer.others.length) {
        var list = document.createElement("ul");
        list.className = "messagelist";
        answer.others.forEach(function (text) {
          var item = document.createElement("li");
          item.className = "warning";
          item.textContent = text;
          list.appendChild(item);
        });
        presence.appendChild(list);
      }
    });
  }
  window.setInterval(ping, 30000);
  // Once soon after loading too: a reload's beacon from the page before may arrive after this
  // page's own visit was noted.
  window.setTimeout(ping, 2000);
  window.addEventListener("pagehide", function () {
    // The page is going away: no longer editing. A beacon cannot carry headers, so the CSRF
    // token travels in the body.
    var data = new FormData();
    data.append("leaving", "1");
    data.append("csrfmiddlewaretoken", token ? token.value : "");
    navigator.sendBeacon(config.dataset.presenceUrl, data);
  });
});
