// The translation memory's Insert buttons (articles/admin/memory_display.py): append an exact
// match's Chinese to its field. Hidden until this script runs, so without JavaScript nothing is broken.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".gz-tm-insert").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.field);
      if (!field) {
        return;
      }
      field.value = field.value + button.dataset.text;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.focus();
    });
  });
});
