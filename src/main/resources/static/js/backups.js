// The backup pages while a backup or a drill runs (<main data-backups-refresh="SECONDS">): every few seconds the page
// is fetched again and its [data-backups-region] replaced by the fresh one, until nothing runs any more. Focus inside
// the region postpones the swap, so a keyboard user never loses their place. Without JavaScript the page says to
// reload it.
(function () {
  "use strict";
  var main = document.querySelector("main[data-backups-refresh]");
  if (!main || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(main.getAttribute("data-backups-refresh"), 10) || 3;

  function schedule(after) {
    window.setTimeout(refresh, (after || seconds) * 1000);
  }

  function refresh() {
    var region = main.querySelector("[data-backups-region]");
    if (!region) {
      return;
    }
    var focused = document.activeElement;
    if (focused && focused !== document.body && region.contains(focused)) {
      schedule();
      return;
    }
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (response.redirected) {
          return null; // signed out: the next navigation asks to sign in
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var freshRegion = fresh.querySelector("[data-backups-region]");
        if (!freshRegion) {
          return;
        }
        region.innerHTML = freshRegion.innerHTML;
        var freshMain = fresh.querySelector("main");
        if (freshMain && freshMain.hasAttribute("data-backups-refresh")) {
          schedule();
        }
      })
      .catch(function () {
        schedule(seconds * 4); // Steward restarting or the network gone: try again, less often
      });
  }

  schedule();
})();
