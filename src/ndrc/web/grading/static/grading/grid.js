// The evaluation grid: keyboard first (digits choose a level and move on), saved as one
// types (a draft sent in the background), kept on this computer while the network is lost
// and sent again when it comes back. Nothing here decides anything: the server checks it all.
// The messages come from the page (translated there: data-msg-*).
(function () {
  "use strict";
  var form = document.getElementById("grid-form");
  if (!form || form.dataset.editable !== "1") { return; }
  var key = JSON.parse(form.dataset.storageKey);
  var status = document.getElementById("grid-status");
  var version = document.getElementById("grid-version");
  var timer = null;
  var sending = false;
  var again = false;
  var submitAfter = null;  // the button clicked while a save was on its way

  function msg(name, values) {
    var text = form.dataset["msg" + name] || "";
    Object.keys(values || {}).forEach(function (k) { text = text.replace("{" + k + "}", values[k]); });
    return text;
  }

  function say(text) { if (status) { status.textContent = text; } }

  function fields() {
    var data = new FormData(form);
    data.set("action", "save");
    return data;
  }

  function keep() {
    var out = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") { out[name] = value; }
    });
    try { localStorage.setItem(key, JSON.stringify(out)); } catch (e) { /* storage full or off */ }
  }

  function forget() {
    try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
  }

  function apply(saved) {
    Object.keys(saved).forEach(function (name) {
      if (name === "version" || name === "grade_version") { return; }
      var inputs = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
      inputs.forEach(function (input) {
        if (input.type === "radio") { input.checked = input.value === saved[name]; }
        else if (input.type !== "hidden") { input.value = saved[name]; }
      });
    });
  }

  function restore() {
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (e) { return; }
    if (!raw) { return; }
    var saved = JSON.parse(raw);
    if (String(saved.version || "") === String(version.value || "")) {
      apply(saved);
      say(msg("Restored"));
      schedule();
      return;
    }
    // Typed here on an earlier version of the grid, changed since elsewhere: kept, and
    // offered, never applied over the other change without being asked.
    say(msg("Stale"));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fr-btn fr-btn--sm fr-btn--secondary fr-ml-1w";
    button.id = "grid-reapply";
    button.textContent = msg("Reapply");
    button.addEventListener("click", function () {
      apply(saved);
      button.remove();
      schedule();
    });
    if (status) { status.appendChild(button); }
  }

  function hideConfirmation() {
    // A confirmation read an earlier version of the grid: it no longer stands.
    var box = document.getElementById("grid-confirm");
    if (box) { box.remove(); }
  }

  function finish() {
    sending = false;
    if (submitAfter) {
      var button = submitAfter;
      submitAfter = null;
      form.requestSubmit(button);
      return;
    }
    if (again) { again = false; schedule(); }
  }

  function send() {
    timer = null;
    if (sending) { again = true; return; }
    sending = true;
    say(msg("Saving"));
    // form.action would be the buttons named « action »: the page's own address.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: fields(),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, errors: [msg("Unexpected", { status: response.status })] };
      });
    }).then(function (body) {
      if (body.ok) {
        version.value = body.version;
        forget();
        var now = new Date().toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
        say(msg("Saved", { time: now }));
      } else if (body.conflict) {
        say(body.conflict + " " + msg("Conflict"));
      } else {
        say((body.errors || [msg("Refused")]).join(" "));
      }
    }).catch(function () {
      keep();
      say(msg("Offline"));
    }).finally(finish);
  }

  function schedule() {
    keep();
    hideConfirmation();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(send, 700);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") { schedule(); }
  });
  window.addEventListener("online", function () { schedule(); });
  // « Enregistrer » or « Signer » while a save is on its way: sent after it, with the version
  // it returns (otherwise the page's own save would look like someone else's change).
  form.addEventListener("submit", function (event) {
    if (timer) { clearTimeout(timer); timer = null; }
    if (sending) {
      event.preventDefault();
      submitAfter = event.submitter || null;
      if (!submitAfter) { submitAfter = form.querySelector('button[name="action"][value="save"]'); }
    }
  });

  // Digits 1..n choose the n-th level of the focused criterion, 0 « non évalué »; then the
  // focus goes to the next criterion.
  var rows = Array.prototype.slice.call(form.querySelectorAll("tr.grid-criterion"));
  rows.forEach(function (row, index) {
    row.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (!/^[0-9]$/.test(event.key)) { return; }
      var radios = row.querySelectorAll('input[type="radio"]');
      var n = parseInt(event.key, 10);
      var target = n === 0 ? radios[radios.length - 1] : radios[n - 1];
      if (!target || n > radios.length - 1) { return; }
      event.preventDefault();
      target.checked = true;
      target.dispatchEvent(new Event("change", { bubbles: true }));
      var next = rows[index + 1];
      if (next) {
        var checked = next.querySelector('input[type="radio"]:checked');
        (checked || next.querySelector('input[type="radio"]')).focus();
      } else {
        var comment = row.closest("fieldset").querySelector("textarea");
        if (comment) { comment.focus(); }
      }
    });
  });
  restore();
}());
