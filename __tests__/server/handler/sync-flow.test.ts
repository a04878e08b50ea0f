// The whole login-once flow with real parts: syncRunData in the testing kit's mini-programs, the
// real endpoint with a session store on loopback, and the fake jscode2session. And the cloud path:
// syncRunData with a cloud function that is cloudRunData.
import { syncRunData } from 'taro-qq-run-data'
import { cloudRunData, createRunDataHandler, memorySessionStore, type RunDataStage, type SessionStore } from 'taro-qq-run-data/server'
import { mockQQRuntime, mockWeChatRuntime, startFakeCode2SessionServer, type FakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { DAYS, QQ_APP, STEPS, SUMMARY, WEAPP_APP, type Running } from './helpers'
import { FRAMEWORKS } from './frameworks'


let fake: FakeCode2SessionServer
let server: Running
// The memory store, and a way to make the server forget every session.
let kept = memorySessionStore()
const store: SessionStore = { get: (key) => kept.get(key), set: (key, value, ttl) => kept.set(key, value, ttl), delete: (key) => kept.delete(key) }
const forgetEverySession = () => void (kept = memorySessionStore())
const stages: RunDataStage[] = []

beforeAll(async () => {
  fake = await startFakeCode2SessionServer()
  server = await FRAMEWORKS['node:http']!(
    createRunDataHandler({
      qq: QQ_APP,
      weapp: WEAPP_APP,
      endpoints: { qq: fake.endpoint, weapp: fake.endpoint },
      sessions: store,
      onError: (_error, { stage }) => void stages.push(stage),
    }),
  )
})
afterAll(async () => {
  await server.close()
  await fake.close()
})

describe.each([
  ['QQ', () => mockQQRuntime({ appId: QQ_APP.appId, steps: STEPS }), 'qq'],
  ['WeChat', () => mockWeChatRuntime({ appId: WEAPP_APP.appId, steps: STEPS }), 'weapp'],
] as const)('syncRunData in %s against the real endpoint', (_name, mock, platform) => {
  let runtime: ReturnType<typeof mock>
  beforeEach(() => {
    runtime = mock()
    stages.length = 0
  })
  afterEach(() => runtime.restore())
  const sync = () => syncRunData({ url: server.url, timeout: 5000 })
  const answer = { platform, days: DAYS, summary: SUMMARY }

  it('logs in and exchanges once, then neither', async () => {
    const exchanges = fake.calls
    await expect(sync()).resolves.toEqual(answer)
    expect([runtime.calls.login, fake.calls - exchanges]).toEqual([1, 1])
    await expect(sync()).resolves.toEqual(answer)
    await expect(sync()).resolves.toEqual(answer)
    expect([runtime.calls.login, runtime.calls.checkSession, fake.calls - exchanges]).toEqual([1, 2, 1])
  })

  it('logs in exactly once more when the server forgot the session', async () => {
    await sync()
    forgetEverySession()
    await expect(sync()).resolves.toEqual(answer)
    expect(runtime.calls.login).toBe(2)
    expect(stages).toEqual(['session'])
  })

  it('logs in once, with a rotated key, after the platform ends the session', async () => {
    await sync()
    const before = runtime.sessionKey
    runtime.expireSession()
    await expect(sync()).resolves.toEqual(answer)
    expect(runtime.calls.login).toBe(2)
    expect(runtime.sessionKey).not.toBe(before)
  })

  it('repairs a tampered payload with one relogin, the session it was sent with gone', async () => {
    await sync()
    const host = (globalThis as unknown as Record<string, { request(option: { data: Record<string, string> }): void }>)[platform == 'qq' ? 'qq' : 'wx']!
    const request = host.request
    let tampered: string | undefined
    host.request = (option) => {
      if (!tampered && option.data.session) {
        tampered = option.data.session
        const bytes = Buffer.from(option.data.encryptedData!, 'base64')
        bytes[bytes.length - 1]! ^= 1
        option = { ...option, data: { ...option.data, encryptedData: bytes.toString('base64') } }
      }
      request(option)
    }
    await expect(sync()).resolves.toEqual(answer)
    expect(runtime.calls.login).toBe(2)
    expect(stages).toEqual(['session'])
    // The tampered-with session no longer opens even good data.
    const method = platform == 'qq' ? 'getQQRunData' : 'getWeRunData'
    const data = await new Promise((resolve) => (host as unknown as Record<string, (option: object) => void>)[method]!({ success: resolve }))
    const { encryptedData, iv } = data as { encryptedData: string; iv: string }
    const refused = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform, session: tampered, encryptedData, iv }) })
    expect([refused.status, await refused.text()]).toEqual([401, '{"error":"log in again","relogin":true}'])
  })

  it('shares one login between two calls at the same moment', async () => {
    const both = await Promise.all([sync(), sync()])
    expect(both).toEqual([answer, answer])
    expect(runtime.calls.login).toBe(1)
  })
})

it('gives a cloud function the event cloudRunData turns into days', async () => {
  const runtime = mockWeChatRuntime({ appId: WEAPP_APP.appId, steps: STEPS, cloud: (event) => cloudRunData(event) })
  try {
    await expect(syncRunData({ cloudFunction: 'runData', timeout: 5000 })).resolves.toEqual({ openid: runtime.openid, days: DAYS, summary: SUMMARY })
    expect(runtime.calls.login).toBe(0)
  } finally {
    runtime.restore()
  }
})

