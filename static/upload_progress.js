// A big file's upload shows how far it is (forms marked data-upload-progress): the form
// is sent by XMLHttpRequest so the browser reports progress, then the server's answer
// replaces the page as a normal submit would. Without JavaScript the form posts as usual.
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-upload-progress]");
  if (!form || !window.XMLHttpRequest || !window.FormData) {
    return;
  }
  event.preventDefault();
  var bar = document.querySelector(form.dataset.uploadProgress);
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action || window.location.href);
  xhr.upload.addEventListener("progress", function (e) {
    if (bar && e.lengthComputable) {
      var percent = Math.round(100 * e.loaded / e.total);
      bar.hidden = false;
      bar.value = percent;
      bar.textContent = percent + "%";
      bar.title = percent < 100 ? "Uploading: " + percent + "%" : "Checking every row…";
      var label = document.querySelector(form.dataset.uploadProgress + "-label");
      if (label) {
        label.textContent = bar.title;
      }
    }
  });
  xhr.addEventListener("load", function () {
    document.open();
    document.write(xhr.responseText);
    document.close();
    window.history.replaceState(null, "", xhr.responseURL || window.location.href);
  });
  xhr.send(new FormData(form));
});
