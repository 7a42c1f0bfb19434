/**
 * Prints one plain closing line, "N passed, N failed, N skipped", after Jest's own summary,
 * so CI logs carry a runner-neutral count of the tests that ran.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
