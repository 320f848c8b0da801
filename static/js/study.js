// Keyboard for studying, like Anki: number keys pick a choice, Enter checks the answer given
// (or shows the answer when none is), Space shows the answer; after a right answer or a flip
// 1–4 grade and Space/Enter picks Good; after a wrong typed answer 1 or Space/Enter is Again
// and 2–4 say "I was right"; after a wrong pick (recorded at once as Again) Space/Enter goes
// to the next card (the button marked data-default or data-next). Keys typed into a text box, or pressed on a focused
// button or link, keep their usual meaning (Enter in an empty box shows the answer).
// It also sends how long the card was in view before it was answered or flipped.
(function () {
  "use strict";

  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
      (target.tagName === "INPUT" && !["radio", "checkbox", "button", "submit"].includes(target.type)));
  }

  function pressable(target) {
    return target && (target.tagName === "BUTTON" || target.tagName === "A");
  }

  // After each step the focus goes where the next key press is meant for.
  function focusStep() {
    var text = document.querySelector("#study [data-phase=question] input[type=text]");
    var heading = document.querySelector("#study .prompt, #study .done h2");
    if (text) text.focus(); else if (heading) heading.focus();
  }

  // When the card on screen was shown; the time to its answer goes with the answer (and on
  // with the grade). Each showing has its own client_id, which a card shown again with an
  // error keeps: so it keeps its first moment too.
  var shown = {showing: null, at: 0};

  function startTiming() {
    var showing = document.querySelector("#study [data-phase=question] input[name=client_id]");
    if (showing && showing.value !== shown.showing) shown = {showing: showing.value, at: performance.now()};
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("#study [data-phase=question]") && form.elements.client_id.value === shown.showing) {
      form.elements.duration_ms.value = Math.round(performance.now() - shown.at);
    }
  }, true);

  // Keys pressed while a step is on its way would act on the card being replaced.
  var busy = false;
  document.addEventListener("htmx:beforeRequest", function () { busy = true; });
  document.addEventListener("htmx:afterRequest", function () { busy = false; });

  function answered(question) {
    var text = question.querySelector("input[type=text]");
    if (text) return text.value.trim() !== "";
    return !question.querySelector("input[type=radio]") || !!question.querySelector("input[type=radio]:checked");
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      var box = event.target.closest("#study [data-phase=question]");
      if (box && event.key === "Enter" && event.target.value.trim() === "" && !busy) {
        event.preventDefault();
        box.querySelector("button[value=flip]").click();
      }
      return;
    }
    if (busy) {
      event.preventDefault();
      return;
    }
    var question = document.querySelector("#study [data-phase=question]");
    var feedback = document.querySelector("#study [data-phase=feedback]");
    var confirming = event.key === " " || event.key === "Enter";
    if (confirming && pressable(event.target)) return;
    if (question) {
      var choice = question.querySelector('input[data-key="' + event.key + '"]');
      if (choice) {
        event.preventDefault();
        choice.checked = true;
        choice.focus();
      } else if (event.key === " ") {
        event.preventDefault();
        question.querySelector("button[value=flip]").click();
      } else if (event.key === "Enter") {
        event.preventDefault();
        question.querySelector(answered(question) ? "button[value=answer]" : "button[value=flip]").click();
      }
    } else if (feedback) {
      var button = feedback.querySelector('button[data-grade="' + event.key + '"]');
      if (!button && confirming) {
        button = feedback.querySelector("button[data-next], button[data-default]");
      }
      if (button) {
        event.preventDefault();
        button.click();
      }
    }
  });

  // An answer without the study area (the login page once the session ran out, an error
  // page) is opened as a whole page rather than emptying this one.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.responseText.indexOf('id="study"') === -1) {
      event.preventDefault();
      window.location.assign(xhr.responseURL);
    }
  });

  // "All done for now" counts down to the next card ("Next card in 34 minutes") and loads it
  // when it is due. The count starts from the server's seconds, not from the due time, so a
  // browser clock set wrong neither shows a wrong wait nor reloads the page again and again.
  var countdown = null;

  // As the server words it (Django's timeuntil): the largest unit, then the next one if any.
  function inWords(seconds) {
    if (seconds < 60) return seconds + "\u00a0second" + (seconds === 1 ? "" : "s");
    var units = [["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60]];
    var parts = [];
    for (var i = 0; i < units.length && parts.length < 2; i++) {
      var count = Math.floor(seconds / units[i][1]);
      seconds -= count * units[i][1];
      if (count) parts.push(count + "\u00a0" + units[i][0] + (count === 1 ? "" : "s"));
      else if (parts.length) break;
    }
    return parts.join(", ");
  }

  function startCountdown() {
    clearInterval(countdown);
    var clock = document.querySelector("#study .next-card-in[data-seconds]");
    var seconds = clock ? Number(clock.dataset.seconds) : NaN;
    if (!(seconds > 0 && seconds < 28 * 86400)) return;  // months away: the server's words stand
    var end = Date.now() + seconds * 1000;
    countdown = setInterval(function () {
      var left = Math.ceil((end - Date.now()) / 1000);
      if (left > 0) {
        clock.textContent = inWords(left);
        return;
      }
      clearInterval(countdown);
      if (window.htmx) htmx.ajax("GET", window.location.href, {target: "#study", select: "#study", swap: "outerHTML"});
      else window.location.reload();
    }, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () { startTiming(); focusStep(); startCountdown(); });
  // The clock starts as the card is swapped in: a key may answer it before it settles.
  document.addEventListener("htmx:afterSwap", startTiming);
  document.addEventListener("htmx:afterSwap", startCountdown);
  document.addEventListener("htmx:afterSettle", focusStep);
})();
