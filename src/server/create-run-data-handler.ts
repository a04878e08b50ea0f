import { fetchTransport } from './fetch-transport'
import { createPipeline } from './handler/pipeline'
import type { RunDataHandler, RunDataHandlerOptions } from './handler/types'
import { nodeTransport } from './node-transport'

/**
 * Creates the whole run data endpoint: it takes the `{ platform?, code, encryptedData, iv }` that
 * `loginAndGetRunData` posts, exchanges the code with the platform, decrypts and verifies the
 * data, and answers `{ platform, days, summary }` (or what `onRunData` returns). Every failure
 * gets a fixed answer that carries no detail, chosen by its {@link RunDataError} code
 * (`400 { error: 'bad request' }`, `401 { error: 'log in again' }`, `403 { error: 'forbidden' }`,
 * `503 { error: 'try again later' }` with `Retry-After`, `400 { error: 'invalid run data' }`, …),
 * and its cause goes to `onError`. A request refused on its method, type, size or shape is
 * answered before the code is exchanged, so it never uses the login code up. Nothing is kept
 * between requests.
 *
 * It throws a {@link RunDataError} with code `INVALID_OPTION` at once when an option is unknown
 * or malformed: a misconfigured server doesn't start.
 *
 * @example
 * import { createRunDataHandler } from 'taro-qq-run-data/server'
 *
 * const handler = createRunDataHandler({
 *   qq: { appId: process.env.QQ_APP_ID!, appSecret: process.env.QQ_APP_SECRET! },
 *   maxAgeSeconds: 300,
 *   onRunData: async ({ openid, days }) => { await saveDays(openid, days) },
 * })
 * app.post('/api/steps', handler.node) // Express; in Hono: app.post('/api/steps', (c) => handler(c.req.raw))
 */
export function createRunDataHandler(options: RunDataHandlerOptions): RunDataHandler {
  const pipeline = createPipeline(options)
  return Object.assign(fetchTransport(pipeline), { node: nodeTransport(pipeline) })
}
