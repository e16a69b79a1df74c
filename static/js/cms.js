/* Public portal: print button of the guides and "another image" for the captcha. No dependencies. */
(function () {
  "use strict";

  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
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
