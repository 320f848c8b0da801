// The quiz countdown: shows the time left and submits the quiz when it runs out.
// The server enforces the deadline either way; this only keeps the taker informed.
(function () {
  "use strict";
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
      if (submit) submit.submit();
    }
  }
  timer = setInterval(tick, 1000);
  tick();
})();
