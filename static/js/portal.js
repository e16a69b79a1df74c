/* Every page. No dependencies.
   - When a form comes back with errors, focus its summary so keyboard and screen reader users
     start from the list of what to fix.
   - Buttons that open a <dialog> use command="show-modal" commandfor="<id>" (HTML invoker
     commands); browsers that do not know them yet get the same behaviour here.
   - "Mostrar otra imagen" under every captcha (core/templates/core/captcha_widget.html) fetches
     a new challenge. */
(function () {
  "use strict";

  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }

  // A dialog the server renders open (e.g. "¡Felicidades!") becomes modal: focus stays inside.
  Array.prototype.forEach.call(document.querySelectorAll("dialog[data-show-modal][open]"), function (dialog) {
    if (typeof dialog.showModal === "function") {
      dialog.close();
      dialog.showModal();
    }
  });

  if (!("command" in HTMLButtonElement.prototype)) {
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button[commandfor]");
      if (!button) {
        return;
      }
      var dialog = document.getElementById(button.getAttribute("commandfor"));
      if (dialog && typeof dialog.showModal === "function") {
        if (button.getAttribute("command") === "show-modal") {
          dialog.showModal();
        } else if (button.getAttribute("command") === "close") {
          dialog.close();
        }
      }
    });
  }
})();

/* Step 3 (boleta): the labels of the reference and the date follow the payment type
   (select[data-payment-labels] holds {type: [reference label, date label]}). */
(function () {
  "use strict";

  var select = document.querySelector("select[data-payment-labels]");
  if (!select || !select.form) {
    return;
  }
  var labels = JSON.parse(select.getAttribute("data-payment-labels"));
  var reference = select.form.querySelector("label[for='id_reference']");
  var date = select.form.querySelector("label[for='id_payment_date']");
  select.addEventListener("change", function () {
    var chosen = labels[select.value] || labels[""];
    if (reference) {
      reference.textContent = chosen[0];
    }
    if (date) {
      date.textContent = chosen[1];
    }
  });
})();

/* Dates: typed as dd/mm/aaaa everywhere (input[data-datepicker]). A button next to each opens
   the browser's own calendar on a hidden date input and writes the chosen day back as
   dd/mm/aaaa; the text field stays the one people read, type in and send. */
(function () {
  "use strict";

  var probe = document.createElement("input");
  probe.type = "date";
  if (probe.type !== "date" || typeof probe.showPicker !== "function") {
    return; // typing dd/mm/aaaa still works
  }

  function toIso(text) {
    var match = /^\s*(\d{1,2})[\/\-](\d{1,2})[\/\-](\d{4})\s*$/.exec(text || "");
    if (!match) {
      return "";
    }
    return match[3] + "-" + ("0" + match[2]).slice(-2) + "-" + ("0" + match[1]).slice(-2);
  }

  function fromIso(value) {
    var parts = value.split("-");
    return parts.length === 3 ? parts[2] + "/" + parts[1] + "/" + parts[0] : "";
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-datepicker]"), function (input) {
    var label = document.querySelector("label[for='" + input.id + "']");
    var wrapper = document.createElement("span");
    wrapper.className = "date-input";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var native = document.createElement("input");
    native.type = "date";
    native.tabIndex = -1;
    native.className = "date-input__native";
    native.setAttribute("aria-hidden", "true");
    wrapper.appendChild(native);

    var button = document.createElement("button");
    button.type = "button";
    button.className = "date-input__button";
    // Named by its (visually hidden) text, not aria-label, so the field's label names one control only.
    button.innerHTML =
      '<svg aria-hidden="true" focusable="false" width="22" height="22" viewBox="0 0 24 24"><path fill="currentColor" d="M7 2h2v2h6V2h2v2h3a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3V2zm12 8H5v9h14v-9zM7 12h3v3H7v-3z"/></svg>';
    var name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = input.getAttribute("data-datepicker") + (label ? ": " + label.textContent.trim() : "");
    button.appendChild(name);
    wrapper.appendChild(button);

    button.addEventListener("click", function () {
      native.value = toIso(input.value);
      try {
        native.showPicker();
      } catch (error) {
        input.focus();
      }
    });
    native.addEventListener("change", function () {
      if (native.value) {
        input.value = fromIso(native.value);
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
      input.focus();
    });
  });

  document.querySelectorAll(".js-captcha-refresh").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = button.closest(".field") || document;
      fetch("/captcha/refresh/", { headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          field.querySelector("img.captcha").src = data.image_url;
          field.querySelector("input[type=hidden]").value = data.key;
          var input = field.querySelector("input[type=text]");
          input.value = "";
          input.focus();
        })
        .catch(function () {
          window.location.reload();
        });
    });
  });
})();
