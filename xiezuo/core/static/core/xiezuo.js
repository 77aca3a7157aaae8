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
