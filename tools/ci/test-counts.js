// Sums what tools/jest/count-reporter.js recorded and prints the suite's closing line.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = join(__dirname, '..', '..', 'tmp', 'test-counts');
const total = { passed: 0, failed: 0, skipped: 0 };
for (const file of readdirSync(dir)) {
  const counts = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  for (const key of Object.keys(total)) total[key] += counts[key];
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
