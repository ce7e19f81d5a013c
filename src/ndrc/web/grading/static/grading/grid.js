// The evaluation grid: keyboard first (digits choose a level and move on), saved as one
// types (a draft sent in the background), kept on this computer while the network is lost
// and sent again when it comes back. Nothing here decides anything: the server checks it all.
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

  function restore() {
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (e) { return; }
    if (!raw) { return; }
    var saved = JSON.parse(raw);
    if (String(saved.version || "") !== String(version.value || "")) {
      // Saved on this computer against another version of the grid: not restored over it.
      try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
      return;
    }
    Object.keys(saved).forEach(function (name) {
      var inputs = form.querySelectorAll('[name="' + name + '"]');
      inputs.forEach(function (input) {
        if (input.type === "radio") { input.checked = input.value === saved[name]; }
        else if (input.type !== "hidden") { input.value = saved[name]; }
      });
    });
    say("Saisie non envoyée retrouvée sur ce poste : elle va être enregistrée.");
    schedule();
  }

  function send() {
    if (sending) { again = true; return; }
    sending = true;
    say("Enregistrement…");
    // form.action would be the buttons named « action »: the page's own address.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: fields(),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, errors: ["Réponse inattendue du serveur (" + response.status + ")."] };
      }).then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      if (result.body.ok) {
        version.value = result.body.version;
        try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
        var now = new Date();
        say("Brouillon enregistré à " + now.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit" }) + ".");
      } else if (result.body.conflict) {
        say(result.body.conflict + " Rechargez la page.");
      } else {
        say((result.body.errors || ["Enregistrement refusé."]).join(" "));
      }
    }).catch(function () {
      keep();
      say("Hors connexion : la saisie est gardée sur ce poste et sera envoyée au retour du réseau.");
    }).finally(function () {
      sending = false;
      if (again) { again = false; schedule(); }
    });
  }

  function schedule() {
    keep();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(send, 700);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") { schedule(); }
  });
  window.addEventListener("online", function () { schedule(); });

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
