// Display only: fills the default amount (quantity x unit price paid), prices added and
// exchange items by their SKU (the server's price for the order's customer, S2) and
// shows the totals as the user types: a refund when R is more, what the customer pays
// when E is. The server prices, recomputes and checks everything again.
(function () {
  var form = document.getElementById("aftersales-form");
  if (!form) return;
  function num(v) { var n = parseFloat(v); return isNaN(n) ? 0 : n; }
  function price(row, typed) { return typed !== "" ? num(typed) : num(row.dataset.price); }
  function refresh() {
    var r = 0, e = 0;
    form.querySelectorAll("#return-lines tbody tr").forEach(function (row) {
      var qty = num(row.querySelector(".qty").value), amount = row.querySelector(".amount");
      amount.placeholder = (qty * num(row.dataset.price)).toFixed(2);
      r += amount.value ? num(amount.value) : qty * num(row.dataset.price);
    });
    form.querySelectorAll("#added-lines tr").forEach(function (row) {
      var qty = num(row.querySelector(".qty").value);
      r += price(row, row.querySelector(".amount").value) * (row.querySelector(".amount").value ? 1 : qty);
    });
    form.querySelectorAll("#exchange-lines tbody tr").forEach(function (row) {
      e += num(row.querySelector(".e-qty").value) * price(row, row.querySelector(".e-price").value);
    });
    // what the chosen kind has, from its definition (data attributes of its option)
    var kind = form.querySelector("#kind").selectedOptions[0].dataset;
    var exchange = kind.exchangeLines === "1", label = document.getElementById("total-label");
    var owes = exchange && e > r;
    document.getElementById("total-r").textContent = r.toFixed(2);
    document.getElementById("total-e").textContent = e.toFixed(2);
    label.textContent = owes ? label.dataset.owes : label.dataset.refund;
    document.getElementById("total-re").textContent = Math.abs(r - (exchange ? e : 0)).toFixed(2);
    document.getElementById("exchange-section").hidden = !exchange;
    document.getElementById("warehouse-field").hidden = kind.warehouse !== "1";
  }
  function lookUp(input) {
    var row = input.closest("tr.priced"), code = input.value.trim();
    row.dataset.price = "";
    if (!code) { refresh(); return; }
    fetch(form.dataset.priceUrl + "&sku=" + encodeURIComponent(code), {credentials: "same-origin"})
      .then(function (answer) { return answer.ok ? answer.json() : {price: ""}; })
      .then(function (found) { row.dataset.price = found.price; refresh(); });
  }
  form.addEventListener("input", refresh);
  form.addEventListener("change", function (event) {
    if (event.target.matches("tr.priced .sku")) lookUp(event.target);
    refresh();
  });
  form.querySelectorAll("tr.priced .sku").forEach(function (input) { if (input.value) lookUp(input); });
  refresh();
})();
