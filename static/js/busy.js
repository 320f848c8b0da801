// Work that takes seconds (drafting a source from a long text, generating its questions):
// once its form is sent, its buttons are disabled (no second request), and the button says
// what is happening, in a live region a screen reader announces.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-busy");
    if (!message || event.defaultPrevented) return;
    var status = form.querySelector(".busy-status");
    if (status) status.textContent = message;
    form.setAttribute("aria-busy", "true");
    // After this event: a disabled button would not send its own name and value.
    setTimeout(function () {
      form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
    }, 0);
  });

  // A page shown again from the back-forward cache is not busy any more.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[aria-busy]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button").forEach(function (button) { button.disabled = false; });
      var status = form.querySelector(".busy-status");
      if (status) status.textContent = "";
    });
  });
})();
