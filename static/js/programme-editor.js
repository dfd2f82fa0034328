/*
 * Programme editor: keyboard focus after htmx swaps.
 *
 * The server names the element that should receive focus in an `HX-Trigger-After-Settle`
 * header: {"kf:focus": {"selector": "#lineup-12"}}. Moving focus there tells keyboard and
 * screen reader users what changed, instead of leaving focus on a button that was
 * replaced (and so lost) by the swap. Without JavaScript the editor works as plain pages.
 */
(function () {
  "use strict";

  function focusTarget(selector) {
    if (typeof selector !== "string" || selector.charAt(0) !== "#") {
      return;
    }
    var element = document.getElementById(selector.slice(1));
    if (!element) {
      return;
    }
    if (!element.hasAttribute("tabindex") && element.tabIndex < 0) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: "nearest", behavior: "auto" });
  }

  document.addEventListener("kf:focus", function (event) {
    var detail = event.detail || {};
    focusTarget(detail.selector);
  });
})();
