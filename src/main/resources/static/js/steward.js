// Steward's one script. Every page works without it; it adds live updates where a page asks for them.
"use strict";

(function () {
  // ---- Live updates: <main data-live="…" data-live-url="/live" data-instance="…" data-after="123">
  // Rows: [data-service="name"] holds [data-service-state] and rows [data-monitor="name"] with [data-state],
  // .bar[data-last], and optionally [data-latency], [data-message], [data-checked].

  var BAR_CELLS = 30;
  var LONGEST_WAIT = 30000;

  function startLive(main) {
    var source = null;
    var after = Number(main.dataset.after || 0);
    var wait = 1000;
    var timer = null;
    var status = main.querySelector("[data-live-status]");
    var rows = null; // services and their monitors' rows by name, found once (again after a resync)

    function index() {
      if (rows === null) {
        rows = {};
        Array.prototype.forEach.call(main.querySelectorAll("[data-service]"), function (element) {
          var monitors = {};
          Array.prototype.forEach.call(element.querySelectorAll("[data-monitor]"), function (row) {
            monitors[row.getAttribute("data-monitor")] = row;
          });
          rows[element.getAttribute("data-service")] = { element: element, monitors: monitors };
        });
      }
      return rows;
    }

    function say(text, state) {
      if (status) {
        status.textContent = text;
        status.dataset.state = state;
      }
    }

    function url() {
      var query = "after=" + encodeURIComponent(String(after));
      if (main.dataset.liveService) {
        query += "&service=" + encodeURIComponent(main.dataset.liveService);
      }
      var base = main.dataset.liveUrl;
      return base + (base.indexOf("?") < 0 ? "?" : "&") + query;
    }

    function connect() {
      timer = null;
      source = new EventSource(url());
      source.addEventListener("open", function () {
        wait = 1000;
        say("live", "open");
      });
      source.addEventListener("hello", function (event) {
        var hello = JSON.parse(event.data);
        if (hello.instance !== main.dataset.instance) {
          // Another Steward process numbered the results: the page's number means nothing to it.
          main.dataset.instance = hello.instance;
          resync();
        }
      });
      source.addEventListener("results", function (event) {
        JSON.parse(event.data).forEach(apply);
        recount();
      });
      source.addEventListener("resync", function () {
        resync();
      });
      source.addEventListener("error", function () {
        // Closed by the server, the network, or refused (503): try again later, asking for what was missed.
        source.close();
        source = null;
        say("reconnecting…", "closed");
        schedule();
      });
    }

    function schedule() {
      if (timer === null) {
        timer = window.setTimeout(connect, wait);
        wait = Math.min(wait * 2, LONGEST_WAIT);
      }
    }

    function apply(update) {
      if (update.seq > after) {
        after = update.seq;
      }
      var service = Object.prototype.hasOwnProperty.call(index(), update.service) ? rows[update.service] : null;
      if (!service) {
        return;
      }
      setState(service.element.querySelector("[data-service-state]"), update.serviceState);
      var row = Object.prototype.hasOwnProperty.call(service.monitors, update.monitor)
        ? service.monitors[update.monitor]
        : null;
      if (!row) {
        return;
      }
      var bar = row.querySelector(".bar");
      if (bar) {
        if (update.at <= Number(bar.dataset.last || 0)) {
          return; // the row shows this result or a newer one already
        }
        bar.dataset.last = String(update.at);
        var states = barStates(bar);
        states.push(update.state);
        drawBar(bar, states.slice(-BAR_CELLS));
        bar.setAttribute("aria-label", "latest result " + update.state + ", " + update.latency);
      }
      setState(row.querySelector("[data-state]"), update.state);
      setText(row.querySelector("[data-latency]"), update.latency);
      if (update.state !== "up") {
        setText(row.querySelector("[data-message]"), update.message || "");
        setText(row.querySelector("[data-error]"), update.error || "");
      }
      var checked = row.querySelector("[data-checked]");
      if (checked) {
        checked.textContent = "just now";
        checked.setAttribute("datetime", new Date(update.at).toISOString());
      }
    }

    function resync() {
      fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main[data-live]");
          if (!fresh) {
            return;
          }
          var focused = document.activeElement && document.activeElement.id;
          Array.prototype.forEach.call(main.querySelectorAll("[data-live-region]"), function (region, index) {
            var replacement = fresh.querySelectorAll("[data-live-region]")[index];
            if (replacement) {
              region.replaceWith(document.importNode(replacement, true));
            }
          });
          rows = null;
          after = Number(fresh.dataset.after || after);
          main.dataset.instance = fresh.dataset.instance;
          if (focused && document.getElementById(focused)) {
            document.getElementById(focused).focus();
          }
        })
        .catch(function () {
          say("reconnecting…", "closed");
        });
    }

    function recount() {
      var counts = main.querySelectorAll("[data-count]");
      if (!counts.length) {
        return;
      }
      var byState = {};
      Array.prototype.forEach.call(main.querySelectorAll("[data-service] [data-service-state]"), function (element) {
        var state = element.textContent.trim();
        byState[state] = (byState[state] || 0) + 1;
      });
      Array.prototype.forEach.call(counts, function (count) {
        // A state filter shows only some services; counts of the others cannot be known here.
        if (main.dataset.stateFilter) {
          return;
        }
        var n = byState[count.dataset.count] || 0;
        count.querySelector("b").textContent = String(n);
        count.classList.toggle("zero", n === 0);
      });
    }

    say("connecting…", "connecting");
    connect();
    window.addEventListener("pagehide", function () {
      if (source) {
        source.close();
      }
    });
  }

  // A bar's cells: one element per result, or per run of n results of one state (class "down n12").
  function barStates(bar) {
    var states = [];
    Array.prototype.forEach.call(bar.children, function (cell) {
      var run = /(?:^|\s)n(\d+)(?:\s|$)/.exec(cell.className);
      var state = cell.className.replace(/(?:^|\s)n\d+(?=\s|$)/, "").trim();
      for (var i = run ? Number(run[1]) : 1; i > 0; i--) {
        states.push(state);
      }
    });
    return states;
  }

  function drawBar(bar, states) {
    var cells = document.createDocumentFragment();
    for (var start = 0, end; start < states.length; start = end) {
      for (end = start + 1; end < states.length && states[end] === states[start]; end++) {
        // a run of one state
      }
      var cell = document.createElement("i");
      cell.className = states[start] + (end - start > 1 ? " n" + (end - start) : "");
      cells.appendChild(cell);
    }
    bar.replaceChildren(cells);
  }

  function setState(element, state) {
    if (!element || !state || element.textContent === state) {
      return;
    }
    element.textContent = state;
    element.className = "state " + state;
    element.removeAttribute("title"); // it described the state before
  }

  function setText(element, text) {
    if (element && element.textContent !== text) {
      element.textContent = text;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var main = document.querySelector("main[data-live]");
    if (main && window.EventSource && window.fetch) {
      startLive(main);
    }
  });
})();
