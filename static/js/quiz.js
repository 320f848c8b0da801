// The quiz page: answers saved before leaving it, the question buttons marked as answers are
// saved, number keys picking a choice, the dialog before submitting with questions
// unanswered, and the countdown.
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form.quiz-question"));
  var submitForm = document.getElementById("submit-quiz");
  var dialog = document.getElementById("submit-confirm");

  // Each question's form saves itself with htmx as the answer is given (typed answers a
  // moment after the last key). `saving` is a save on its way; `dirty` an answer typed since.
  forms.forEach(function (form) {
    form.addEventListener("input", function () { form.dataset.dirty = "1"; });
    form.addEventListener("htmx:beforeRequest", function () {
      form.dataset.saving = "1";
      delete form.dataset.dirty;
    });
    form.addEventListener("htmx:afterRequest", function (event) {
      delete form.dataset.saving;
      var current = document.querySelector('.quiz-nav button[aria-current="step"]');
      if (current && event.detail.successful && event.detail.xhr.responseText.indexOf("Saved.") === 0) {
        markAnswered(current);
      }
    });
  });

  // As the page draws an answered question's button: a mark, and words for screen readers.
  function markAnswered(button) {
    if (button.classList.contains("answered")) return;
    button.classList.remove("unanswered");
    button.classList.add("answered");
    var mark = document.createElement("span"), words = document.createElement("span");
    mark.className = "mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = "\u2713";
    words.className = "sr-only";
    words.textContent = " (answered)";
    button.querySelector(".state").replaceChildren(mark, words);
  }

  function saved(form) {
    return new Promise(function (resolve) {
      if (form.dataset.saving) {
        form.addEventListener("htmx:afterRequest", function () { saved(form).then(resolve); }, { once: true });
      } else if (form.dataset.dirty) {
        htmx.ajax("POST", form.getAttribute("hx-post"),
                  { source: form, target: form.querySelector(".save-status"), swap: "innerHTML" })
          .then(function () { saved(form).then(resolve); }, resolve);
      } else {
        resolve();
      }
    });
  }

  // Everything given is saved before the page is left: by a form sent (Save and next, a
  // question's number, Submit the quiz) or by a link (the other layout).
  function leaveAfterSaving(event, leave) {
    var waiting = forms.filter(function (form) { return form.dataset.saving || form.dataset.dirty; });
    if (!waiting.length) return;
    event.preventDefault();
    Promise.all(waiting.map(saved)).then(leave);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target, submitter = event.submitter;
    if (form === submitForm && dialog && form.elements.confirm.value !== "1") {
      event.preventDefault();
      askBeforeSubmitting();
      return;
    }
    leaveAfterSaving(event, function () { form.requestSubmit(submitter); });
  });
  document.querySelectorAll(".quiz-bar a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      leaveAfterSaving(event, function () { window.location.href = link.href; });
    });
  });

  // Submitting: once every answer is saved, the server submits the quiz (and sends the page
  // to its result) or, with questions unanswered, answers the question to ask, shown here
  // in a modal dialog (focus kept inside, Escape closes it, then back where it was).
  var asking = false;

  function askBeforeSubmitting() {
    if (asking) return;
    asking = true;
    Promise.all(forms.map(saved)).then(function () {
      return htmx.ajax("POST", submitForm.action, { source: submitForm, target: dialog, swap: "innerHTML" });
    }).finally(function () { asking = false; });
  }

  if (dialog) {
    dialog.addEventListener("htmx:beforeSwap", function (event) {
      // Not the question (the login page once the session ran out, an error): the form is
      // sent as without JavaScript, and the page shows whatever the server answers.
      if (event.detail.xhr.responseText.indexOf('id="submit-confirm-title"') === -1) {
        event.preventDefault();
        submitForm.submit();
      }
    });
    // Opened once htmx has settled the content (it focuses [autofocus] then, before the
    // dialog shows; showModal then focuses it inside the dialog).
    dialog.addEventListener("htmx:afterSettle", function () {
      if (!dialog.open) dialog.showModal();
    });
    // A question's link leaves the dialog for that question (on this page, or another).
    dialog.addEventListener("click", function (event) {
      if (event.target.closest("a[href]")) dialog.close();
    });
  }

  // Number keys pick a choice, as on the study page: in the question on screen (one per
  // screen) or in the one holding the focus (all on one page). Keys typed in a text box or
  // a list keep their meaning; the hints show only where there is a keyboard (app.css).
  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
      (target.tagName === "INPUT" && !["radio", "checkbox", "button", "submit"].includes(target.type)));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (dialog && dialog.open) return;
    var question = forms.length === 1 ? forms[0] : event.target.closest && event.target.closest("form.quiz-question");
    var choice = question && question.querySelector('input[data-key="' + event.key + '"]');
    if (!choice) return;
    event.preventDefault();
    choice.focus();
    if (!choice.checked) {
      choice.checked = true;
      choice.dispatchEvent(new Event("change", { bubbles: true }));  // saved, as a click is
    }
  });

  // The countdown shows the time left and submits the quiz when it runs out. The server
  // enforces the deadline either way; this only keeps the taker informed.
  var clock = document.querySelector(".countdown[data-deadline]");
  if (!clock) return;
  var deadline = new Date(clock.dataset.deadline).getTime();
  var announced = false;
  var timer = null;

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var hours = Math.floor(left / 3600), minutes = Math.floor(left % 3600 / 60), seconds = left % 60;
    clock.textContent = (hours ? hours + ":" + String(minutes).padStart(2, "0") : minutes) + ":" +
      String(seconds).padStart(2, "0");
    clock.classList.toggle("low", left <= 60);
    if (left <= 60 && !announced) {
      clock.setAttribute("aria-live", "polite");
      announced = true;
    }
    if (left === 0) {
      clearInterval(timer);
      if (submitForm) {
        submitForm.elements.confirm.value = "1";  // the time is up: nothing left to ask
        if (dialog && dialog.open) dialog.close();
        submitForm.requestSubmit();
      }
    }
  }
  timer = setInterval(tick, 1000);
  tick();
})();
