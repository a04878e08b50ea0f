import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { version } from '../../package.json'
import { APP_ID, JUNE_1, nowSeconds, runData } from '../fixtures/run-data'
import { capture, captureWithPlus, decryptArgs, OTHER_KEY, run, SESSION_KEY } from './helpers'

let dir: string
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'qq-run-data-cli-'))))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Writes `text` to a new file and returns its path. */
let files = 0
const file = (text: string) => {
  const path = join(dir, `captured-${files++}.txt`)
  writeFileSync(path, text)
  return path
}

const captured = capture()
const json = JSON.stringify({ errMsg: 'getQQRunData:ok', ...captured })

describe('qq-run-data --help and --version', () => {
  it('prints the help and exits 0', async () => {
    const { code, stdout, stderr } = await run(['--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: qq-run-data <decrypt\|demo> \[options\]\n/)
    expect(stdout).toContain('decrypt   decrypt a captured { encryptedData, iv }')
    expect(stderr).toBe('')
  })

  it("prints each command's help", async () => {
    expect((await run(['decrypt', '--help'])).stdout).toContain('--max-age <seconds>')
    expect((await run(['demo', '-h'])).stdout).toContain('Every\nserver is closed')
  })

  it("prints package.json's version", async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })
})

describe('qq-run-data with bad arguments', () => {
  it.each([
    [[], 'missing command', 'Usage: qq-run-data <decrypt|demo>', "Run 'qq-run-data --help' for more."],
    [['decode'], "unknown command 'decode'", 'Usage: qq-run-data <decrypt|demo>', "Run 'qq-run-data --help' for more."],
    [['decrypt', '--app-id', APP_ID], 'missing --session-key <key>, or QQ_SESSION_KEY in the environment', 'Usage: qq-run-data decrypt', "Run 'qq-run-data decrypt --help' for more."],
    [['decrypt', '--app-id', '', '--session-key', SESSION_KEY], '--app-id is empty; it should be <appid>', 'Usage: qq-run-data decrypt', "Run 'qq-run-data decrypt --help' for more."],
    [['decrypt', '--app-id', APP_ID, '--session-key', ''], '--session-key is empty; it should be <key>', 'Usage: qq-run-data decrypt', "Run 'qq-run-data decrypt --help' for more."],
    [['decrypt', '--verbose'], "unknown option '--verbose'", 'Usage: qq-run-data decrypt', "Run 'qq-run-data decrypt --help' for more."],
    [['demo', '--port', '80'], "unknown option '--port'", 'Usage: qq-run-data demo [--debug]', "Run 'qq-run-data demo --help' for more."],
    [['decrypt', '--app-id', APP_ID, '--session-key', SESSION_KEY, '--time-zone', 'Mars/Base'], "--time-zone 'Mars/Base' is not a time zone this runtime knows; use an IANA name such as Asia/Shanghai", 'Usage: qq-run-data decrypt', "Run 'qq-run-data decrypt --help' for more."],
  ])('%j prints a short usage error and exits 2', async (argv, message, usage, hint) => {
    const { code, stdout, stderr } = await run(argv)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(new RegExp(`^qq-run-data: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`))
    expect(stderr).toContain(usage)
    expect(stderr.trimEnd().endsWith(hint)).toBe(true)
    expect(stderr.split('\n').length).toBeLessThanOrEqual(5)
  })
})

describe('qq-run-data decrypt', () => {
  it('prints the daily steps, their chart and the totals', async () => {
    const { code, stdout, stderr } = await run(decryptArgs(file(json)))
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toBe(
      'date        day  steps\n' +
        `2024-06-01  Sat  1,000  ${'█'.repeat(33)}▍\n` +
        `2024-06-02  Sun  1,100  ${'█'.repeat(36)}▋\n` +
        `2024-06-03  Mon  1,200  ${'█'.repeat(40)}\n` +
        '\n' +
        '3 days · total 3,300 · average 1,100 a day\n' +
        'best    2024-06-03 Mon  1,200\n' +
        'latest  2024-06-03 Mon  1,200\n',
    )
  })

  it('reads the session key from QQ_SESSION_KEY when --session-key is not given', async () => {
    const withOption = await run(decryptArgs(file(json)))
    const fromEnv = await run(['decrypt', '--app-id', APP_ID, file(json)], { env: { QQ_SESSION_KEY: SESSION_KEY } })
    expect(fromEnv).toEqual({ code: 0, stdout: withOption.stdout, stderr: '' })
  })

  it('takes --session-key over QQ_SESSION_KEY', async () => {
    const path = file(json)
    expect((await run(decryptArgs(path), { env: { QQ_SESSION_KEY: OTHER_KEY } })).code).toBe(0)
    const { code, stderr } = await run(['decrypt', '--app-id', APP_ID, '--session-key', OTHER_KEY, path], { env: { QQ_SESSION_KEY: SESSION_KEY } })
    expect(code).toBe(1)
    expect(stderr).toMatch(/^qq-run-data: DECRYPT_FAILED: /)
  })

  it('never prints the session key from QQ_SESSION_KEY, not even with --debug', async () => {
    const path = file(json)
    for (const key of [OTHER_KEY, SESSION_KEY.replace('+', ' '), 'c2hvcnQ=']) {
      for (const debug of [[], ['--debug']]) {
        const { code, stdout, stderr } = await run(['decrypt', '--app-id', APP_ID, ...debug, path], { env: { QQ_SESSION_KEY: key } })
        expect(code).toBe(1)
        expect(stdout + stderr).not.toContain(key)
      }
    }
  })

  it('says there are no days when the stepInfoList is empty, instead of an empty table', async () => {
    const { code, stdout, stderr } = await run(decryptArgs(file(JSON.stringify(capture(runData(0))))))
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: 'no days in the data: its stepInfoList is empty\n', stderr: '' })
  })

  it('prints { data, days, summary } with --json', async () => {
    const { code, stdout } = await run(decryptArgs('--json', file(json)))
    expect(code).toBe(0)
    const printed = JSON.parse(stdout)
    expect(printed.data).toEqual({
      stepInfoList: [{ timestamp: JUNE_1, step: 1000 }, { timestamp: JUNE_1 + 86400, step: 1100 }, { timestamp: JUNE_1 + 2 * 86400, step: 1200 }],
      watermark: { appid: APP_ID, timestamp: JUNE_1 + 3 * 86400 },
    })
    expect(printed.days).toEqual([
      { date: '2024-06-01', steps: 1000, timestamp: JUNE_1 },
      { date: '2024-06-02', steps: 1100, timestamp: JUNE_1 + 86400 },
      { date: '2024-06-03', steps: 1200, timestamp: JUNE_1 + 2 * 86400 },
    ])
    expect(printed.summary).toEqual({ days: 3, total: 3300, average: 1100, best: printed.days[2], latest: printed.days[2] })
  })

  it('reads the data from --data, from a file argument, from stdin by - and from stdin by default', async () => {
    const expected = (await run(decryptArgs('--json', file(json)))).stdout
    expect((await run(decryptArgs('--json', '--data', file(json)))).stdout).toBe(expected)
    expect((await run(decryptArgs('--json', '-'), { stdin: json })).stdout).toBe(expected)
    expect((await run(decryptArgs('--json', '--data', '-'), { stdin: json, stdinTTY: true })).stdout).toBe(expected)
    expect((await run(decryptArgs('--json'), { stdin: json })).stdout).toBe(expected)
  })

  it('reads stdin that arrives in pieces, even split inside a character', async () => {
    const bytes = Buffer.from(`\u00a0${captured.encryptedData}`)
    const stdin = async function* () {
      yield bytes.subarray(0, 1)
      yield bytes.subarray(1)
    }
    const { code, stdout } = await run(decryptArgs('--iv', captured.iv), { stdin })
    expect(code).toBe(0)
    expect(stdout).toContain('3 days · total 3,300')
  })

  it('takes bare base64 with --iv, trimmed, and JSON without --iv', async () => {
    const bare = await run(decryptArgs('--iv', captured.iv, file(`\n  ${captured.encryptedData}  \r\n`)))
    expect(bare.code).toBe(0)
    expect(bare.stdout).toContain('3 days · total 3,300')
    const quoted = await run(decryptArgs('--iv', captured.iv, file(JSON.stringify(captured.encryptedData))))
    expect(quoted.stdout).toBe(bare.stdout)
    const both = await run(decryptArgs('--iv', captured.iv, file(json)))
    expect(both.stdout).toBe(bare.stdout)
  })

  it('draws the dates in --time-zone', async () => {
    const { stdout } = await run(decryptArgs('--time-zone', 'UTC', file(json)))
    expect(stdout).toContain('2024-05-31  Fri  1,000')
  })

  it('colours the chart on a terminal, unless NO_COLOR is set', async () => {
    const path = file(json)
    expect((await run(decryptArgs(path), { stdoutTTY: true })).stdout).toContain('\u001b[32m')
    expect((await run(decryptArgs(path), { stdoutTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[')
    expect((await run(decryptArgs(path))).stdout).not.toContain('\u001b[')
  })

  // One line per failure: the arguments, the data, and what is printed: code, message, advice.
  const plus = captureWithPlus()
  it.each<[string, string[], string, RegExp, RegExp]>([
    ['INVALID_INPUT: a key that is not 16 bytes', ['--session-key', 'c2hvcnQ='], json, /^decryptRunData: sessionKey decodes to 5 bytes/, /base64 of 16 bytes/],
    ["INVALID_INPUT: the data's '+' turned into spaces", ['--iv', plus.iv], plus.encryptedData.replace(/\+/g, ' '), /encryptedData contains a space/, /A '\+' became a space/],
    ["INVALID_INPUT: the key's '+' turned into a space", ['--session-key', SESSION_KEY.replace('+', ' ')], json, /sessionKey contains a space/, /A '\+' became a space/],
    // `--iv=…`: a base64url iv starts with '-' one time in 64, and `--iv -…` reads as a missing value.
    ['INVALID_INPUT: base64url', ['--iv=' + captured.iv.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') + '-_'], captured.encryptedData, /iv (contains '[-_]' \(at index \d+\)|has a length)/, /base64url/],
    ['DECRYPT_FAILED: another login’s session key', ['--session-key', OTHER_KEY], json, /^decryptRunData: the (session key and iv don't decrypt|decrypted data is not JSON)/, /Every qq\.login or wx\.login gives the user a new session_key/],
    ['INVALID_PAYLOAD: another API’s data', [], JSON.stringify(capture({ openGId: 'G', watermark: runData().watermark })), /stepInfoList should be Array/, /not to run data/],
    ['INVALID_PAYLOAD: --max-age on data without a watermark', ['--max-age', '300'], JSON.stringify(capture({ stepInfoList: [] })), /has no watermark, so its age cannot be checked against maxAgeSeconds \(300\)/, /leave --max-age out/],
    ['INVALID_INPUT: plain text with --iv', ['--iv', captured.iv], 'steps: 8000 on Monday', /^decryptRunData: encryptedData contains ':' at index 5, which is outside the base64 alphabet/, /A value is malformed/],
    ['APPID_MISMATCH: another app', ['--app-id', '1100000000'], json, /watermark\.appid is not appId \(the data was made for appid 1109876543\)$/, /another mini-program than --app-id/],
    ['EXPIRED: older than --max-age', ['--max-age', '300'], JSON.stringify(capture(runData(3, { timestamp: nowSeconds() - 3600 }))), /the data is 36\d\d s old .* more than maxAgeSeconds \(300\)/, /Capture fresh data, or raise --max-age/],
  ])('%s: prints the code, the message and advice, and exits 1', async (name, args, data, message, advice) => {
    const { code, stdout, stderr } = await run([...decryptArgs(), ...args, file(data)])
    expect(code).toBe(1)
    expect(stdout).toBe('')
    const [first, second, ...rest] = stderr.split('\n')
    const [, errorCode, text] = /^qq-run-data: ([A-Z_]+): (.*)$/.exec(first!)!
    expect(name.startsWith(`${errorCode}:`)).toBe(true)
    expect(text).toMatch(message)
    expect(second).toMatch(/^advice: /)
    expect(second).toMatch(advice)
    expect(rest).toEqual([''])
    expect(stderr).not.toContain('    at ')
  })

  it('prints the stack trace with --debug', async () => {
    const { code, stderr } = await run([...decryptArgs('--app-id', '1100000000', '--debug'), file(json)])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^qq-run-data: APPID_MISMATCH: /)
    expect(stderr).toMatch(/\nRunDataError: decryptRunData: the data was encrypted for another app[^\n]*\n {4}at /)
  })

  it('refuses an --iv that differs from the one in the data, or no iv at all, as bad arguments', async () => {
    const differs = await run(decryptArgs('--iv', capture().iv, file(json)))
    expect(differs.code).toBe(2)
    expect(differs.stderr).toMatch(/^qq-run-data: --iv differs from the "iv" in the data; .*\nUsage: qq-run-data decrypt/)
    const missing = await run(decryptArgs(file(captured.encryptedData)))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^qq-run-data: missing --iv <iv>: the data is bare base64, without an "iv" beside it\nUsage:/)
  })

  it('does not wait on a terminal for data nobody announced', async () => {
    const { code, stderr } = await run(decryptArgs(), { stdinTTY: true })
    expect(code).toBe(2)
    expect(stderr).toMatch(/^qq-run-data: no data: pass --data <file> or <file>, or pipe the data into stdin\n/)
  })

  it('says which data it cannot read or use, and exits 1', async () => {
    const missing = join(dir, 'missing.json')
    const unread = await run(decryptArgs(missing))
    expect(unread).toEqual({ code: 1, stdout: '', stderr: `qq-run-data: cannot read the data: ENOENT: no such file or directory, stat '${missing}'\n` })
    expect((await run(decryptArgs('--debug', missing))).stderr).toMatch(/\nError: ENOENT: no such file or directory/)
    const empty = await run(decryptArgs('--debug', file('\n')))
    expect(empty).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^qq-run-data: the data is empty; [^\n]*\n$/) })
  })

  it('names a directory it was given instead of a file', async () => {
    expect(await run(decryptArgs(dir))).toEqual({ code: 1, stdout: '', stderr: `qq-run-data: cannot read the data: ${dir} is a directory; pass the file the data was saved in\n` })
  })

  describe('refuses input too big to be a capture, before reading it whole', () => {
    it('names the size of a file and the cap', async () => {
      const path = join(dir, 'huge.bin')
      writeFileSync(path, Buffer.alloc(3 * 1024 * 1024 + 200 * 1024, 'A'))
      expect(await run(decryptArgs('--iv', captured.iv, path))).toEqual({
        code: 1,
        stdout: '',
        stderr: `qq-run-data: ${path} is 3.2 MiB, more than the 64 KiB this command reads (a real capture is about 2 kB); is it the captured data?\n`,
      })
      writeFileSync(path, Buffer.alloc(64 * 1024 + 1, 'A'))
      expect((await run(decryptArgs(path))).stderr).toBe(`qq-run-data: ${path} is 65 KiB, more than the 64 KiB this command reads (a real capture is about 2 kB); is it the captured data?\n`)
    })

    it('stops reading a device that never ends', async () => {
      expect((await run(decryptArgs('/dev/zero'))).stderr).toBe(
        'qq-run-data: /dev/zero is over 64 KiB, more than the 64 KiB this command reads (a real capture is about 2 kB); is it the captured data?\n',
      )
    })

    it('stops reading stdin at the cap', async () => {
      let sent = 0
      const endless = () => ({
        [Symbol.asyncIterator]: () => ({ next: async () => ((sent += 4096), { done: false, value: Buffer.alloc(4096, 'A') }) }),
      })
      const { code, stderr } = await run(decryptArgs('-'), { stdin: endless })
      expect({ code, stderr }).toEqual({
        code: 1,
        stderr: 'qq-run-data: the data on stdin is over 64 KiB, more than the 64 KiB this command reads (a real capture is about 2 kB); is it the captured data?\n',
      })
      expect(sent).toBe(64 * 1024 + 4096)
    })
  })

  describe('without --iv, says what data that is neither base64 nor JSON is', () => {
    it.each<[string, string | Buffer, string]>([
      ['plain text', 'my steps: 8000', "the data contains U+0020 at index 2, which is outside the base64 alphabet (A-Z, a-z, 0-9, '+', '/', '='), and it is not JSON either"],
      ['a binary file', Buffer.from([0x41, 0x00, 0xff, 0x42]), "the data contains U+0000 at index 1, which is outside the base64 alphabet (A-Z, a-z, 0-9, '+', '/', '='), and it is not JSON either (this looks like a binary file)"],
      ['base64 cut short', captured.encryptedData.slice(0, -3), `the data has a length of ${captured.encryptedData.length - 3}, which is not a multiple of 4: base64 is padded with '=' to a multiple of 4, and it is not JSON either`],
    ])('%s', async (_, data, message) => {
      const path = join(dir, `not-base64-${files++}`)
      writeFileSync(path, data)
      expect(await run(decryptArgs(path))).toEqual({
        code: 1,
        stdout: '',
        stderr: `qq-run-data: ${message}; it should be the base64 encryptedData, or JSON such as { "encryptedData": "…", "iv": "…" }\n`,
      })
    })
  })

  it('with --iv, says too that a binary file looks like one', async () => {
    const path = join(dir, `not-base64-${files++}`)
    writeFileSync(path, Buffer.from([0x41, 0x00, 0xff, 0x42]))
    const { code, stdout, stderr } = await run(decryptArgs('--iv', captured.iv, path))
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' })
    expect(stderr.split('\n')[0]).toBe(
      "qq-run-data: INVALID_INPUT: decryptRunData: encryptedData contains U+0000 at index 1, which is outside the base64 alphabet (A-Z, a-z, 0-9, '+', '/', '=') (this looks like a binary file)",
    )
  })

  it('reports what it did not expect, with its stack under --debug only', async () => {
    const broken = () => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('EIO: i/o error, read')) }),
    })
    const plain = await run(decryptArgs('-'), { stdin: broken })
    expect(plain).toEqual({
      code: 1,
      stdout: '',
      stderr: 'qq-run-data: unexpected error: EIO: i/o error, read\nRun it again with --debug for the stack trace.\n',
    })
    const debug = await run(decryptArgs('-', '--debug'), { stdin: broken })
    expect(debug.stderr).toMatch(/^qq-run-data: unexpected error: EIO: i\/o error, read\nError: EIO: i\/o error, read\n {4}at /)
    const thrown = () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject('closed') }) })
    expect((await run(decryptArgs('-'), { stdin: thrown })).stderr).toMatch(/^qq-run-data: unexpected error: closed\n/)
  })
})
