/* Year grid: live row/column/group totals and spreadsheet-like keys.
   Tab moves right (the browser's own order), Enter moves down, Shift+Enter up,
   Ctrl+Enter saves. Totals show "?" while a contributing cell is not a valid amount. */
(function () {
  "use strict";
  var form = document.getElementById("grid-form");
  if (!form) return;
  var A = window.LedgerAmounts;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.amount"));
  var sums = Array.prototype.slice.call(form.querySelectorAll("[data-sum]"));
  var FILTERS = ["row", "col", "group"];

  function recompute() {
    var values = inputs.map(function (input) {
      var ore = A.parseAmount(input.value);
      input.classList.toggle("invalid", ore === null);
      return ore;
    });
    sums.forEach(function (cell) {
      var total = 0, bad = false;
      inputs.forEach(function (input, i) {
        for (var f = 0; f < FILTERS.length; f++) {
          var want = cell.dataset[FILTERS[f]];
          if (want !== undefined && input.dataset[FILTERS[f]] !== want) return;
        }
        if (values[i] === null) bad = true; else total += values[i];
      });
      cell.textContent = bad ? "?" : A.formatOre(total);
    });
  }

  var cols = [];
  inputs.forEach(function (input) {
    if (cols.indexOf(input.dataset.col) < 0) cols.push(input.dataset.col);
  });
  function colIndex(input) { return cols.indexOf(input.dataset.col); }
  /* Inputs ordered down each column, left to right: the Enter path. */
  function columnOrder() {
    return inputs.slice().sort(function (a, b) {
      return colIndex(a) - colIndex(b) || inputs.indexOf(a) - inputs.indexOf(b);
    });
  }
  var downPath = columnOrder();

  form.addEventListener("input", function (event) {
    if (event.target.classList.contains("amount")) recompute();
  });
  form.addEventListener("focusin", function (event) {
    if (event.target.classList.contains("amount")) event.target.select();
  });
  form.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!input.classList.contains("amount")) return;
    var ore = A.parseAmount(input.value);
    if (ore !== null && input.value.trim() !== "") input.value = A.formatOre(ore);
  });
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      if (document.getElementById("save")) form.requestSubmit();  /* none: read-only */
      return;
    }
    var input = event.target;
    if (!input.classList.contains("amount")) return;
    event.preventDefault();
    var at = downPath.indexOf(input);
    var next = downPath[at + (event.shiftKey ? -1 : 1)];
    (next || document.getElementById(event.shiftKey ? "f-year" : "f-reason")).focus();
  });
  recompute();
})();
