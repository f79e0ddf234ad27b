// Display only: fills the default amount (quantity x unit price paid) and shows the
// running totals as the user types. The server recomputes and checks everything.
(function () {
  var form = document.getElementById("aftersales-form");
  if (!form) return;
  function num(v) { var n = parseFloat(v); return isNaN(n) ? 0 : n; }
  function refresh() {
    var r = 0, e = 0;
    form.querySelectorAll("#return-lines tbody tr").forEach(function (row) {
      var qty = num(row.querySelector(".qty").value), amount = row.querySelector(".amount");
      amount.placeholder = (qty * num(row.dataset.price)).toFixed(2);
      r += amount.value ? num(amount.value) : qty * num(row.dataset.price);
    });
    form.querySelectorAll("#added-lines .r-amount").forEach(function (a) { r += num(a.value); });
    form.querySelectorAll("#exchange-lines tbody tr").forEach(function (row) {
      e += num(row.querySelector(".e-qty").value) * num(row.querySelector(".e-price").value);
    });
    // what the chosen kind has, from its definition (data attributes of its option)
    var kind = form.querySelector("#kind").selectedOptions[0].dataset;
    var exchange = kind.exchangeLines === "1";
    document.getElementById("total-r").textContent = r.toFixed(2);
    document.getElementById("total-e").textContent = e.toFixed(2);
    document.getElementById("total-re").textContent = (r - e).toFixed(2);
    document.getElementById("exchange-section").hidden = !exchange;
    document.getElementById("warehouse-field").hidden = kind.warehouse !== "1";
  }
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  refresh();
})();
