import { randomBytes } from 'node:crypto'
import { getRunData, isAuthDenied, isNotSupported, loginAndGetRunData } from 'taro-qq-run-data'
import type { DailySteps, StepsSummary } from 'taro-qq-run-data/server'
import { mockQQRuntime, mockWeChatRuntime, startFakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { renderDays, renderSummary } from './chart'
import { startExampleBackend } from './example-backend'
import { wantsColour, type CliIo } from './io'
import { postJson } from './post-json'

const QQ_APP_ID = '1109876543'
const WECHAT_APP_ID = 'wx4f4bc4dec97d474b'

const errMsg = (res: unknown) => (res as { errMsg: string }).errMsg

/**
 * `qq-run-data demo`: runs the whole product on this machine, with no network beyond
 * 127.0.0.1. The testing kit's fake code2Session server and the example backend listen on free
 * loopback ports; the same client code, the real `loginAndGetRunData`, runs in a simulated QQ
 * mini-program (`mockQQRuntime`) and a simulated WeChat one (`mockWeChatRuntime`); each posts
 * its code, then its encrypted data, to the backend, and the days it gets back are drawn with
 * their totals. Data with one bit flipped shows the backend's one answer to every bad payload; a
 * user who refused the scope, and a browser, show the two failures an app handles.
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

    const kB = (base64: string) => (base64.length / 1000).toFixed(1)
    // The same client code on both platforms: loginAndGetRunData, then the backend.
    const runApp = async (mock: () => { restore(): void }) => {
      const runtime = mock()
      const fetched = await loginAndGetRunData({ timeout: 10000 }).finally(() => runtime.restore())
      const { platform, code, encryptedData, iv, cloudID } = fetched
      const host = platform == 'qq' ? 'qq' : 'wx'
      say(`① loginAndGetRunData → ${host}.login → code ${code}`)
      const method = platform == 'qq' ? 'getQQRunData' : 'getWeRunData'
      say(`② loginAndGetRunData → ${host}.${method} → ${kB(encryptedData)} kB encryptedData${cloudID ? ', its iv and a cloudID' : ' and its iv'}`)
      const { token } = await postJson<{ token: string }>(`${backend.url}/login`, { code, platform })
      say(`③ POST /login { code, platform: '${platform}' } → session token ${token.slice(0, 8)}… (the session key stays on the server)`)
      const { days, summary } = await postJson<{ days: DailySteps[]; summary: StepsSummary }>(`${backend.url}/steps`, { token, encryptedData, iv })
      say(`④ POST /steps { token, encryptedData, iv } → ${days.length} days`)
      return { token, encryptedData, iv, days, summary }
    }
    const draw = (days: DailySteps[], summary: StepsSummary) => {
      say()
      io.stdout.write(renderDays(days, { colour }))
      say()
      io.stdout.write(renderSummary(summary, { colour }))
      say()
    }

    say(`QQ mini-program, simulated (appid ${QQ_APP_ID})`)
    const qq = await runApp(() => mockQQRuntime({ appId: QQ_APP_ID }))
    // One flipped bit garbles the first block: the backend refuses it as it refuses any bad data.
    const tampered = Buffer.from(qq.encryptedData, 'base64')
    tampered[0]! ^= 1
    const refused = await postJson<never>(`${backend.url}/steps`, { token: qq.token, encryptedData: tampered.toString('base64'), iv: qq.iv }).catch(
      (error: Error) => error,
    )
    say(`⑤ POST /steps, one bit of encryptedData flipped → ${refused.message.replace(/^POST \/steps answered /, '')}, as for any bad data`)
    say(`   backend log: ${logged.join('; ')}`)
    draw(qq.days, qq.summary)

    say(`WeChat mini-program, simulated (appid ${WECHAT_APP_ID}): the same client code`)
    const wechat = await runApp(() => mockWeChatRuntime({ appId: WECHAT_APP_ID }))
    draw(wechat.days, wechat.summary)

    say('The two failures the app handles, with the same client code')
    const requests = backend.requests
    const fail = (res: unknown) => res
    const refusing = mockWeChatRuntime({ respond: 'deny' })
    const denied = await getRunData().catch(fail).finally(() => refusing.restore())
    say(`a WeChat user who refused scope.werun: getRunData → ${errMsg(denied)}; isAuthDenied(res) → ${isAuthDenied(denied)}: the app offers Taro.openSetting`)
    const browser = mockQQRuntime({ platform: 'h5' })
    const unsupported = await loginAndGetRunData().catch(fail).finally(() => browser.restore())
    say(`a browser (h5): loginAndGetRunData → ${errMsg(unsupported)}; isNotSupported(res) → ${isNotSupported(unsupported)}: the app hides its steps entry`)
    say(`${backend.requests - requests} requests reached the backend for them; the fake code2Session server answered ${platformApi.calls} in all`)
  } finally {
    await Promise.all(servers.map((server) => server.close()))
  }
  say()
  say(`servers closed: ${servers.map(({ host }) => host).join(', ')}`)
}
