/* Child rows on a ledger's edit page: "add a row" copies the empty row of the formset. */
(function () {
  "use strict";
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = button.closest(".inline-rows");
      var total = box.querySelector("input[name$='-TOTAL_FORMS']");
      var row = box.querySelector("template").innerHTML.replace(/__prefix__/g, total.value);
      box.querySelector("tbody").insertAdjacentHTML("beforeend", row);
      total.value = parseInt(total.value, 10) + 1;
    });
  });
})();
