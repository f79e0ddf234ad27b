// The API's docs page: Swagger UI reading the app's own OpenAPI document.
window.addEventListener("load", function () {
  window.SwaggerUIBundle({
    url: document.body.dataset.spec,
    dom_id: "#swagger-ui",
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
  });
});
