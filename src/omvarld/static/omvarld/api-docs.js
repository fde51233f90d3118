/* Omvärld – starts Swagger UI on the API page (a file of its own: the CSP allows no inline script). */
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui");
  if (!container || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  var texts = container.dataset;
  // Swagger UI speaks English (its container says lang="en"); the page's own messages speak the page's.
  var pageLanguage = document.documentElement.lang;

  // Swagger UI's own layout puts the operations in a second <main> inside the page's, repeats the title
  // the page already has, and offers an "Authorize" dialog that a session does not need. This layout keeps
  // the operations and the schemas, inside the page's one main landmark.
  function OmvarldLayoutPlugin(system) {
    var h = system.React.createElement;
    function OmvarldLayout(props) {
      var getComponent = props.getComponent;
      var status = props.specSelectors.loadingStatus();
      var Errors = getComponent("errors", true);
      if (status === "loading") {
        return h("div", { className: "swagger-ui" }, h("p", { role: "status", lang: pageLanguage }, texts.loading));
      }
      if (status === "failed" || status === "failedConfig") {
        return h("div", { className: "swagger-ui" }, h("p", { role: "alert", lang: pageLanguage }, texts.failed), h(Errors));
      }
      return h(
        "div",
        { className: "swagger-ui" },
        h(getComponent("SvgAssets")),
        h(Errors),
        h(getComponent("operations", true)),
        h(getComponent("Models", true))
      );
    }
    return { components: { OmvarldLayout: OmvarldLayout } };
  }

  // What Swagger UI's markup lacks for assistive technology (axe-core finds it), added as it renders:
  // a name for each parameter's field, request body and table of answers (in English, like the text
  // around them), and the keyboard for code blocks that scroll.
  function operationName(element) {
    var block = element.closest(".opblock");
    var summary = block && block.querySelector(".opblock-summary-method");
    var path = block && block.querySelector(".opblock-summary-path");
    return summary && path ? summary.textContent + " " + path.textContent.trim() : "";
  }
  function describe() {
    container.querySelectorAll("tr[data-param-name] :is(select, input):not([aria-label])").forEach(function (field) {
      field.setAttribute("aria-label", field.closest("tr").dataset.paramName);
    });
    container.querySelectorAll("textarea.body-param__text:not([aria-label])").forEach(function (body) {
      body.setAttribute("aria-label", ("Request body " + operationName(body)).trim());
    });
    container.querySelectorAll("table.responses-table[role=region]:not([aria-label])").forEach(function (table) {
      var live = table.closest(".responses-inner") && table.matches(".live-responses-table");
      var what = live ? "Server response" : "Responses";
      table.setAttribute("aria-label", (what + " " + operationName(table)).trim());
    });
    container.querySelectorAll("pre:not([tabindex])").forEach(function (pre) {
      pre.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(describe).observe(container, { childList: true, subtree: true });

  SwaggerUIBundle({
    url: texts.schemaUrl,
    domNode: container,
    presets: [SwaggerUIBundle.presets.apis],
    plugins: [OmvarldLayoutPlugin],
    layout: "OmvarldLayout",
    // The public validator would be a request to another site, which the CSP (and the city) refuse.
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
    // Its colours for highlighted JSON are too faint to read (WCAG 1.4.3); plain text is.
    syntaxHighlight: false,
    // "Try it out" sends its requests with the session like the rest of the site; writes need the token.
    requestInterceptor: function (request) {
      if (request.method && request.method.toUpperCase() !== "GET") {
        request.headers["X-CSRFToken"] = texts.csrfToken;
      }
      return request;
    },
  });
})();
