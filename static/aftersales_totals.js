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
    var kind = form.querySelector("#kind").value;
    document.getElementById("total-r").textContent = r.toFixed(2);
    document.getElementById("total-e").textContent = e.toFixed(2);
    document.getElementById("total-re").textContent = (r - e).toFixed(2);
    document.getElementById("total-refundable").textContent =
      (kind === "exchange" ? Math.max(0, r - e) : r).toFixed(2);
    document.getElementById("exchange-section").style.display = kind === "exchange" ? "" : "none";
  }
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  refresh();
})();
