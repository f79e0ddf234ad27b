// The app's page behaviour without inline handlers (the pages' Content-Security-Policy
// allows only the app's own script files): confirmations, bulk actions, inline rows.
document.addEventListener("click", function (event) {
  var confirmed = event.target.closest("[data-confirm]");
  if (confirmed && !window.confirm(confirmed.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
    return;
  }
  var action = event.target.closest("[data-model-action]");
  if (action) {
    event.preventDefault();
    window.modelActions.execute(action.dataset.modelAction);
    return;
  }
  var inline = event.target.closest("[data-add-inline]");
  if (inline) {
    event.preventDefault();
    window.faForm.addInlineField(inline, inline.dataset.addInline);
    return;
  }
  if (event.target.closest("[data-print]")) {
    window.print();
    return;
  }
  if (event.target.closest("[data-no-navigation], a[href='#'], a[href^='javascript:']")) {
    event.preventDefault();
  }
}, true);

// Fields that matter for some choices only: data-shown-when="a=x&b!=y" shows them
// (or, on a field, its form group) while the form's inputs `a` (radio or select) is x
// and `b` is not y. The server ignores them otherwise.
function showChosen() {
  document.querySelectorAll("[data-shown-when]").forEach(function (part) {
    var form = part.closest("form"), shown = true;
    part.dataset.shownWhen.split("&").forEach(function (test) {
      var not = test.indexOf("!=") > 0, rule = test.split(not ? "!=" : "=");
      var chosen = form && form.querySelector("[name='" + rule[0] + "']:checked, select[name='" + rule[0] + "']");
      if (chosen && (chosen.value === rule[1]) === not) shown = false;
    });
    var box = part.matches("input, select, textarea") ? part.closest(".form-group") || part : part;
    box.hidden = !shown;
  });
}
document.addEventListener("change", showChosen);
document.addEventListener("DOMContentLoaded", showChosen);

// The language switcher: picking a language sends its form (a button does without scripts).
document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});
