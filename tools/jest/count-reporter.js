// Writes each jest run's totals to tmp/test-counts/, so that .ci/run can print one closing line
// for the whole suite ("tests: N passed, N failed"), however many jest runs Nx made.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class CountReporter {
  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '..', '..', 'tmp', 'test-counts');
    mkdirSync(dir, { recursive: true });
    const counts = { passed: results.numPassedTests, failed: results.numFailedTests, skipped: results.numPendingTests + results.numTodoTests };
    writeFileSync(join(dir, `${process.pid}-${Date.now()}.json`), JSON.stringify(counts));
  }
}

module.exports = CountReporter;
