import { startFakeQQApi, type FakeQQApi } from '../../src/cli/fake-qq-api'
import { code2Session, QQApiError } from '../../src/server'
import { connect } from './helpers'

const APP_ID = '1109876543'
const APP_SECRET = 'secret+/='
const SESSION_KEY = 'HyVFkGl5F5OQ+JZZaNzBBg=='

let qqApi: FakeQQApi
beforeAll(async () => (qqApi = await startFakeQQApi({ appId: APP_ID, appSecret: APP_SECRET })))
afterAll(() => qqApi.close())

const exchange = (code: string, overrides: { appId?: string; appSecret?: string } = {}) =>
  code2Session({ appId: APP_ID, appSecret: APP_SECRET, code, endpoint: qqApi.endpoint, ...overrides })
const errcode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: QQApiError) => error.errcode,
  )

describe('startFakeQQApi', () => {
  it('answers jscode2session on 127.0.0.1 as QQ does', async () => {
    expect(qqApi.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sns\/jscode2session$/)
    qqApi.issue('code-1', SESSION_KEY)
    const session = await exchange('code-1')
    expect(session).toEqual({ openid: expect.stringMatching(/^o[0-9a-f]{24}$/), sessionKey: SESSION_KEY })
  })

  it('takes each code once, as QQ does', async () => {
    qqApi.issue('code-2', SESSION_KEY)
    await exchange('code-2')
    expect(await errcode(exchange('code-2'))).toBe(40029)
    expect(await errcode(exchange('never-issued'))).toBe(40029)
  })

  it("answers 40013 for another app's appid or secret", async () => {
    qqApi.issue('code-3', SESSION_KEY)
    expect(await errcode(exchange('code-3', { appId: '1100000000' }))).toBe(40013)
    expect(await errcode(exchange('code-3', { appSecret: 'guess' }))).toBe(40013)
    await expect(exchange('code-3')).resolves.toMatchObject({ sessionKey: SESSION_KEY })
  })

  it('answers 40029 without grant_type=authorization_code, and 404 off its one path', async () => {
    qqApi.issue('code-4', SESSION_KEY)
    const url = new URL(qqApi.endpoint)
    url.search = new URLSearchParams({ appid: APP_ID, secret: APP_SECRET, js_code: 'code-4' }).toString()
    expect(await (await fetch(url)).json()).toEqual({ errcode: 40029, errmsg: 'invalid code' })
    expect((await fetch(qqApi.url)).status).toBe(404)
    expect((await fetch(url, { method: 'POST' })).status).toBe(404)
  })

  it('frees its port when closed', async () => {
    const other = await startFakeQQApi({ appId: APP_ID, appSecret: APP_SECRET })
    await other.close()
    expect(await connect(other.port)).toBe('ECONNREFUSED')
  })
})
