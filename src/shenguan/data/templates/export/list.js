(function () {
  "use strict";
  var q = document.getElementById("q"), dept = document.getElementById("dept"), type = document.getElementById("type");
  var count = document.getElementById("count"), empty = document.getElementById("empty");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#matters tbody tr"));
  var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  function apply() {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean), d = dept.value, t = type.value, shown = 0;
    rows.forEach(function (r, i) {
      var ok = (!d || r.getAttribute("data-dept") === d) && (!t || r.getAttribute("data-type") === t) &&
        words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = "显示 " + shown + " / " + rows.length + " 项";
    empty.hidden = shown > 0;
  }
  function choose(select, value) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === value) { select.selectedIndex = i; }
    }
  }
  var params = new URLSearchParams(window.location.search);
  q.value = params.get("q") || "";
  choose(dept, params.get("dept") || "");
  choose(type, params.get("type") || "");
  q.addEventListener("input", apply);
  dept.addEventListener("change", apply);
  type.addEventListener("change", apply);
  apply();
}());
