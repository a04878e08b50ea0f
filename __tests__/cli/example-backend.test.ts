import { startExampleBackend, type ExampleBackend } from '../../src/cli/example-backend'
import type { Code2SessionPlatform } from '../../src/server'
import { mockQQRuntime, mockWeChatRuntime, startFakeCode2SessionServer, type FakeCode2SessionServer } from '../../src/testing'
import { APP_ID, capture, JUNE_1, OTHER_KEY, runData, SESSION_KEY } from './helpers'

const APP_SECRET = 'example-secret'
const WECHAT_APP_ID = 'wx0123456789abcdef'
const apps = { qq: { appId: APP_ID, appSecret: APP_SECRET }, weapp: { appId: WECHAT_APP_ID, appSecret: 'wechat-secret' } }

let platformApi: FakeCode2SessionServer
let backend: ExampleBackend
const logged: string[] = []
beforeAll(async () => {
  platformApi = await startFakeCode2SessionServer()
  backend = await startExampleBackend({ apps, endpoint: platformApi.endpoint, log: (line) => logged.push(line) })
})
afterAll(() => Promise.all([backend.close(), platformApi.close()]))

/** A login code for the user whose session key is `sessionKey`, handed out by a mock's login as the platform would. */
async function issue(sessionKey = SESSION_KEY, platform: Code2SessionPlatform = 'qq') {
  const runtime = platform == 'qq' ? mockQQRuntime({ sessionKey }) : mockWeChatRuntime({ sessionKey, appId: WECHAT_APP_ID })
  try {
    const host = (globalThis as unknown as Record<string, { login(callbacks: { success(res: { code: string }): void }): void }>)[platform == 'qq' ? 'qq' : 'wx']!
    return await new Promise<string>((resolve) => host.login({ success: ({ code }) => resolve(code) }))
  } finally {
    runtime.restore()
  }
}
beforeEach(() => (logged.length = 0))

/** POSTs `body` (JSON, unless a string) and gives back the answer as text. */
async function post(path: string, body: unknown, url = backend.url) {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body == 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() }
}

/** Logs in as the user whose session key is `sessionKey`, as the mini-program would, and gives the token. */
async function login(sessionKey = SESSION_KEY, platform: Code2SessionPlatform = 'qq') {
  const code = await issue(sessionKey, platform)
  const { status, body } = await post('/login', platform == 'qq' ? { code } : { code, platform })
  expect(status).toBe(200)
  return JSON.parse(body).token as string
}

