/* Record the identity video with the camera (MediaRecorder) where the browser allows it,
   and put the recording into the form's video file input. */
(function () {
  "use strict";
  var box = document.querySelector("[data-recorder]");
  var input = document.querySelector("input[name=video]");
  if (!box || !input || !window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) { return; }
  box.hidden = false;
  var start = box.querySelector("[data-record-start]");
  var stop = box.querySelector("[data-record-stop]");
  var status = box.querySelector("[data-record-status]");
  var preview = box.querySelector("video");
  var recorder = null, chunks = [], timer = null;
  var type = MediaRecorder.isTypeSupported("video/webm") ? "video/webm" : "video/mp4";

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: true, audio: true }).then(function (stream) {
      preview.srcObject = stream; preview.play();
      chunks = [];
      recorder = new MediaRecorder(stream, { mimeType: type });
      recorder.ondataavailable = function (e) { if (e.data.size) { chunks.push(e.data); } };
      recorder.onstop = function () {
        stream.getTracks().forEach(function (t) { t.stop(); });
        var file = new File(chunks, "video-identidad." + (type === "video/webm" ? "webm" : "mp4"), { type: type });
        var transfer = new DataTransfer(); transfer.items.add(file); input.files = transfer.files;
        status.textContent = "Video grabado y adjuntado.";
        start.disabled = false; stop.disabled = true; clearTimeout(timer);
      };
      recorder.start();
      status.textContent = "Grabando...";
      start.disabled = true; stop.disabled = false;
      timer = setTimeout(function () { if (recorder.state === "recording") { recorder.stop(); } }, 90000);
    }).catch(function () {
      status.textContent = "No se pudo usar la cámara. Adjunte un video grabado con su teléfono.";
    });
  });
  stop.addEventListener("click", function () { if (recorder && recorder.state === "recording") { recorder.stop(); } });
})();
