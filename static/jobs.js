// Downloads and jobs: each running job's card asks for its state every second and
// shows its progress, its outcome and, once done, its download link.
(function () {
  function poll(card) {
    fetch(card.dataset.job, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        var bar = card.querySelector(".progress-bar");
        bar.style.width = s.percent + "%";
        bar.textContent = s.percent + "%";
        bar.setAttribute("aria-valuenow", s.percent);
        card.querySelector(".job-label").textContent = s.label;
        card.querySelector(".job-message").textContent = s.message;
        if (s.download) {
          var link = card.querySelector(".job-download");
          link.href = s.download;
          link.classList.remove("d-none");
        }
        if (s.active) {
          setTimeout(function () { poll(card); }, 1000);
        }
      })
      .catch(function () { setTimeout(function () { poll(card); }, 5000); });
  }
  // the CSP keeps style attributes out of the page: widths are set here
  document.querySelectorAll(".progress-bar[data-percent]").forEach(function (bar) {
    bar.style.width = bar.dataset.percent + "%";
  });
  document.querySelectorAll("[data-job]").forEach(function (card) {
    if (card.dataset.active === "1") { poll(card); }
  });
})();
