// The CI log reader ignores jest's own summary; it reads one plain closing line.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.on("exit", () => {
      process.stdout.write(`${results.numPassedTests} passed, ${failed} failed\n`);
    });
  }
}
module.exports = SummaryReporter;
