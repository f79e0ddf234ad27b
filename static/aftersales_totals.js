// Display only: fills the default amount (quantity x unit price paid), prices added and
// exchange items by their SKU (the server's price for the order's customer, S2) and
// shows the totals as the user types: a refund when R is more, what the customer pays
// when E is. The server prices, recomputes and checks everything again.
(function () {
  var form = document.getElementById("aftersales-form");
  if (!form) return;
  // amounts as the page's language writes them, with the currency's decimals; typed
  // amounts read with that language's decimal mark (the server reads them again)
  var places = Number(form.dataset.decimals || 2), locale = form.dataset.locale || "en";
  var shown = new Intl.NumberFormat(locale, {minimumFractionDigits: places,
                                             maximumFractionDigits: places});
  var mark = (1.5).toLocaleString(locale).charAt(1);
  function money(n) { return shown.format(n); }
  function num(v) {
    var text = String(v || "").split(mark).map(function (part) {
      return part.replace(/[^0-9-]/g, "");
    });
    var n = parseFloat(text[0] + (text.length > 1 ? "." + text[1] : ""));
    return isNaN(n) ? 0 : n;
  }
  function price(row, typed) { return typed !== "" ? num(typed) : Number(row.dataset.price || 0); }
  function refresh() {
    var r = 0, e = 0;
    form.querySelectorAll("#return-lines tbody tr").forEach(function (row) {
      var qty = num(row.querySelector(".qty").value), amount = row.querySelector(".amount");
      amount.placeholder = money(qty * Number(row.dataset.price || 0));
      r += amount.value ? num(amount.value) : qty * Number(row.dataset.price || 0);
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
    document.getElementById("total-r").textContent = money(r);
    document.getElementById("total-e").textContent = money(e);
    label.textContent = owes ? label.dataset.owes : label.dataset.refund;
    document.getElementById("total-re").textContent = money(Math.abs(r - (exchange ? e : 0)));
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