describe('the example backend', () => {
  it('exchanges the code for a random session token, and keeps the session key to itself', async () => {
    const code = await issue()
    const answer = await post('/login', { code })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({ token: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) })
    expect(answer.body).not.toContain(SESSION_KEY)
    expect(await login()).not.toBe(await login())
  })

  it("decrypts the data with the session's key into days and their summary", async () => {
    const token = await login()
    const answer = await post('/steps', { token, ...capture(runData(2)) })
    expect(answer.status).toBe(200)
    const days = [
      { date: '2024-06-01', steps: 1000, timestamp: JUNE_1 },
      { date: '2024-06-02', steps: 1100, timestamp: JUNE_1 + 86400 },
    ]
    expect(JSON.parse(answer.body)).toEqual({ days, summary: { days: 2, total: 2100, average: 1050, best: days[1], latest: days[1] } })
  })

  it("decrypts WeChat's data with the WeChat app's appid, and QQ's without a watermark", async () => {
    const weapp = await login(SESSION_KEY, 'weapp')
    const wechatData = capture(runData(1, { appid: WECHAT_APP_ID }))
    const day = { date: '2024-06-01', steps: 1000, timestamp: JUNE_1 }
    const summary = { days: 1, total: 1000, average: 1000, best: day, latest: day }
    expect(await post('/steps', { token: weapp, ...wechatData })).toEqual({ status: 200, type: 'application/json', body: JSON.stringify({ days: [day], summary }) })
    const qq = await login()
    expect((await post('/steps', { token: qq, ...wechatData })).status).toBe(400)
    expect(logged).toEqual([expect.stringMatching(/^POST \/steps failed: APPID_MISMATCH: /)])
    const bare = capture({ stepInfoList: [{ timestamp: JUNE_1, step: 1000 }] })
    expect(await post('/steps', { token: qq, ...bare })).toEqual({ status: 200, type: 'application/json', body: JSON.stringify({ days: [day], summary }) })
  })

  // Every way the data can be wrong, one line each, with the code the server log names.
  const old = Math.floor(Date.now() / 1000) - 301
  it.each<[string, string, (token: string) => unknown]>([
    ['that is not JSON', 'BAD_REQUEST', (token) => `{"token":"${token}",`],
    ['that is JSON null', 'BAD_REQUEST', () => 'null'],
    ['over 64 kB', 'BAD_REQUEST', (token) => ({ token, ...capture(), padding: 'x'.repeat(70000) })],
    ['without encryptedData', 'INVALID_INPUT', (token) => ({ token, iv: capture().iv })],
    ["with a '+' turned into a space", 'INVALID_INPUT', (token) => ({ token, iv: capture().iv, encryptedData: 'ab c'.repeat(8) })],
    ['encrypted with another key', 'DECRYPT_FAILED', (token) => ({ token, ...capture(runData(), OTHER_KEY) })],
    ["of another API", 'INVALID_PAYLOAD', (token) => ({ token, ...capture({ openGId: 'G', watermark: runData().watermark }) })],
    ['made for another app', 'APPID_MISMATCH', (token) => ({ token, ...capture(runData(3, { appid: '1100000000' })) })],
  ])('answers data %s like every other failure, and logs %s on the server only', async (_, code, body) => {
    const token = await login()
    const answer = await post('/steps', body(token))
    // One status, one body, for every reason: distinct answers would make a padding oracle.
    expect(answer).toEqual({ status: 400, type: 'application/json', body: '{"error":"invalid run data"}' })
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^POST /steps failed: ${code}: `))])
    expect(logged[0]).not.toContain(SESSION_KEY)
  })

  it.each<[string, string, object]>([
    ['over 5 minutes old', 'EXPIRED', runData(3, { appid: WECHAT_APP_ID, timestamp: old })],
    ['without a watermark', 'INVALID_PAYLOAD', { stepInfoList: [] }],
  ])('answers WeChat data %s like every other failure, and logs %s', async (_, code, payload) => {
    const token = await login(SESSION_KEY, 'weapp')
    expect(await post('/steps', { token, ...capture(payload) })).toEqual({ status: 400, type: 'application/json', body: '{"error":"invalid run data"}' })
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^POST /steps failed: ${code}: `))])
  })

  it('answers 401 to a token it does not know, before looking at the data', async () => {
    expect(await post('/steps', { token: 'made-up', ...capture() })).toEqual({ status: 401, type: 'application/json', body: '{"error":"log in again"}' })
    expect((await post('/steps', capture())).status).toBe(401)
  })

  it('answers 401 to a login that fails, and logs why', async () => {
    const failed = { status: 401, type: 'application/json', body: '{"error":"login failed"}' }
    expect(await post('/login', { code: 'never-issued' })).toEqual(failed)
    expect(await post('/login', {})).toEqual(failed)
    expect(await post('/login', 'code=abc')).toEqual(failed)
    expect(await post('/login', { code: 'c', platform: 'alipay' })).toEqual(failed)
    expect(await post('/login', { code: 'c', platform: 'toString' })).toEqual(failed)
    expect(await post('/login', { code: 'never-issued', platform: 'weapp' })).toEqual(failed)
    expect(logged).toEqual([
      expect.stringMatching(/^POST \/login failed: API_ERROR: code2Session: QQ answered errcode 40029/),
      expect.stringMatching(/^POST \/login failed: INVALID_INPUT: code2Session: code should be a non-empty String/),
      expect.stringMatching(/^POST \/login failed: BAD_REQUEST: /),
      'POST /login failed: BAD_REQUEST: no app for the platform "alipay"',
      'POST /login failed: BAD_REQUEST: no app for the platform "toString"',
      expect.stringMatching(/^POST \/login failed: API_ERROR: code2Session: WeChat answered errcode 40029/),
    ])
  })

  it('answers 404 off its two routes, and counts every request', async () => {
    const before = backend.requests
    expect((await fetch(`${backend.url}/steps`)).status).toBe(404)
    expect((await post('/logout', {})).status).toBe(404)
    expect(backend.requests).toBe(before + 2)
  })

  it('logs nowhere unless given a log', async () => {
    const quiet = await startExampleBackend({ apps, endpoint: platformApi.endpoint })
    try {
      expect((await post('/steps', 'nonsense', quiet.url)).status).toBe(400)
    } finally {
      await quiet.close()
    }
  })
})
