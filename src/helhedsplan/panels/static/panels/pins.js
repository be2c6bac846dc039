/* helhedsplan: placing a concern's pin on the estate's site plan. A click on the plan puts
   the pin there and fills the two number fields (thousandths of the plan's width and height
   from its top left corner); typing in the fields moves the pin. Without this script, or
   with the keyboard, the two fields and the location in words do the same. */
(function () {
  "use strict";

  function picker(map) {
    var svg = map.querySelector("svg");
    var chosen = map.querySelector(".site-plan__chosen");
    var form = map.closest("form");
    var x = form && form.querySelector("input[name='pin_x']");
    var y = form && form.querySelector("input[name='pin_y']");
    var width = Number(map.getAttribute("data-width"));
    var height = Number(map.getAttribute("data-height"));
    if (!svg || !chosen || !x || !y || !width || !height) {
      return;
    }

    function thousandths(field) {
      var value = field.value.trim();
      var number = Number(value);
      return value !== "" && Number.isInteger(number) && number >= 0 && number <= 1000
        ? number
        : null;
    }

    function show() {
      var px = thousandths(x);
      var py = thousandths(y);
      if (px === null || py === null) {
        chosen.setAttribute("visibility", "hidden");
        return;
      }
      chosen.setAttribute(
        "transform",
        "translate(" + (px * width) / 1000 + " " + (py * height) / 1000 + ")"
      );
      chosen.setAttribute("visibility", "visible");
    }

    function place(event) {
      var box = svg.getBoundingClientRect();
      var share = function (offset, size) {
        return Math.round(Math.min(Math.max(offset / size, 0), 1) * 1000);
      };
      x.value = share(event.clientX - box.left, box.width);
      y.value = share(event.clientY - box.top, box.height);
      show();
    }

    svg.addEventListener("click", place);
    x.addEventListener("input", show);
    y.addEventListener("input", show);
    var hint = map.parentNode.querySelector(".site-plan__hint");
    if (hint) {
      hint.hidden = false;
    }
    show();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-pin-picker]"), picker);
})();
