// Every row of the handler's tables, with the exact status and body, in every framework the
// docs/server.md has a tested recipe for, on both platforms.
import { createRunDataHandler, type RunDataHandler } from 'taro-qq-run-data/server'
import { encryptOpenData, startFakeCode2SessionServer, type FakeCode2SessionFault, type FakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { FRAMEWORKS } from './frameworks'
import { DAYS, mockLogin, QQ_APP, send, STEPS, SUMMARY, WEAPP_APP, type Answer, type Platform, type Running } from './helpers'

const TIMEOUT = 300

const BAD_REQUEST = '{"error":"bad request"}'
const INVALID_RUN_DATA = '{"error":"invalid run data"}'
const LOG_IN_AGAIN = '{"error":"log in again"}'
const TRY_AGAIN_LATER = '{"error":"try again later"}'
const INTERNAL_ERROR = '{"error":"internal error"}'
const FORBIDDEN = '{"error":"forbidden"}'
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

type Login = ReturnType<typeof mockLogin>
type Request = Parameters<typeof send>[1]

let fake: FakeCode2SessionServer
let handler: RunDataHandler
const stages: string[] = []

beforeAll(async () => {
  fake = await startFakeCode2SessionServer()
  handler = createRunDataHandler({
    qq: QQ_APP,
    weapp: WEAPP_APP,
    endpoints: { qq: fake.endpoint, weapp: fake.endpoint },
    timeout: TIMEOUT,
    maxAgeSeconds: 300,
    onError: (_error, { stage }) => void stages.push(stage),
  })
})
afterAll(() => fake.close())
beforeEach(() => {
  stages.length = 0
  fake.heal()
})

const json = (body: object): Request => ({ body: JSON.stringify(body) })
const lastBlockFlipped = (encryptedData: string) => {
  const bytes = Buffer.from(encryptedData, 'base64')
  bytes[bytes.length - 1]! ^= 0x01
  return bytes.toString('base64')
}

// [what, the request, status, headers it must have, exact body]
const REFUSALS: [string, (login: Login) => Promise<Request>, number, Record<string, string>, string][] = [
  ['a GET', async () => ({ method: 'GET', type: null }), 405, { allow: 'POST' }, ''],
  ['a PUT of a valid body', async (login) => ({ method: 'PUT', ...json(await login.body()) }), 405, { allow: 'POST' }, ''],
  ['a text/plain body', async (login) => ({ type: 'text/plain', ...json(await login.body()) }), 415, {}, ''],
  ['a form', async () => ({ type: 'application/x-www-form-urlencoded', body: 'code=abc&iv=a+b' }), 415, {}, ''],
  ['a body without a content-type', async (login) => ({ type: null, ...json(await login.body()) }), 415, {}, ''],
  ['a declared length over maxBodyBytes', async () => ({ body: `"${'x'.repeat(70_000)}"` }), 413, {}, ''],
  ['a chunked body over maxBodyBytes', async () => ({ body: [Buffer.alloc(40_000, 32), Buffer.alloc(40_000, 32)] }), 413, {}, ''],
  ['a body that is not JSON', async () => ({ body: '{"code":' }), 400, JSON_HEADERS, BAD_REQUEST],
  ['an empty body', async () => ({ body: '' }), 400, JSON_HEADERS, BAD_REQUEST],
  ['JSON null', async () => ({ body: 'null' }), 400, JSON_HEADERS, BAD_REQUEST],
  ['a JSON array', async () => ({ body: '[]' }), 400, JSON_HEADERS, BAD_REQUEST],
  ['a JSON string', async () => ({ body: '"code"' }), 400, JSON_HEADERS, BAD_REQUEST],
  ['a body without code', async (login) => json(await login.body({ code: undefined })), 400, JSON_HEADERS, BAD_REQUEST],
  ['an empty code', async (login) => json(await login.body({ code: '' })), 400, JSON_HEADERS, BAD_REQUEST],
  ['a code that is a Number', async (login) => json(await login.body({ code: 42 })), 400, JSON_HEADERS, BAD_REQUEST],
  ['a body without encryptedData', async (login) => json(await login.body({ encryptedData: undefined })), 400, JSON_HEADERS, BAD_REQUEST],
  ['an iv that is an Array', async (login) => json(await login.body({ iv: [] })), 400, JSON_HEADERS, BAD_REQUEST],
  ['an unknown platform', async (login) => json(await login.body({ platform: 'alipay' })), 400, JSON_HEADERS, BAD_REQUEST],
  ['a platform that is a Number', async (login) => json(await login.body({ platform: 1 })), 400, JSON_HEADERS, BAD_REQUEST],
  ['no platform while both are configured', async (login) => json(await login.body({ platform: undefined })), 400, JSON_HEADERS, BAD_REQUEST],
  ['an iv of 12 bytes', async (login) => json(await login.body({ iv: 'AAAAAAAAAAAAAAAA' })), 400, JSON_HEADERS, BAD_REQUEST],
  ['encryptedData in base64url', async (login) => json(await login.body({ encryptedData: '-_-_AAAAAAAAAAAAAAAAAA==' })), 400, JSON_HEADERS, BAD_REQUEST],
  ['a code of 20 kB', async (login) => json(await login.body({ code: 'c'.repeat(20_000) })), 400, JSON_HEADERS, BAD_REQUEST],
  ['a code of 257 characters', async (login) => json(await login.body({ code: 'c'.repeat(257) })), 400, JSON_HEADERS, BAD_REQUEST],
  ['a code with a control character', async (login) => json(await login.body({ code: 'abc\u0000def' })), 400, JSON_HEADERS, BAD_REQUEST],
]

// [what, the fault the platform plays, status, exact body, Retry-After, the stage onError is told]
const EXCHANGE: [string, FakeCode2SessionFault, number, string, string | undefined, string][] = [
  ['is busy (-1)', 'busy', 503, TRY_AGAIN_LATER, '1', 'code2Session'],
  ['rate-limits the user (45011)', 'rate-limit', 503, TRY_AGAIN_LATER, '60', 'code2Session'],
  ['blocks a high-risk user (40226)', 'high-risk', 403, FORBIDDEN, undefined, 'code2Session'],
  ['answers HTTP 500', 'http-500', 503, TRY_AGAIN_LATER, '1', 'code2Session'],
  ['answers an HTML page', 'html', 503, TRY_AGAIN_LATER, '1', 'code2Session'],
  ['resets the connection', 'reset', 503, TRY_AGAIN_LATER, '1', 'code2Session'],
  ['hangs', 'hang', 503, TRY_AGAIN_LATER, '1', 'code2Session'],
  ['rejects the appid (40013)', 'invalid-appid', 500, INTERNAL_ERROR, undefined, 'configuration'],
  ['rejects the secret (40125)', 'invalid-secret', 500, INTERNAL_ERROR, undefined, 'configuration'],
]

// [what, how to spoil a valid body]
const RUN_DATA_FAILURES: [string, (login: Login, platform: Platform) => Promise<Record<string, unknown>>][] = [
  ['data whose last block is corrupt', async (login) => {
    const body = await login.body()
    return { ...body, encryptedData: lastBlockFlipped(body.encryptedData) }
  }],
  ['data encrypted with another key', async (login) => {
    const body = await login.body()
    return { ...body, ...encryptOpenData({ stepInfoList: STEPS, watermark: { appid: login.runtime.appId, timestamp: Math.floor(Date.now() / 1000) } }, { sessionKey: 'AAAAAAAAAAAAAAAAAAAAAA==' }) }
  }],
  ['data made for another app', async (login) => ({
    ...(await login.body()),
    ...encryptOpenData({ stepInfoList: STEPS, watermark: { appid: 'another-app', timestamp: Math.floor(Date.now() / 1000) } }, { sessionKey: login.runtime.sessionKey }),
  })],
  ['data stamped an hour ago, over maxAgeSeconds', async (login) => ({
    ...(await login.body()),
    ...encryptOpenData({ stepInfoList: STEPS, watermark: { appid: login.runtime.appId, timestamp: Math.floor(Date.now() / 1000) - 3600 } }, { sessionKey: login.runtime.sessionKey }),
  })],
  ['data that is not run data', async (login) => ({
    ...(await login.body()),
    ...encryptOpenData({ stepInfoList: 'many', watermark: { appid: login.runtime.appId, timestamp: Math.floor(Date.now() / 1000) } }, { sessionKey: login.runtime.sessionKey }),
  })],
]

async function settled(server: Running): Promise<number> {
  // The server side of a closed connection goes away a moment after the client's.
  for (let i = 0; i < 50 && (await server.connections()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10))
  return server.connections()
}

const expectAnswer = (answer: Answer, status: number, headers: Record<string, string>, text: string) => {
  expect(answer.status).toBe(status)
  expect(answer.headers).toEqual(expect.objectContaining(headers))
  expect(answer.text).toBe(text)
}

describe.each(Object.entries(FRAMEWORKS))('the handler in %s', (_name, mount) => {
  let server: Running
  beforeAll(async () => {
    server = await mount(handler)
  })
  afterAll(() => server.close())
  afterEach(async () => expect(await settled(server)).toBe(0))

  describe.each<Platform>(['qq', 'weapp'])('on %s', (platform) => {
    let login: Login
    beforeAll(() => {
      login = mockLogin(platform, { steps: STEPS })
    })
    afterAll(() => login.runtime.restore())

    it('answers 200 with the platform, the days and their summary', async () => {
      const answer = await send(server.url, json(await login.body()))
      expect(answer.status).toBe(200)
      expect(answer.headers).toEqual(expect.objectContaining(JSON_HEADERS))
      expect(JSON.parse(answer.text)).toEqual({ platform, days: DAYS, summary: SUMMARY })
    })

    it.each(REFUSALS)('answers %s before exchanging the code', async (_what, request, status, headers, text) => {
      const options = await request(login)
      const calls = fake.calls
      expectAnswer(await send(server.url, options), status, headers, text)
      expect(fake.calls).toBe(calls)
      expect(stages).toEqual(['request'])
    })

    it('answers 401 "log in again" to a code the platform never issued (40029)', async () => {
      expectAnswer(await send(server.url, json(await login.body({ code: 'never-issued' }))), 401, JSON_HEADERS, LOG_IN_AGAIN)
    })

    it('answers 401 "log in again" to a code already used (40163)', async () => {
      const body = await login.body()
      expect((await send(server.url, json(body))).status).toBe(200)
      expectAnswer(await send(server.url, json(body)), 401, JSON_HEADERS, LOG_IN_AGAIN)
    })

    it.each(EXCHANGE)('answers when the platform %s', async (_what, fault, status, text, retryAfter, stage) => {
      const body = await login.body()
      fake.fail(fault)
      const started = Date.now()
      const answer = await send(server.url, json(body))
      expectAnswer(answer, status, JSON_HEADERS, text)
      expect(answer.headers['retry-after']).toBe(retryAfter)
      expect(Date.now() - started).toBeLessThan(TIMEOUT + 500)
      expect(stages).toEqual([stage])
    })

    it.each(RUN_DATA_FAILURES)('answers 400 "invalid run data" to %s', async (_what, spoil) => {
      expectAnswer(await send(server.url, json(await spoil(login, platform))), 400, JSON_HEADERS, INVALID_RUN_DATA)
      expect(stages).toEqual(['decrypt'])
    })
  })
})
