// The site's behaviour that templates would otherwise write as on…= attributes, which the
// Content-Security-Policy forbids.
(function () {
  "use strict";
  // The close button of the site's notice (dsfr_overrides/dsfr/notice.html).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-ndrc-close-notice]");
    if (!button) { return; }
    var notice = button.closest(".fr-notice");
    if (notice) { notice.remove(); }
  });
})();
