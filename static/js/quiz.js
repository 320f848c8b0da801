// The quiz page: answers saved before leaving it, and the countdown.
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form.quiz-question"));

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
        current.classList.add("answered");
      }
    });
  });

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
    leaveAfterSaving(event, function () { form.requestSubmit(submitter); });
  });
  document.querySelectorAll(".quiz-bar a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      leaveAfterSaving(event, function () { window.location.href = link.href; });
    });
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
      var submit = document.getElementById("submit-quiz");
      if (submit) submit.requestSubmit();
    }
  }
  timer = setInterval(tick, 1000);
  tick();
})();
