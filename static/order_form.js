// Display only: a line left without a unit price gets the customer's level price, else
// the wholesale price (SPEC S2); the line shows that price (and where it comes from)
// before saving. The server prices the line itself.
(function () {
  var script = document.getElementById("order-form-script");
  var form = document.querySelector("form.admin-form");
  if (!script || !form) return;
  function customer() { var c = form.querySelector("[name=customer]"); return c ? c.value : ""; }
  function show(line) {
    var sku = line.querySelector("[name$='-sku']"), price = line.querySelector("[name$='-unit_price']");
    if (!sku || !price) return;
    if (!sku.value) { price.placeholder = ""; price.title = ""; return; }
    var url = script.dataset.priceUrl + "?sku=" + encodeURIComponent(sku.value) +
      "&customer=" + encodeURIComponent(customer());
    fetch(url, {credentials: "same-origin"})
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (found) {
        if (!found) return;
        price.placeholder = found.price + " (" + found.source + ")";
        price.title = price.placeholder;
      });
  }
  function showAll() { form.querySelectorAll(".inline-field .inline-field").forEach(show); }
  // select2 sets the hidden inputs and fires change through jQuery: listen there too
  if (window.jQuery) window.jQuery(form).on("change", "input, select", function (event) {
    var line = event.target.closest(".inline-field.card");
    if (line) show(line); else if (event.target.name === "customer") showAll();
  });
  showAll();
})();
