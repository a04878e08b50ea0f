import { randomBytes } from 'node:crypto'
import { getQQRunData, isNotSupported, loginAndGetQQRunData } from 'taro-qq-run-data'
import type { Code2SessionPlatform, DailySteps, StepsSummary } from 'taro-qq-run-data/server'
import { mockQQRuntime, mockWeChatRuntime, startFakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { renderDays, renderSummary } from './chart'
import { startExampleBackend } from './example-backend'
import { wantsColour, type CliIo } from './io'
import { postJson } from './post-json'

const QQ_APP_ID = '1109876543'
const WECHAT_APP_ID = 'wx4f4bc4dec97d474b'

const errMsg = (res: unknown) => (res as { errMsg: string }).errMsg

type NativeHost = Record<string, (callbacks: { success(res: unknown): void; fail(res: unknown): void }) => void>

// A native API called as a mini-program calls it, for the WeChat flow: the mock answers it.
const callWx = <T>(method: string) =>
  new Promise<T>((resolve, reject) =>
    ((globalThis as unknown as { wx: NativeHost }).wx[method]!)({ success: (res) => resolve(res as T), fail: reject }),
  )

/** What one simulated mini-program fetched: its login code and the encrypted run data. */
interface Fetched {
  code: string
  encryptedData: string
  iv: string
}

/**
 * `qq-run-data demo`: runs the whole product on this machine, with no network beyond
 * 127.0.0.1. The testing kit's fake code2Session server and the example backend listen on free
 * loopback ports; a simulated QQ mini-program (`mockQQRuntime`) runs the real
 * `loginAndGetQQRunData`, and a simulated WeChat one (`mockWeChatRuntime`) `wx.login` and
 * `wx.getWeRunData`; each posts its code, then its encrypted data, to the backend, and the days
 * it gets back are drawn with their totals. Data with one bit flipped shows the backend's one
 * answer to every bad payload, and the QQ-only calls on WeChat show the not-supported result.
 * Every server is closed before the Promise settles, whether the flow worked or not.
 *
 * @example
 * await runDemo(process)
 */
export async function runDemo(io: CliIo): Promise<void> {
  const say = (line = '') => void io.stdout.write(line + '\n')
  const colour = wantsColour(io)
  // New secrets every run: nothing leaves the process.
  const apps = {
    qq: { appId: QQ_APP_ID, appSecret: randomBytes(16).toString('hex') },
    weapp: { appId: WECHAT_APP_ID, appSecret: randomBytes(16).toString('hex') },
  }
  // Each server, by its 127.0.0.1:<port>, to close whatever happens.
  const servers: { host: string; close(): Promise<void> }[] = []
  try {
    const platformApi = await startFakeCode2SessionServer()
    servers.push({ host: new URL(platformApi.endpoint).host, close: platformApi.close })
    const logged: string[] = []
    const backend = await startExampleBackend({ apps, endpoint: platformApi.endpoint, log: (line) => logged.push(line) })
    servers.push({ host: new URL(backend.url).host, close: backend.close })
    say('qq-run-data demo: the whole flow on this machine; nothing leaves 127.0.0.1')
    say()
    say(`fake code2Session  ${platformApi.endpoint} (answers for QQ and WeChat)`)
    say(`app backend        ${backend.url} (POST /login, POST /steps)`)
    say()

    // Logs in, posts the data, and draws the days: the same for both platforms.
    const backendFlow = async (platform: Code2SessionPlatform, { code, encryptedData, iv }: Fetched) => {
      const body = platform == 'qq' ? { code } : { code, platform }
      const { token } = await postJson<{ token: string }>(`${backend.url}/login`, body)
      const sent = platform == 'qq' ? '{ code }' : "{ code, platform: 'weapp' }"
      say(`③ POST /login ${sent} → session token ${token.slice(0, 8)}… (the session key stays on the server)`)
      const { days, summary } = await postJson<{ days: DailySteps[]; summary: StepsSummary }>(`${backend.url}/steps`, { token, encryptedData, iv })
      say(`④ POST /steps { token, encryptedData, iv } → ${days.length} days`)
      return { token, days, summary }
    }
    const draw = (days: DailySteps[], summary: StepsSummary) => {
      say()
      io.stdout.write(renderDays(days, { colour }))
      say()
      io.stdout.write(renderSummary(summary, { colour }))
      say()
    }
    const kB = (base64: string) => (base64.length / 1000).toFixed(1)

    say(`QQ mini-program, simulated (appid ${QQ_APP_ID}): loginAndGetQQRunData, then the backend`)
    const qq = mockQQRuntime({ platform: 'qq', appId: QQ_APP_ID })
    const fromQQ = await loginAndGetQQRunData({ timeout: 10000 }).finally(() => qq.restore())
    say(`① qq.login → code ${fromQQ.code}`)
    say(`② qq.getQQRunData → ${kB(fromQQ.encryptedData)} kB encryptedData and its iv`)
    const { token, days, summary } = await backendFlow('qq', fromQQ)
    // One flipped bit garbles the first block: the backend refuses it as it refuses any bad data.
    const tampered = Buffer.from(fromQQ.encryptedData, 'base64')
    tampered[0]! ^= 1
    const refused = await postJson<never>(`${backend.url}/steps`, { token, encryptedData: tampered.toString('base64'), iv: fromQQ.iv }).catch(
      (error: Error) => error,
    )
    say(`⑤ POST /steps, one bit of encryptedData flipped → ${refused.message.replace(/^POST \/steps answered /, '')}, as for any bad data`)
    say(`   backend log: ${logged.join('; ')}`)
    draw(days, summary)

    say(`WeChat mini-program, simulated (appid ${WECHAT_APP_ID}): wx.login and wx.getWeRunData, then the backend`)
    const wechat = mockWeChatRuntime({ appId: WECHAT_APP_ID })
    const fromWeChat = await (async () => {
      const { code } = await callWx<{ code: string }>('login')
      const { encryptedData, iv } = await callWx<{ encryptedData: string; iv: string }>('getWeRunData')
      return { code, encryptedData, iv }
    })().finally(() => wechat.restore())
    say(`① wx.login → code ${fromWeChat.code}`)
    say(`② wx.getWeRunData → ${kB(fromWeChat.encryptedData)} kB encryptedData, its iv and a cloudID`)
    const weRun = await backendFlow('weapp', fromWeChat)
    draw(weRun.days, weRun.summary)

    say('The QQ-only calls in the WeChat mini-program (weapp)')
    const requests = backend.requests
    const weapp = mockQQRuntime({ platform: 'weapp' })
    const fail = (res: unknown) => res
    const [both, alone] = await Promise.all([loginAndGetQQRunData().catch(fail), getQQRunData().catch(fail)]).finally(() =>
      weapp.restore(),
    )
    say(`loginAndGetQQRunData → ${errMsg(both)}`)
    say(`getQQRunData → ${errMsg(alone)}`)
    say(
      `isNotSupported(res) → ${isNotSupported(both)}: the app hides its QQ-only entry; ` +
        `${backend.requests - requests} requests reached the backend`,
    )
    say(`code2Session calls the fake server answered: ${platformApi.calls}`)
  } finally {
    await Promise.all(servers.map((server) => server.close()))
  }
  say()
  say(`servers closed: ${servers.map(({ host }) => host).join(', ')}`)
}
