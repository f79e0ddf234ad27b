// Buttons and links with data-confirm ask first (no inline handlers: the pages'
// Content-Security-Policy allows only the app's own script files).
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
