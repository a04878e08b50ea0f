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
 * answered before the code is exchanged, so it never uses the login code up.
 *
 * With `sessions` (a {@link SessionStore}), the app logs in once: `{ platform, code }` is answered
 * `{ session }`, an opaque token whose session keeps the user's `session_key` on the server, and
 * `{ platform, session, encryptedData, iv }` is answered as above without asking the platform.
 * Every failure of a stored session gets `401 { error: 'log in again', relogin: true }` and ends
 * the session; a store that fails or hangs gets 503 within `timeout`. Without `sessions`, nothing
 * is kept between requests.
 *
 * It throws a {@link RunDataError} with code `INVALID_OPTION` at once when an option is unknown
 * or malformed: a misconfigured server doesn't start.
 *
 * @example
 * import { createRunDataHandler, memorySessionStore } from 'taro-qq-run-data/server'
 *
 * const handler = createRunDataHandler({
 *   qq: { appId: process.env.QQ_APP_ID!, appSecret: process.env.QQ_APP_SECRET! },
 *   sessions: memorySessionStore(), // one process; redisSessionStore(client) for several
 *   maxAgeSeconds: 300,
 *   onRunData: async ({ openid, days }) => { await saveDays(openid, days) },
 * })
 * app.post('/api/steps', handler.node) // Express; in Hono: app.post('/api/steps', (c) => handler(c.req.raw))
 */
export function createRunDataHandler(options: RunDataHandlerOptions): RunDataHandler {
  const pipeline = createPipeline(options)
  return Object.assign(fetchTransport(pipeline), { node: nodeTransport(pipeline) })
}
