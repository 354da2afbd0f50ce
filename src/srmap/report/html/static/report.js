// Filters for the findings list: plain DOM, no framework, no network.
(function () {
  "use strict";
  var facets = JSON.parse(document.getElementById("srmap-facets").textContent).findings;
  var form = document.getElementById("filters");
  var count = document.getElementById("shown-count");
  var names = ["layer", "severity", "status", "service"];

  function matches(finding, wanted) {
    return names.every(function (name) {
      return wanted[name] === "" || finding[name] === wanted[name];
    });
  }

  function apply() {
    var wanted = {};
    names.forEach(function (name) { wanted[name] = form.elements[name].value; });
    var shown = 0;
    facets.forEach(function (finding) {
      var visible = matches(finding, wanted);
      document.getElementById(finding.id).hidden = !visible;
      if (visible) { shown += 1; }
    });
    count.textContent = shown + " of " + facets.length + " findings shown";
  }

  form.hidden = false;
  form.addEventListener("change", apply);
  // A reset changes the values only after the event: filter again once it is done.
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  // On paper every finding is open, whatever was folded on screen.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (details) {
      details.open = true;
    });
  });
  apply();
})();
