/* helhedsplan: the little the pages do in the browser. Loaded from our own static files, as
   the Content-Security-Policy allows (no inline script); every page works without it. */
(function () {
  "use strict";

  /* The menu on a phone: the button folds the menu away and opens it as a full-width list
     (the stylesheet folds it only on narrow screens). Without this script the button stays
     hidden and the whole menu stays in view. */
  function foldMenu() {
    var toggle = document.querySelector(".site-menu-toggle");
    var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) {
      return;
    }
    function show(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      show(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        show(false);
        toggle.focus();
      }
    });
  }

  /* The server shows every refused form's messages in one summary at the top of the page:
     the browser's own checks would stop the form before the server could, in another way
     on every browser, so they are switched off wherever this script runs. */
  function oneWayToShowErrors() {
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
      form.noValidate = true;
    });
  }

  /* A link of the summary moves the focus to its field, with the field's label in view
     and clear of the sticky save bar (the stylesheet's scroll-padding keeps that space). */
  function focusField(event) {
    var link = event.target.closest("a[href^='#']");
    var target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) {
      return;
    }
    event.preventDefault();
    var details = target.closest("details");
    if (details) {
      details.open = true;
    }
    var control = target.matches("input, select, textarea, button")
      ? target
      : target.querySelector("input, select, textarea, button");
    var field = target.closest(".field") || target;
    field.scrollIntoView({ block: "start" });
    (control || target).focus({ preventScroll: true });
  }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.addEventListener("click", focusField);
    summary.focus();
  }

  foldMenu();
  oneWayToShowErrors();
  focusErrorSummary();
})();
