/* Frikøb page: the amount (hours × rate) shown while typing; the server computes it again. */
(function () {
  "use strict";
  var form = document.getElementById("purchase-form"), out = document.getElementById("purchase-amount");
  function hoursInHundredths(text) {
    var t = text.trim();
    if (!/^\d+(?:[.,]\d{1,2})?$/.test(t)) return null;
    var parts = t.replace(",", ".").split(".");
    return parseInt(parts[0], 10) * 100 + parseInt((parts[1] || "0").padEnd(2, "0"), 10);
  }
  function update() {
    var h = hoursInHundredths(form.hours.value), rate = LedgerAmounts.parseAmount(form.rate.value);
    if (h === null || rate === null || !form.rate.value.trim()) { out.textContent = "–"; return; }
    /* hours × rate øre, half away from zero, like services.staff.purchase_amount_ore */
    out.textContent = LedgerAmounts.formatOre(Math.round(h * rate / 100));
  }
  form.addEventListener("input", update);
  update();
})();
