import { parseCommandLine, usage, type DecryptArgs } from '../../src/cli/args'
import { CliError } from '../../src/cli/cli-error'

const BASE = ['--app-id', 'A', '--session-key', 'K']
const decrypt = (args: Partial<DecryptArgs> = {}) => ({
  name: 'decrypt',
  args: { appId: 'A', sessionKey: 'K', json: false, debug: false, ...args },
})

// One line per case: what is typed, and what it asks for.
const asks = (argv: string[], command: object, env = {}) => expect(parseCommandLine(argv, env)).toMatchObject(command)
// …or the usage error it is, with exit code 2 and the command whose usage follows.
function refuses(argv: string[], message: string, command = '', env = {}) {
  let error: unknown
  try {
    parseCommandLine(argv, env)
  } catch (thrown) {
    error = thrown
  }
  expect(error).toBeInstanceOf(CliError)
  expect(error).toMatchObject({ message, exitCode: 2, command })
}

describe('parseCommandLine', () => {
  it('reads the top-level options', () => {
    asks(['--help'], { name: 'help', text: expect.stringContaining('Usage: qq-run-data <decrypt|demo>') })
    asks(['-h'], { name: 'help' })
    asks(['--version'], { name: 'version' })
    asks(['-v'], { name: 'version' })
  })

  it('reads help as a command, alone or with the command to explain', () => {
    asks(['help'], { name: 'help', text: expect.stringContaining('Decrypts QQ and WeChat run data') })
    asks(['help', 'decrypt'], { name: 'help', text: expect.stringContaining('getQQRunData or getWeRunData') })
    asks(['help', 'demo'], { name: 'help', text: expect.stringContaining('Usage: qq-run-data demo [--debug]') })
    refuses(['help', 'show'], "unknown command 'show'")
    refuses(['help', 'demo', 'x'], "unexpected argument 'x'")
  })

  it('reads decrypt with its options', () => {
    asks(['decrypt', ...BASE], decrypt())
    asks(['decrypt', ...BASE, '--iv', 'I', '--data', 'f.json'], decrypt({ iv: 'I', data: 'f.json' }))
    asks(['decrypt', ...BASE, 'f.json'], decrypt({ data: 'f.json' }))
    asks(['decrypt', ...BASE, '-'], decrypt({ data: '-' }))
    asks(['decrypt', ...BASE, '--data', '-'], decrypt({ data: '-' }))
    asks(['decrypt', ...BASE, '--json', '--debug'], decrypt({ json: true, debug: true }))
    asks(['decrypt', ...BASE, '--time-zone', 'UTC', '--max-age', '300'], decrypt({ timeZone: 'UTC', maxAgeSeconds: 300 }))
    asks(['decrypt', '--app-id=A', '--session-key=K'], decrypt())
    asks(['decrypt', '--help'], { name: 'help', text: expect.stringContaining('--session-key <key>') })
    asks(['decrypt', '-h'], { name: 'help' })
  })

  it('reads the session key from QQ_SESSION_KEY when --session-key is not given; the option wins', () => {
    asks(['decrypt', '--app-id', 'A'], decrypt({ sessionKey: 'E' }), { QQ_SESSION_KEY: 'E' })
    asks(['decrypt', ...BASE], decrypt({ sessionKey: 'K' }), { QQ_SESSION_KEY: 'E' })
    asks(['decrypt', '--help'], { name: 'help', text: expect.stringContaining('QQ_SESSION_KEY') })
  })

  it('reads demo', () => {
    asks(['demo'], { name: 'demo', debug: false })
    asks(['demo', '--debug'], { name: 'demo', debug: true })
    asks(['demo', '--help'], { name: 'help', text: expect.stringContaining('127.0.0.1') })
  })

  it('refuses a missing or unknown command', () => {
    refuses([], 'missing command')
    refuses(['decrypted'], "unknown command 'decrypted'")
    refuses(['--bogus'], "unknown option '--bogus'")
    refuses(['--help', 'decrypt'], "unexpected argument 'decrypt'")
  })

  it('refuses bad decrypt arguments, each in one short line', () => {
    refuses(['decrypt', ...BASE, '--time-zone', 'Mars/Base'], "--time-zone 'Mars/Base' is not a time zone this runtime knows; use an IANA name such as Asia/Shanghai", 'decrypt')
    refuses(['decrypt', '--session-key', 'K'], 'missing --app-id <appid>', 'decrypt')
    refuses(['decrypt', '--app-id', 'A'], 'missing --session-key <key>, or QQ_SESSION_KEY in the environment', 'decrypt')
    refuses(['decrypt', '--app-id', 'A'], 'missing --session-key <key>, or QQ_SESSION_KEY in the environment', 'decrypt', { QQ_SESSION_KEY: '' })
    refuses(['decrypt', '--app-id', '', '--session-key', 'K'], '--app-id is empty; it should be <appid>', 'decrypt')
    refuses(['decrypt', '--app-id=', '--session-key', 'K'], '--app-id is empty; it should be <appid>', 'decrypt')
    refuses(['decrypt', '--app-id', 'A', '--session-key', ''], '--session-key is empty; it should be <key>', 'decrypt', { QQ_SESSION_KEY: 'E' })
    refuses(['decrypt', ...BASE, '--bogus'], "unknown option '--bogus'", 'decrypt')
    refuses(['decrypt', ...BASE, '--iv'], "option '--iv <value>' argument missing", 'decrypt')
    refuses(['decrypt', '--app-id', '--json'], "option '--app-id' argument is ambiguous", 'decrypt')
    refuses(['decrypt', ...BASE, '--json=yes'], "option '--json' does not take an argument", 'decrypt')
    refuses(['decrypt', ...BASE, 'a.json', 'b.json'], "unexpected argument 'b.json'", 'decrypt')
    refuses(['decrypt', ...BASE, '--data', 'a.json', 'b.json'], 'give the data once: --data <file> or <file>, not both', 'decrypt')
    refuses(['decrypt', ...BASE, '--max-age', '5m'], "--max-age should be a whole number of seconds instead of '5m'", 'decrypt')
    refuses(['decrypt', ...BASE, '--max-age', '-1'], "option '--max-age' argument is ambiguous", 'decrypt')
  })

  it('refuses bad demo arguments', () => {
    refuses(['demo', '--port', '80'], "unknown option '--port'", 'demo')
    refuses(['demo', 'now'], "unexpected argument 'now'", 'demo')
  })
})

describe('usage', () => {
  it('gives the short usage of each command', () => {
    expect(usage('')).toBe('Usage: qq-run-data <decrypt|demo> [options]')
    expect(usage('decrypt')).toMatch(/^Usage: qq-run-data decrypt --app-id <appid> --session-key <key>/)
    expect(usage('demo')).toBe('Usage: qq-run-data demo [--debug]')
  })
})
