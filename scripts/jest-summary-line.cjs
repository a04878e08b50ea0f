// Ends jest's output with one plain line, `jest: N passed, N failed[, N skipped]`, that any CI can
// read without knowing jest's own summary format.
class SummaryLine {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed`
    process.stdout.write(`\n${line}${skipped ? `, ${skipped} skipped` : ''}\n`)
  }
}

module.exports = SummaryLine
