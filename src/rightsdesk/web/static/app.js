// rightsdesk: the only script. Submits a filter form when one of its selects changes; reading needs no script.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el && el.classList && el.classList.contains("autosubmit") && el.form) {
    el.form.submit();
  }
});
