import { parseArgs } from 'node:util'
import { CliError } from './cli-error'
import { calendarOf } from '../shared/time-zone'

/**
 * The arguments of `qq-run-data decrypt`.
 *
 * @example
 * const args: DecryptArgs = { appId: '1109876543', sessionKey, data: 'captured.json', json: false, debug: false }
 */
export interface DecryptArgs {
  appId: string
  sessionKey: string
  /** Left out when the data is JSON that carries its iv. */
  iv?: string
  /** A file, or `-` for stdin; stdin too when left out. */
  data?: string
  json: boolean
  timeZone?: string
  maxAgeSeconds?: number
  debug: boolean
}

/**
 * What the command line asks for.
 *
 * @example
 * parseCommandLine(['demo']) // { name: 'demo', debug: false }
 */
export type Command =
  | { name: 'help'; text: string }
  | { name: 'version' }
  | { name: 'decrypt'; args: DecryptArgs }
  | { name: 'demo'; debug: boolean }

const USAGE = {
  '': 'Usage: qq-run-data <decrypt|demo> [options]',
  decrypt:
    'Usage: qq-run-data decrypt --app-id <appid> --session-key <key> [--iv <iv>] [--data <file> | <file> | -]\n' +
    '                           [--json] [--time-zone <zone>] [--max-age <seconds>] [--debug]',
  demo: 'Usage: qq-run-data demo [--debug]',
}

const HELP = {
  '': `${USAGE['']}

Decrypts QQ and WeChat run data (QQ运动, 微信运动) and shows it, or runs the whole flow on this
machine.

Commands:
  decrypt   decrypt a captured { encryptedData, iv } and show the daily steps
  demo      run a fake code2Session, an example backend and simulated mini-programs on 127.0.0.1
  help      show this help; 'qq-run-data help <command>' shows a command's

Options:
  -h, --help      show this help; 'qq-run-data <command> --help' shows a command's
  -v, --version   show the version
`,
  decrypt: `${USAGE.decrypt}

Decrypts the encryptedData that getQQRunData or getWeRunData gave a mini-program with the
session_key that code2Session gave your server, then shows the daily steps as a table and bar
chart, and the totals.

The data is the base64 encryptedData as captured, or JSON such as
{ "encryptedData": "…", "iv": "…" } (then --iv may be left out). Whitespace around it and line
breaks inside it are ignored; a space inside is not, because it is usually a '+' that
URL-decoding turned into a space.

Options:
  --app-id <appid>      your mini-program's appid; the data's watermark must name it
  --session-key <key>   the user's session_key (base64 of 16 bytes); without it, QQ_SESSION_KEY
  --iv <iv>             the iv captured with the data (base64 of 16 bytes)
  --data <file>         read the data from <file>; '-', or no file at all, reads stdin
  --time-zone <zone>    the IANA time zone of the dates (default: Asia/Shanghai, as QQ's days)
  --max-age <seconds>   fail with EXPIRED when the data's watermark is older than this
  --json                print { data, days, summary } as JSON
  --debug               print stack traces
  -h, --help            show this help

Environment:
  QQ_SESSION_KEY        the session_key when --session-key is not given: unlike an argument, it
                        does not show in ps or the shell history. --session-key wins over it.

Exit status: 0 done, 1 the data does not decrypt or cannot be read, 2 bad arguments.

Examples:
  QQ_SESSION_KEY="$SESSION_KEY" qq-run-data decrypt --app-id 1109876543 captured.json
  pbpaste | QQ_SESSION_KEY="$SESSION_KEY" qq-run-data decrypt --app-id 1109876543 --iv "$IV" --json
`,
  demo: `${USAGE.demo}

Runs the whole product on this machine, with no network beyond 127.0.0.1:
  1. a fake code2Session that answers jscode2session for QQ and WeChat;
  2. an example app backend: createRunDataHandler from taro-qq-run-data/server on
     node:http (POST /steps), storing one row per (openid, date);
  3. a simulated QQ and a simulated WeChat mini-program running the same client code:
     loginAndGetRunData, then one POST /steps, and the days as a chart; on QQ, a fresh
     login posts tampered data, which gets the one answer the backend gives all bad data;
then a user who refused the scope, and a browser, where run data is not supported. Every
server is closed before it exits.

Options:
  --debug      print stack traces
  -h, --help   show this help
`,
}

/**
 * The short usage line of `command` (the top level for `''`), printed after bad arguments.
 *
 * @example
 * usage('demo') // 'Usage: qq-run-data demo [--debug]'
 */
