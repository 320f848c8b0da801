// Sends the browser's time zone with the sign-up form, so the student's days (new-card
// limit, streak, "due today") begin at their own midnight without a setting to find.
(function () {
  "use strict";
  var field = document.querySelector("input[name=time_zone]");
  if (!field || field.value) return;
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    field.value = "";
  }
})();
