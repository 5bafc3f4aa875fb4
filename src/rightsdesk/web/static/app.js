// rightsdesk: the only script, and reading needs none of it. Filters apply when their form is submitted (the
// Apply button or Enter), never when a select changes: an arrow key on a drop-down moves through its options
// without reloading the page or losing focus. The citation box selects its text when it gets focus, to copy.
document.addEventListener("focusin", function (event) {
  var el = event.target;
  if (el && el.id === "citation" && el.select) {
    el.select();
  }
});
