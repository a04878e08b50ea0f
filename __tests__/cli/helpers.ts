// Runs the command line two ways: `main` in this process (for coverage of src/cli), and the
// built dist/cli.mjs in a child process (for what users run, after `npm run build`).
import { spawn } from 'node:child_process'
import { createConnection } from 'node:net'
import { join } from 'node:path'
import { main } from '../../src/cli/main'
import type { CliIo } from '../../src/cli/io'
import { encryptOpenData } from '../../src/testing'
import { APP_ID, runData } from '../fixtures/run-data'

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.mjs')
// A key with a '+' in it, so the '+'-became-a-space case can be played on the key as well.
export const SESSION_KEY = 'HyVFkGl5F5OQ+JZZaNzBBg=='
export const OTHER_KEY = 'tiihtNczf5v6AKRyjwEUhQ=='

export interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

/** What a mini-program would capture: `payload` encrypted with SESSION_KEY, as QQ does. */
export function capture(payload: object = runData(), sessionKey = SESSION_KEY) {
  return encryptOpenData(payload, { sessionKey })
}

/** Base64 data that has a '+' in it, for the '+'-became-a-space case (no '+' in ~1.5 kB of base64 is a 1e-11 chance). */
export function captureWithPlus() {
  const captured = capture(runData(30))
  if (!captured.encryptedData.includes('+')) throw new Error('no + in the fixture')
  return captured
}

export const decryptArgs = (...more: string[]) => ['decrypt', '--app-id', APP_ID, '--session-key', SESSION_KEY, ...more]

export interface RunOptions {
  stdin?: string | (() => AsyncIterable<Uint8Array>)
  stdinTTY?: boolean
  stdoutTTY?: boolean
  env?: Record<string, string | undefined>
}

/** Runs `main` in this process with strings for stdin, stdout and stderr. */
export async function run(argv: string[], { stdin = '', stdinTTY = false, stdoutTTY = false, env = {} }: RunOptions = {}): Promise<Ran> {
  let stdout = ''
  let stderr = ''
  const chunks =
    typeof stdin == 'string'
      ? (async function* () {
          yield Buffer.from(stdin)
        })()
      : stdin()
  const io: CliIo = {
    stdout: { write: (text) => (stdout += text), isTTY: stdoutTTY },
    stderr: { write: (text) => (stderr += text) },
    stdin: Object.assign(chunks, { isTTY: stdinTTY }),
    env,
  }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

/** Runs the built `node dist/cli.mjs` with `input` on stdin, in an environment with only PATH (and `env`). */
export function spawnCli(args: string[], { input = '', env = {}, timeout = 20000 }: { input?: string; env?: Record<string, string>; timeout?: number } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, timeout })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

/** The ports of the `http://127.0.0.1:<port>` URLs in `text`. */
export const portsIn = (text: string) => [...new Set([...text.matchAll(/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1])))]

/** Resolves with the error code of connecting to 127.0.0.1:`port` ('ECONNREFUSED' when nothing listens), or 'connected'. */
export function connect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.on('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(String(error.code)))
  })
}
