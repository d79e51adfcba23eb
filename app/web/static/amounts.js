/* The browser's copy of app.services.amounts.parse_amount, for live totals only.
   The server parses every amount again; this file just mirrors its rules:
   "1.225.000", "1225000", "1.225.000,50", "-504", "1225000.50" are fine;
   "1,225,000", "1.22.5", "12e3" and more than two decimals are refused. */
(function (global) {
  "use strict";
  var DANISH = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/;
  var PLAIN_DOT = /^(\d+)\.(\d{1,2})$/;

  /** Øre as a Number, 0 for blank, or null when the text is not an amount. */
  function parseAmount(value) {
    var text = String(value).trim();
    if (text === "") return 0;
    var sign = 1;
    if (text[0] === "-" || text[0] === "\u2212") { sign = -1; text = text.slice(1); }
    else if (text[0] === "+") { text = text.slice(1); }
    var match = DANISH.exec(text) || PLAIN_DOT.exec(text);
    if (!match) return null;
    var kroner = parseInt(match[1].replace(/\./g, ""), 10);
    var ore = parseInt((match[2] || "0").padEnd(2, "0"), 10);
    return sign * (kroner * 100 + ore);
  }

  /** Danish display like reports.formatting.format_ore: 1.225.000 or 1.225.000,50. */
  function formatOre(ore) {
    var negative = ore < 0;
    var abs = Math.abs(ore);
    var kroner = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var rest = abs % 100;
    var text = rest ? kroner + "," + String(rest).padStart(2, "0") : kroner;
    return (negative ? "-" : "") + text;
  }

  global.LedgerAmounts = { parseAmount: parseAmount, formatOre: formatOre };
})(window);