export const usage = (command: string): string => USAGE[command as keyof typeof USAGE]

// parseArgs explains itself at length ("Unknown option '--x'. To specify a positional argument
// …"); a usage error is one short line, so only the first sentence is kept.
function parsed<T>(command: string, parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    const sentence = (error as Error).message.split(/\.(?:\s|$)|\n/)[0]!
    throw new CliError(sentence.charAt(0).toLowerCase() + sentence.slice(1), 2, command)
  }
}

function decrypt(args: string[], env: Record<string, string | undefined>): Command {
  const { values, positionals } = parsed('decrypt', () =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        'app-id': { type: 'string' },
        'session-key': { type: 'string' },
        iv: { type: 'string' },
        data: { type: 'string' },
        json: { type: 'boolean' },
        'time-zone': { type: 'string' },
        'max-age': { type: 'string' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  )
  if (values.help) return { name: 'help', text: HELP.decrypt }
  const bad = (message: string) => new CliError(message, 2, 'decrypt')
  if (positionals.length > 1) throw bad(`unexpected argument '${positionals[1]}'`)
  if (positionals.length && values.data !== undefined) throw bad('give the data once: --data <file> or <file>, not both')
  const appId = values['app-id']
  // The environment keeps the key out of `ps` and the shell history. An empty variable counts as
  // unset; an empty option does not fall back to it, as it is most likely "$KEY" with KEY unset.
  const sessionKey = values['session-key'] ?? (env.QQ_SESSION_KEY || undefined)
  const maxAge = values['max-age']
  if (appId === undefined) throw bad('missing --app-id <appid>')
  if (appId === '') throw bad('--app-id is empty; it should be <appid>')
  if (sessionKey === undefined) throw bad('missing --session-key <key>, or QQ_SESSION_KEY in the environment')
  if (sessionKey === '') throw bad('--session-key is empty; it should be <key>')
  if (maxAge !== undefined && !/^\d+$/.test(maxAge))
    throw bad(`--max-age should be a whole number of seconds instead of '${maxAge}'`)
  const timeZone = values['time-zone']
  if (timeZone !== undefined && !calendarOf(timeZone))
    throw bad(`--time-zone '${timeZone}' is not a time zone this runtime knows; use an IANA name such as Asia/Shanghai`)
  return {
    name: 'decrypt',
    args: {
      appId,
      sessionKey,
      iv: values.iv,
      data: values.data ?? positionals[0],
      json: !!values.json,
      timeZone,
      maxAgeSeconds: maxAge === undefined ? undefined : Number(maxAge),
      debug: !!values.debug,
    },
  }
}

function demo(args: string[]): Command {
  const { values } = parsed('demo', () =>
    parseArgs({ args, strict: true, options: { debug: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }),
  )
  return values.help ? { name: 'help', text: HELP.demo } : { name: 'demo', debug: !!values.debug }
}

/** `help [command]`: the same text as `--help` and `<command> --help`. */
function help(args: readonly string[]): Command {
  const [topic, ...stray] = args
  if (stray.length) throw new CliError(`unexpected argument '${stray[0]}'`, 2)
  if (topic === undefined) return { name: 'help', text: HELP[''] }
  if (topic == 'decrypt' || topic == 'demo') return { name: 'help', text: HELP[topic] }
  throw new CliError(`unknown command '${topic}'`, 2)
}

/**
 * Reads the arguments (without `node` and the script) into a {@link Command}, and `decrypt`'s
 * session key from `env.QQ_SESSION_KEY` when `--session-key` is not given. Bad arguments throw a
 * {@link CliError} with exit code 2: an unknown command or option, a missing value, a missing or
 * empty required option, a stray argument.
 *
 * @example
 * parseCommandLine(['decrypt', '--app-id', '1109876543', 'captured.json'], process.env)
 */
export function parseCommandLine(argv: readonly string[], env: Record<string, string | undefined>): Command {
  const [first, ...rest] = argv
  if (first == 'decrypt') return decrypt(rest, env)
  if (first == 'demo') return demo(rest)
  if (first == 'help') return help(rest)
  if (first !== undefined && !first.startsWith('-')) throw new CliError(`unknown command '${first}'`, 2)
  const { values } = parsed('', () =>
    parseArgs({
      args: [...argv],
      strict: true,
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    }),
  )
  if (values.help) return { name: 'help', text: HELP[''] }
  if (values.version) return { name: 'version' }
  throw new CliError('missing command', 2)
}
