// The grade entry page: a typed cell not saved yet is not lost by leaving the page. While a
// cell differs from the grade it was read with (its « original-… » field), leaving asks first:
// the browser's own dialog (beforeunload) and, on the page's links and the filter form, a
// confirmation with the page's message (data-msg-leave). Saving the page asks nothing.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var leaving = false;  // the page is being saved, or the user already said to leave

  function unsaved() {
    var cells = form.querySelectorAll("input[name^='grade-']:not([disabled])");
    for (var i = 0; i < cells.length; i += 1) {
      var original = form.elements["original-" + cells[i].name.slice(6)];
      if (original && cells[i].value.trim() !== original.value.trim()) { return true; }
    }
    return false;
  }

  function mayLeave() {
    if (leaving || !unsaved()) { return true; }
    if (window.confirm(form.dataset.msgLeave)) { leaving = true; return true; }
    return false;
  }

  form.addEventListener("submit", function () { leaving = true; });

  window.addEventListener("beforeunload", function (event) {
    if (leaving || !unsaved()) { return undefined; }
    event.preventDefault();
    event.returnValue = form.dataset.msgLeave;
    return form.dataset.msgLeave;
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.target === "_blank" || link.getAttribute("href").charAt(0) === "#") { return; }
    if (!mayLeave()) { event.preventDefault(); }
  });

  var filter = document.getElementById("entry-filter");
  if (filter) {
    filter.addEventListener("submit", function (event) {
      if (!mayLeave()) { event.preventDefault(); }
    });
  }
}());
