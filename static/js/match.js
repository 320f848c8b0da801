// Match, against the clock: pick one tile on each side (a click, a tap, or Enter or Space on a
// focused tile) and the server says whether they pair; the page never knows the answer before.
// A right pair leaves the board, a wrong one shakes and is announced. The clock here is for
// show: the server times the round from when it issued it to the last right pair. Without
// JavaScript the page is a form of picks (the .match-form it replaces).
(function () {
  "use strict";

  function seconds(ms) {
    return (ms / 1000).toFixed(1) + " s";
  }

  function text(tile) {
    return tile.textContent.trim();
  }

  function setup(game) {
    var form = document.querySelector(".match-form");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var clock = game.querySelector(".match-clock");
    var status = game.querySelector(".match-status");
    var tiles = Array.prototype.slice.call(game.querySelectorAll(".match-tile"));
    var matched = [];  // "left:right" handles, sent with each check so the server can see the round's progress
    var picked = {left: null, right: null};
    var busy = false;
    var started = performance.now();
    var timer = window.setInterval(function () { clock.textContent = seconds(performance.now() - started); }, 100);

    form.hidden = true;
    game.hidden = false;

    function say(message) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    }

    function pick(tile) {
      var side = tile.dataset.side;
      if (picked[side] && picked[side] !== tile) picked[side].setAttribute("aria-pressed", "false");
      var on = tile.getAttribute("aria-pressed") !== "true";
      tile.setAttribute("aria-pressed", String(on));
      picked[side] = on ? tile : null;
      if (picked.left && picked.right) check(picked.left, picked.right);
    }

    function unpick() {
      ["left", "right"].forEach(function (side) {
        if (picked[side]) picked[side].setAttribute("aria-pressed", "false");
        picked[side] = null;
      });
    }

    function nextFocus(from) {
      var open = tiles.filter(function (tile) { return !tile.disabled; });
      var same = open.filter(function (tile) { return tile.dataset.side === from.dataset.side; });
      var target = same[0] || open[0];
      if (target) target.focus();
    }

    function check(left, right) {
      busy = true;
      var body = new URLSearchParams();
      body.append("token", game.dataset.token);
      body.append("with", game.dataset["with"]);
      matched.concat([left.dataset.handle + ":" + right.dataset.handle]).forEach(function (pair) {
        body.append("pair", pair);
      });
      fetch(game.dataset.checkUrl, {
        method: "POST",
        headers: {"X-CSRFToken": csrf, "Accept": "application/json"},
        body: body,
        credentials: "same-origin"
      })
        .then(function (response) {
          return response.json().then(function (answer) { return {ok: response.ok, answer: answer}; });
        })
        .then(function (reply) {
          busy = false;
          if (!reply.ok) {
            unpick();
            say(reply.answer.detail || "That could not be checked.");
            return;
          }
          var answer = reply.answer;
          unpick();
          if (answer.right) {
            matched.push(left.dataset.handle + ":" + right.dataset.handle);
            [left, right].forEach(function (tile) {
              tile.classList.add("matched");
              tile.disabled = true;
            });
            say("Matched: " + text(left) + " with " + text(right) + ".");
            if (answer.finished) finish(answer);
            else nextFocus(left);
          } else {
            [left, right].forEach(function (tile) {
              tile.classList.remove("missed");
              void tile.offsetWidth;  // restart the shake
              tile.classList.add("missed");
            });
            say("Not a pair: " + text(left) + " and " + text(right) + ".");
            left.focus();
          }
        })
        .catch(function () {
          busy = false;
          unpick();
          say("The check did not reach the server: try again.");
        });
    }

    function finish(answer) {
      window.clearInterval(timer);
      clock.textContent = seconds(answer.elapsed_ms);
      var done = game.querySelector(".match-done");
      var time = done.querySelector(".match-time");
      if (answer.too_fast) {
        time.textContent = "Done in " + seconds(answer.elapsed_ms) + ": faster than pairs can be matched by hand, so it is not recorded.";
      } else if (answer.new_best) {
        time.textContent = "Done in " + seconds(answer.elapsed_ms) + ": a new best!";
      } else {
        time.textContent = "Done in " + seconds(answer.elapsed_ms) + "." + (answer.best_ms ? " Your best: " + seconds(answer.best_ms) + "." : "");
      }
      var list = done.querySelector(".pair-list");
      answer.pairs.forEach(function (pair) {
        var item = document.createElement("li");
        var left = document.createElement("strong");
        left.textContent = pair.left;
        left.dir = "auto";
        var right = document.createElement("span");
        right.textContent = pair.right;
        right.dir = "auto";
        item.appendChild(left);
        item.appendChild(document.createTextNode(" — "));
        item.appendChild(right);
        list.appendChild(item);
      });
      game.querySelector(".match-board").hidden = true;
      game.querySelector(".match-how").hidden = true;
      done.hidden = false;
      done.querySelector("h2").focus();
    }

    tiles.forEach(function (tile) {
      tile.addEventListener("click", function () {
        if (!busy && !tile.disabled) pick(tile);
      });
      tile.addEventListener("animationend", function () { tile.classList.remove("missed"); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var game = document.querySelector(".match-game");
    if (game) setup(game);
  });
})();
