/* Upload progress for forms marked data-upload: sends with XHR so the bar can move.
   On success the server answers {"redirect": url} (header X-Upload: 1); otherwise it
   sends the page with the field errors, which replaces this one. Without JavaScript
   the form posts normally. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      event.preventDefault();
      var bar = form.querySelector(".upload-progress");
      var button = form.querySelector("[type=submit]");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.setRequestHeader("X-Upload", "1");
      xhr.upload.addEventListener("progress", function (e) {
        if (bar && e.lengthComputable) {
          bar.hidden = false;
          bar.value = Math.round((e.loaded / e.total) * 100);
          bar.textContent = bar.value + "%";
          bar.setAttribute("aria-valuetext", bar.value + "%");
        }
      });
      xhr.addEventListener("load", function () {
        var answer = null;
        if ((xhr.getResponseHeader("Content-Type") || "").indexOf("application/json") === 0) {
          try { answer = JSON.parse(xhr.responseText); } catch (ignore) { answer = null; }
        }
        if (answer && answer.redirect) {
          window.location.assign(answer.redirect);
        } else {
          /* The page with the field errors, as the server rendered it. */
          document.open(); document.write(xhr.responseText); document.close();
        }
      });
      xhr.addEventListener("error", function () {
        if (button) { button.disabled = false; }
        window.alert("No se pudo subir el archivo. Revise su conexión e intente de nuevo.");
      });
      if (button) { button.disabled = true; }
      if (bar) { bar.hidden = false; bar.value = 0; }
      xhr.send(new FormData(form));
    });
  });
})();
