// .ci/run with stand-ins for npm and apt-get on PATH: what it runs, what it prints last, and its
// exit status, for each way the two suites can end.
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const RUN = join(__dirname, '..', '..', '.ci', 'run')

let bin: string
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'ci-run-'))
  // Each suite prints its runner's summary line and exits with the status the test asks for.
  const npm = `#!/bin/sh
echo "$*" >> "$STUB_CALLS"
case "$*" in
  --version|ci*) ;;
  test) echo "jest: 580 passed, $STUB_UNIT_FAILED failed"; exit "$STUB_UNIT_EXIT" ;;
  "run test:e2e") echo "15 passed, $STUB_E2E_FAILED failed"; exit "$STUB_E2E_EXIT" ;;
  *) echo "unexpected: npm $*" >&2; exit 99 ;;
esac
`
  writeFileSync(join(bin, 'npm'), npm)
  writeFileSync(join(bin, 'apt-get'), '#!/bin/sh\nexit 0\n')
  chmodSync(join(bin, 'npm'), 0o755)
  chmodSync(join(bin, 'apt-get'), 0o755)
})
afterAll(() => rmSync(bin, { recursive: true, force: true }))

function ci(unitExit: number, e2eExit: number) {
  const calls = join(bin, `calls-${unitExit}-${e2eExit}`)
  writeFileSync(calls, '')
  const { status, stdout } = spawnSync('bash', [RUN], {
    encoding: 'utf8',
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      STUB_CALLS: calls,
      STUB_UNIT_EXIT: String(unitExit),
      STUB_UNIT_FAILED: unitExit ? '2' : '0',
      STUB_E2E_EXIT: String(e2eExit),
      STUB_E2E_FAILED: e2eExit ? '1' : '0',
    },
  })
  const lines = stdout.trimEnd().split('\n')
  return { status, last: lines[lines.length - 1], ran: readFileSync(calls, 'utf8').trim().split('\n') }
}

describe('.ci/run', () => {
  it.each([
    ['both suites pass', 0, 0, 0, 'ci: 595 passed, 0 failed'],
    ['npm test fails', 1, 0, 1, 'ci: 595 passed, 2 failed'],
    ['the e2e test fails', 0, 1, 1, 'ci: 595 passed, 1 failed'],
    ['both fail', 2, 3, 2, 'ci: 595 passed, 3 failed'],
  ])('when %s, runs both, ends with the summary line and exits with the first failure', (_, unit, e2e, status, last) => {
    const run = ci(unit, e2e)
    expect(run.ran).toEqual(['--version', 'ci --no-audit --no-fund', 'test', 'run test:e2e'])
    expect(run.last).toBe(last)
    expect(run.status).toBe(status)
  })
})
