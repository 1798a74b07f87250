// bulletin serve: reload the page when a file of the folder is saved (only in serve mode).
(function () {
  var script = document.currentScript;
  var endpoint = script.getAttribute("data-changes");
  var seen = script.getAttribute("data-fingerprint");
  function poll() {
    fetch(endpoint, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (now) {
        if (now !== seen) { location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
