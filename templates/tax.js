// "Your tax": a field for any income under each tax table. The table
// itself needs no script; this reads the rate and each row's figure from
// the table's attributes and splits the tax the way the site does, in
// exact integers (BigInt), never floating point: the tax in whole units,
// rounded half up, shared by the largest-remainder method so that the
// rows add up to it.
"use strict";
(function () {
  // "21.36" → [2136n, 100n]: the value as a fraction.
  function fraction(text) {
    var parts = String(text).trim().split(".");
    var decimals = parts[1] || "";
    return [BigInt(parts[0] + decimals), 10n ** BigInt(decimals.length)];
  }

  function grouped(value, group) {
    var digits = value.toString();
    var out = "";
    for (var i = 0; i < digits.length; i++) {
      if (i > 0 && (digits.length - i) % 3 === 0) out += group;
      out += digits[i];
    }
    return out;
  }

  // The tax on `income` split among `weights` (fractions): [tax, parts].
  function split(income, rate, weights) {
    var denominator = rate[1] * 100n;
    var tax = (2n * income * rate[0] + denominator) / (2n * denominator);
    // All weights over one denominator.
    var common = weights.reduce(function (d, w) { return d > w[1] ? d : w[1]; }, 1n);
    var scaled = weights.map(function (w) { return w[0] * (common / w[1]); });
    var sum = scaled.reduce(function (s, w) { return s + w; }, 0n);
    if (sum === 0n) return null;
    var floors = scaled.map(function (w) { return (tax * w) / sum; });
    var remainders = scaled.map(function (w) { return (tax * w) % sum; });
    var left = tax - floors.reduce(function (s, f) { return s + f; }, 0n);
    var order = remainders.map(function (_, i) { return i; });
    order.sort(function (a, b) {
      return remainders[b] > remainders[a] ? 1 : remainders[b] < remainders[a] ? -1 : a - b;
    });
    for (var i = 0; i < Number(left); i++) floors[order[i]] += 1n;
    return [tax, floors];
  }

  function enhance(section) {
    if (section.dataset.enhanced) return;
    section.dataset.enhanced = "yes";
    var rate = fraction(section.dataset.rate);
    var group = section.dataset.group;
    var field = section.querySelector(".tax-field");
    var input = field.querySelector("input");
    var rows = Array.prototype.slice.call(section.querySelectorAll("tr[data-weight]"));
    var weights = rows.map(function (row) { return fraction(row.dataset.weight); });
    var total = section.querySelector("tr.tax-total .tax-own");
    function show() {
      var digits = input.value.replace(/[\s\u00a0\u202f.,]/g, "");
      var result = /^\d{1,15}$/.test(digits) ? split(BigInt(digits), rate, weights) : null;
      rows.forEach(function (row, i) {
        row.querySelector(".tax-own").textContent = result ? grouped(result[1][i], group) : "";
      });
      total.textContent = result ? grouped(result[0], group) : "";
    }
    input.addEventListener("input", show);
    field.hidden = false;
    section.querySelectorAll(".tax-own").forEach(function (cell) { cell.hidden = false; });
    show();
  }

  document.querySelectorAll(".tax[data-rate]").forEach(enhance);
})();
