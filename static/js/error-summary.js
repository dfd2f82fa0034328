/*
 * After a failed submit, move focus to the form's error summary.
 *
 * A page that comes back with errors starts with the summary ("Bitte prüfen Sie Ihre
 * Eingaben."), marked with `data-kf-error-summary`. Focusing it lets keyboard and screen reader
 * users start at the list of problems and its links to the fields, instead of at the top of the
 * page (WCAG 3.3.1, 2.4.3). Without JavaScript the summary is still the first thing in the form
 * and is announced as an alert. Forms swapped in by htmx get their focus from the server's
 * `kf:focus` event (programme-editor.js), so only full page loads are handled here.
 */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-kf-error-summary]");
    if (!summary) {
      return;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start", behavior: "auto" });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
