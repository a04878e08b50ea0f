import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { decryptRunData, isRunDataError, summarizeSteps, toDailySteps } from 'taro-qq-run-data/server'
import { base64Problem } from '../shared/base64'
import { adviceFor } from './advice'
import type { DecryptArgs } from './args'
import { parseCapturedData, SHAPE } from './captured-data'
import { renderDays, renderSummary } from './chart'
import { CliError } from './cli-error'
import { escapeControl, jsonForTerminal } from './escape'
import { wantsColour, type CliIo } from './io'

/**
 * The most the command reads: a real capture is about 2 kB (31 days of WeChat run data), so
 * anything past this is another file, and reading it whole could take all the memory there is.
 */
export const MAX_INPUT = 64 * 1024

const sizeOf = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`)

const tooBig = (what: string, size: string) =>
  new CliError(`${what} is ${size}, more than the ${sizeOf(MAX_INPUT)} this command reads (a real capture is about 2 kB); is it the captured data?`)

// Stops at the cap, so that neither a huge file nor an endless stream (/dev/zero, a pipe) is
// read whole.
async function readCapped(chunks: AsyncIterable<Uint8Array>, what: string): Promise<string> {
  const parts: Uint8Array[] = []
  let size = 0
  for await (const chunk of chunks) {
    size += chunk.length
    if (size > MAX_INPUT) throw tooBig(what, `over ${sizeOf(MAX_INPUT)}`)
    parts.push(chunk)
  }
  return Buffer.concat(parts).toString('utf8')
}

const unreadable = (message: string, cause?: unknown) => new CliError(`cannot read the data: ${escapeControl(message)}`, 1, 'decrypt', { cause })

async function readData(source: string | undefined, io: CliIo): Promise<string> {
  if (source !== undefined && source != '-') {
    let info
    try {
      info = await stat(source)
    } catch (error) {
      throw unreadable((error as Error).message, error)
    }
    if (info.isDirectory()) throw unreadable(`${source} is a directory; pass the file the data was saved in`)
    // A regular file says its size up front; a device or a pipe is stopped by readCapped.
    if (info.isFile() && info.size > MAX_INPUT) throw tooBig(source, sizeOf(info.size))
    return readCapped(createReadStream(source), source)
  }
  // Waiting on a terminal for data nobody announced would look like a hang; '-' says it's coming.
  if (source === undefined && io.stdin.isTTY)
    throw new CliError('no data: pass --data <file> or <file>, or pipe the data into stdin', 2, 'decrypt')
  return readCapped(io.stdin, 'the data on stdin')
}

// What data that is neither JSON nor base64 is, for the message that refuses it.
function notBase64(encryptedData: string): string | undefined {
  const problem = base64Problem('the data', encryptedData, () => true, '')
  if (!problem) return undefined
  return `${problem}, and it is not JSON either${binaryHint(encryptedData)}; it should be ${SHAPE}`
}

// A NUL, or a byte that UTF-8 could not read, is what a binary file saved as the data looks like.
const binaryHint = (data: string) => (/[\u0000\uFFFD]/.test(data) ? ' (this looks like a binary file)' : '')

/**
 * `qq-run-data decrypt`: reads the captured data (QQ's or WeChat's), decrypts it with
 * `decryptRunData`, and prints the daily steps, their chart and the totals, or with `--json`
 * `{ data, days, summary }`. Resolves with the exit code 0; a failure rejects with a
 * {@link CliError}, which for a `RunDataError` carries its code, its message and advice.
 *
 * @example
 * await decryptCommand({ appId: '1109876543', sessionKey, data: 'captured.json', json: true, debug: false }, process)
 */
export async function decryptCommand(args: DecryptArgs, io: CliIo): Promise<number> {
  const captured = parseCapturedData(await readData(args.data, io))
  if (args.iv !== undefined && captured.iv !== undefined && args.iv !== captured.iv)
    throw new CliError('--iv differs from the "iv" in the data; leave --iv out, or use the data captured with it', 2, 'decrypt')
  const iv = args.iv ?? captured.iv
  const { encryptedData } = captured
  if (iv === undefined) {
    const problem = notBase64(encryptedData)
    if (problem) throw new CliError(escapeControl(problem))
    throw new CliError('missing --iv <iv>: the data is bare base64, without an "iv" beside it', 2, 'decrypt')
  }
  const { sessionKey, appId, maxAgeSeconds, timeZone } = args
  let output: string
  try {
    const data = decryptRunData({ encryptedData, iv, sessionKey, appId, maxAgeSeconds })
    const days = toDailySteps(data.stepInfoList, { timeZone })
    const summary = summarizeSteps(days)
    const colour = wantsColour(io)
    output = args.json
      ? jsonForTerminal(JSON.stringify({ data, days, summary }, null, 2)) + '\n'
      : days.length
        ? `${renderDays(days, { colour })}\n${renderSummary(summary, { colour })}`
        : 'no days in the data: its stepInfoList is empty\n'
  } catch (error) {
    if (!isRunDataError(error)) throw error
    // The server kit's messages never name the appid the data was made for, since they may reach
    // logs; whoever runs this command holds the key, and is told.
    const detail =
      error.code == 'APPID_MISMATCH'
        ? ` (the data was made for appid ${escapeControl(error.dataAppId!)})`
        : error.code == 'INVALID_INPUT'
          ? binaryHint(encryptedData)
          : ''
    const advice = adviceFor(error, [sessionKey, iv, encryptedData])
    throw new CliError(`${error.code}: ${escapeControl(error.message)}${detail}\nadvice: ${advice}`, 1, 'decrypt', { cause: error })
  }
  io.stdout.write(output)
  return 0
}
