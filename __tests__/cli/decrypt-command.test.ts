// A failure that is not a RunDataError (a bug) must not be dressed up with a code and advice.
import { capture, decryptArgs, run } from './helpers'

jest.mock('../../src/server', () => ({
  ...jest.requireActual('../../src/server'),
  toDailySteps: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'timestamp')")
  },
}))

describe('qq-run-data decrypt, when the server kit fails unexpectedly', () => {
  it('reports the error as unexpected, and exits 1', async () => {
    const { code, stderr } = await run(decryptArgs('-'), { stdin: JSON.stringify(capture()) })
    expect(code).toBe(1)
    expect(stderr).toBe(
      "qq-run-data: unexpected error: Cannot read properties of undefined (reading 'timestamp')\n" +
        'Run it again with --debug for the stack trace.\n',
    )
  })
})
