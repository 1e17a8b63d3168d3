// report.html filters: by severity, finding code, grade and free text; nothing leaves the page.
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("details.form"));
  var sev = document.getElementById("f-sev");
  var code = document.getElementById("f-code");
  var grade = document.getElementById("f-grade");
  var text = document.getElementById("f-text");
  var shown = document.getElementById("shown");
  var none = document.getElementById("no-match");

  function words(el, name) {
    var v = el.getAttribute(name) || "";
    return v ? v.split(" ") : [];
  }

  function apply() {
    var s = sev.value, c = code.value, g = grade.value, q = text.value.trim().toLowerCase();
    var n = 0;
    forms.forEach(function (el) {
      var ok = true;
      if (s === "none") ok = words(el, "data-sev").length === 0;
      else if (s) ok = words(el, "data-sev").indexOf(s) >= 0;
      if (ok && c) ok = words(el, "data-codes").indexOf(c) >= 0;
      if (ok && g) ok = (el.getAttribute("data-grade") || "none") === g;
      if (ok && q) ok = (el.getAttribute("data-text") || "").indexOf(q) >= 0;
      el.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = "显示 " + n + " / " + forms.length + " 张表";
    none.hidden = n !== 0;
  }

  [sev, code, grade].forEach(function (el) { el.addEventListener("change", apply); });
  text.addEventListener("input", apply);
  document.getElementById("f-reset").addEventListener("click", function () {
    sev.value = ""; code.value = ""; grade.value = ""; text.value = ""; apply();
  });
  document.getElementById("f-open").addEventListener("click", function () {
    forms.forEach(function (el) { if (!el.hidden) el.open = true; });
  });
  document.getElementById("f-close").addEventListener("click", function () {
    forms.forEach(function (el) { el.open = false; });
  });
  Array.prototype.forEach.call(document.querySelectorAll("a.code[data-code]"), function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      code.value = a.getAttribute("data-code");
      sev.value = ""; apply();
      document.getElementById("forms").scrollIntoView();
    });
  });
  apply();
})();
