// Renders the service's own OpenAPI document; "Authorize" takes the same bearer token as the dashboard.
window.addEventListener('DOMContentLoaded', () => {
  const ui = window.SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    validatorUrl: null,
  });
  const token = sessionStorage.getItem('assay.token');
  if (token) {
    ui.authActions.authorize({ bearer: { name: 'bearer', schema: { type: 'http', scheme: 'bearer' }, value: token } });
  }
});
