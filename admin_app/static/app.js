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

// Fields that matter for one choice only: data-shown-when="name=value" shows them when
// the form's input `name` (radio or select) has that value (the server ignores them
// otherwise).
function showChosen() {
  document.querySelectorAll("[data-shown-when]").forEach(function (part) {
    var rule = part.dataset.shownWhen.split("="), form = part.closest("form");
    var chosen = form && form.querySelector("[name='" + rule[0] + "']:checked, select[name='" + rule[0] + "']");
    part.hidden = !!chosen && chosen.value !== rule[1];
  });
}
document.addEventListener("change", showChosen);
document.addEventListener("DOMContentLoaded", showChosen);
