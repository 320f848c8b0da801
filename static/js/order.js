// Put-in-order questions, by drag and drop. Without JavaScript each item has a list of places
// (1 = first); with it the items themselves move: dragged with the mouse or a finger
// (SortableJS), or with the keyboard on an item's handle (Space or Enter picks it up, the
// arrow keys move it, Space or Enter drops it, Escape puts it back), or with its up and down
// buttons. After every move each item's place is set from where it stands, so the form
// always sends every place once: no invalid state can be reached.
(function () {
  "use strict";

  function items(list) {
    return Array.prototype.slice.call(list.children);
  }

  // What an item is called: its value, or its data-label where the value is an opaque id.
  function label(item) {
    return item.dataset.label || item.querySelector("input[name=item]").value;
  }

  // Each item's place from where it stands; the form (and a quiz's autosave) hears of it once.
  function sync(list, announce) {
    var changed = false;
    items(list).forEach(function (item, index) {
      var select = item.querySelector("select[name=position]");
      if (select.value !== String(index + 1)) {
        select.value = String(index + 1);
        changed = true;
      }
    });
    if (changed) list.querySelector("select[name=position]").dispatchEvent(new Event("change", {bubbles: true}));
    if (announce) list.parentNode.querySelector(".order-status").textContent = announce;
  }

  function move(list, item, step) {
    var all = items(list);
    var to = all.indexOf(item) + step;
    if (to < 0 || to >= all.length) return false;
    list.insertBefore(item, step < 0 ? all[to] : all[to].nextSibling);
    return true;
  }

  function placeText(list, item) {
    return label(item) + ", place " + (items(list).indexOf(item) + 1) + " of " + items(list).length;
  }

  function setup(list) {
    list.dataset.enhanced = "true";
    // Start from the places the form holds (a quiz's saved answer, a refused form's picks).
    items(list)
      .sort(function (a, b) {
        return a.querySelector("select[name=position]").value - b.querySelector("select[name=position]").value;
      })
      .forEach(function (item) { list.appendChild(item); });
    var status = document.createElement("p");
    status.className = "order-status sr-only";
    status.setAttribute("aria-live", "assertive");
    list.parentNode.insertBefore(status, list.nextSibling);
    var legend = list.parentNode.querySelector("legend");
    if (legend) legend.textContent = "Put the items in order, first at the top: drag them, or use a handle with Space and the arrow keys";
    list.classList.add("sortable");
    items(list).forEach(function (item) {
      var handle = document.createElement("button");
      handle.type = "button";
      handle.className = "order-handle";
      handle.setAttribute("aria-label", "Move " + label(item));
      handle.setAttribute("aria-pressed", "false");
      handle.textContent = "⠿";
      var up = document.createElement("button");
      up.type = "button";
      up.className = "order-step";
      up.setAttribute("aria-label", "Move " + label(item) + " up");
      up.textContent = "▲";
      var down = up.cloneNode();
      down.setAttribute("aria-label", "Move " + label(item) + " down");
      down.textContent = "▼";
      item.insertBefore(handle, item.firstChild);
      item.appendChild(up);
      item.appendChild(down);
      up.addEventListener("click", function () {
        if (move(list, item, -1)) sync(list, placeText(list, item));
        up.focus();
      });
      down.addEventListener("click", function () {
        if (move(list, item, 1)) sync(list, placeText(list, item));
        down.focus();
      });
      var origin = null;
      var moving = false;
      handle.addEventListener("keydown", function (event) {
        var grabbed = handle.getAttribute("aria-pressed") === "true";
        if (event.key === " " || event.key === "Enter") {
          event.preventDefault();
          event.stopPropagation();
          handle.setAttribute("aria-pressed", String(!grabbed));
          item.classList.toggle("grabbed", !grabbed);
          if (!grabbed) {
            origin = items(list).indexOf(item);
            sync(list, "Picked up " + placeText(list, item) + ". Arrow keys move it, Space drops it.");
          } else {
            sync(list, "Dropped " + placeText(list, item) + ".");
          }
        } else if (grabbed && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
          event.preventDefault();
          moving = true;  // moving a focused element blurs it: it stays picked up
          if (move(list, item, event.key === "ArrowUp" ? -1 : 1)) sync(list, placeText(list, item));
          handle.focus();
          moving = false;
        } else if (grabbed && event.key === "Escape") {
          event.preventDefault();
          var others = items(list).filter(function (other) { return other !== item; });
          moving = true;
          list.insertBefore(item, others[origin] || null);
          moving = false;
          handle.setAttribute("aria-pressed", "false");
          item.classList.remove("grabbed");
          sync(list, "Put back: " + placeText(list, item) + ".");
          handle.focus();
        }
      });
      handle.addEventListener("blur", function () {
        if (moving) return;
        handle.setAttribute("aria-pressed", "false");
        item.classList.remove("grabbed");
      });
    });
    if (window.Sortable) {
      window.Sortable.create(list, {
        animation: 150,
        handle: ".order-handle",
        ghostClass: "dragging",
        onEnd: function (event) { sync(list, placeText(list, event.item)); }
      });
    }
    sync(list);
  }

  function enhance(root) {
    var lists = root.querySelectorAll ? root.querySelectorAll("ol.order-list:not([data-enhanced])") : [];
    Array.prototype.forEach.call(lists, setup);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
