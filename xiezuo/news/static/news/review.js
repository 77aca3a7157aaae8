// The review form came back with errors: bring its first error into view and put the
// cursor in the field, as the note at the top of the form names it.
(function () {
  var note = document.getElementById("review-first-error");
  if (!note) return;
  var link = note.querySelector("a[href^='#']");
  var target = link && link.getAttribute("href").length > 1
    ? document.getElementById(link.getAttribute("href").slice(1)) : null;
  var place = target || document.querySelector("#review-form .has-error, #review-form .form-errors");
  if (!place) return;
  place.scrollIntoView({block: "center"});
  if (target && typeof target.focus === "function") target.focus({preventScroll: true});
})();
