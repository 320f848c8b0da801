// Keyboard for studying, like Anki: number keys pick a choice, Space shows the answer,
// Enter checks; after answering 1–4 grade and Space/Enter picks Good (or Again when wrong).
(function () {
  "use strict";

  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
      (target.tagName === "INPUT" && !["radio", "checkbox", "button", "submit"].includes(target.type)));
  }

  function focusPrompt() {
    var first = document.querySelector("#study [data-phase=question] input[type=text]");
    var prompt = document.querySelector("#study .prompt");
    if (first) first.focus(); else if (prompt) prompt.focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var question = document.querySelector("#study [data-phase=question]");
    var feedback = document.querySelector("#study [data-phase=feedback]");
    if (question) {
      if (typing(event.target)) return;  // Enter in the text box submits as usual
      var choice = question.querySelector('input[data-key="' + event.key + '"]');
      if (choice) { choice.checked = true; choice.focus(); event.preventDefault(); return; }
      if (event.key === " ") {
        event.preventDefault();
        question.querySelector('button[value=flip]').click();
      } else if (event.key === "Enter" && event.target.tagName !== "BUTTON") {
        event.preventDefault();
        question.querySelector('button[value=answer]').click();
      }
    } else if (feedback) {
      var grade = feedback.querySelector('button[data-grade="' + event.key + '"]:not([disabled])');
      if (grade) { event.preventDefault(); grade.click(); return; }
      if ((event.key === " " || event.key === "Enter") && event.target.tagName !== "BUTTON") {
        event.preventDefault();
        var good = feedback.querySelector('button[data-grade="3"]:not([disabled])') ||
                   feedback.querySelector('button[data-grade="1"]');
        good.click();
      }
    }
  });

  document.addEventListener("DOMContentLoaded", focusPrompt);
  document.body.addEventListener("htmx:afterSettle", focusPrompt);
})();
