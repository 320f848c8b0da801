// "Copy the code" and "Copy the link" on a class's page: copies the button's data-copy and
// says so in the page's live region (data-copy-status).
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var status = document.querySelector("[data-copy-status]");
    var say = function (message) { if (status) status.textContent = message; };
    if (!navigator.clipboard) {
      say("Copying is not available here: select the text and copy it.");
      return;
    }
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(
      function () { say("Copied: " + button.getAttribute("data-copy")); },
      function () { say("Could not copy: select the text and copy it."); }
    );
  });
})();
