// The image's HEALTHCHECK: GET /health/live on $PORT, which every Rewind app serves.
// Node is in the image already; curl or wget would be one more package to keep patched.
// Exit 0 when the app answers 200, 1 otherwise (no answer within 2 s included).
const http = require('node:http');

const request = http.get({ host: '127.0.0.1', port: Number(process.env.PORT), path: '/health/live', timeout: 2000 }, (response) => {
  response.resume();
  process.exit(response.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('no answer within 2 s')));
request.on('error', (error) => {
  process.stderr.write(`health check failed: ${error.message}\n`);
  process.exit(1);
});
