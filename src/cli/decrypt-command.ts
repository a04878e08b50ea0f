import { readFile } from 'node:fs/promises'
import { decryptQQRunData, isQQRunDataError, summarizeSteps, toDailySteps } from 'taro-qq-run-data/server'
import { adviceFor } from './advice'
import type { DecryptArgs } from './args'
import { parseCapturedData } from './captured-data'
import { renderDays, renderSummary } from './chart'
import { CliError } from './cli-error'
import { wantsColour, type CliIo } from './io'

async function readData(source: string | undefined, io: CliIo): Promise<string> {
  if (source !== undefined && source != '-') {
    try {
      return await readFile(source, 'utf8')
    } catch (error) {
      throw new CliError(`cannot read the data: ${(error as Error).message}`, 1, 'decrypt', { cause: error })
    }
  }
  // Waiting on a terminal for data nobody announced would look like a hang; '-' says it's coming.
  if (source === undefined && io.stdin.isTTY)
    throw new CliError('no data: pass --data <file> or <file>, or pipe the data into stdin', 2, 'decrypt')
  const chunks: Uint8Array[] = []
  for await (const chunk of io.stdin) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * `qq-run-data decrypt`: reads the captured data, decrypts it with `decryptQQRunData`, and
 * prints the daily steps, their chart and the totals, or with `--json` `{ data, days, summary }`.
 * Resolves with the exit code 0; a failure rejects with a {@link CliError}, which for a
 * `QQRunDataError` carries its code, its message and advice.
 *
 * @example
 * await decryptCommand({ appId: '1109876543', sessionKey, data: 'captured.json', json: true, debug: false }, process)
 */
export async function decryptCommand(args: DecryptArgs, io: CliIo): Promise<number> {
  const captured = parseCapturedData(await readData(args.data, io))
  if (args.iv !== undefined && captured.iv !== undefined && args.iv !== captured.iv)
    throw new CliError('--iv differs from the "iv" in the data; leave --iv out, or use the data captured with it', 2, 'decrypt')
  const iv = args.iv ?? captured.iv
  if (iv === undefined) throw new CliError('missing --iv <iv>: the data is bare base64, without an "iv" beside it', 2, 'decrypt')
  const { encryptedData } = captured
  const { sessionKey, appId, maxAgeSeconds, timeZone } = args
  let output: string
  try {
    const data = decryptQQRunData({ encryptedData, iv, sessionKey, appId, maxAgeSeconds })
    const days = toDailySteps(data.stepInfoList, { timeZone })
    const summary = summarizeSteps(days)
    const colour = wantsColour(io)
    output = args.json
      ? JSON.stringify({ data, days, summary }, null, 2) + '\n'
      : days.length
        ? `${renderDays(days, { colour })}\n${renderSummary(summary, { colour })}`
        : 'no days in the data: its stepInfoList is empty\n'
  } catch (error) {
    if (!isQQRunDataError(error)) throw error
    const advice = adviceFor(error.code, [sessionKey, iv, encryptedData])
    throw new CliError(`${error.code}: ${error.message}\nadvice: ${advice}`, 1, 'decrypt', { cause: error })
  }
  io.stdout.write(output)
  return 0
}
