/* Behaviour every page shares, in a file (the Content-Security-Policy allows no inline
   script): a select that submits its form when changed (data-autosubmit), a checkbox that
   ticks every box matching its selector (data-check-all). */
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches("[data-autosubmit]") && el.form) el.form.submit();
    if (el.matches("[data-check-all]")) {
      document.querySelectorAll(el.getAttribute("data-check-all")).forEach(function (box) {
        box.checked = el.checked;
      });
    }
  });
})();
/* The menu button of narrow screens (core/base.html): it opens and closes the navigation.
   Without script the button is a link to #sidenav, which the stylesheet opens (:target). */
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("[data-nav-toggle]") : null;
    if (!button) return;
    e.preventDefault();
    var open = document.body.classList.toggle("nav-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
/* A form sent back with errors: the list at its top names each one (links to the fields);
   the page opens at the first field in error, with the cursor in it. */
(function () {
  "use strict";
  function first() {
    var field = document.querySelector(".field.has-error, .inline-rows .errorlist");
    if (!field) return;
    field.scrollIntoView({block: "center"});
    var input = field.querySelector("input:not([type=hidden]), select, textarea");
    if (input) input.focus({preventScroll: true});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", first);
  else first();
})();
