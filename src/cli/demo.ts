import { randomBytes } from 'node:crypto'
import { getRunData, isAuthDenied, isNotSupported, loginAndGetRunData, syncRunData } from 'taro-qq-run-data'
import type { DailySteps, StepsSummary } from 'taro-qq-run-data/server'
import { mockQQRuntime, mockWeChatRuntime, startFakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { renderDays, renderSummary } from './chart'
import { startExampleBackend } from './example-backend'
import { wantsColour, type CliIo } from './io'
import { postJson, type RefusedPost } from './post-json'

const QQ_APP_ID = '1109876543'
const WECHAT_APP_ID = 'wx4f4bc4dec97d474b'

const errMsg = (res: unknown) => (res as { errMsg: string }).errMsg

/**
 * `qq-run-data demo`: runs the whole product on this machine, with no network beyond
 * 127.0.0.1. The testing kit's fake code2Session server and the example backend
 * (`createRunDataHandler` on `node:http`) listen on free loopback ports; the same client code, the
 * real `loginAndGetRunData`, runs in a simulated QQ mini-program (`mockQQRuntime`) and a
 * simulated WeChat one (`mockWeChatRuntime`); each posts what it resolves with to the backend in
 * one request, and the days it gets back are drawn with their totals. A fresh login with one bit
 * of its data flipped shows the backend's one answer to every bad payload; `syncRunData` shows the
 * login-once flow (a first call that logs in, a second that does not); a user who refused the
 * scope, and a browser, show the two failures an app handles. Every server is closed before the
 * Promise settles, whether the flow worked or not.
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
    const steps = `${backend.url}/steps`
    say('qq-run-data demo: the whole flow on this machine; nothing leaves 127.0.0.1')
    say()
    say(`fake code2Session  ${platformApi.endpoint} (answers for QQ and WeChat)`)
    say(`app backend        ${backend.url} (createRunDataHandler on POST /steps)`)
    say()

    const kB = (base64: string) => (base64.length / 1000).toFixed(1)
    // The same client code on both platforms: loginAndGetRunData, then one request to the backend.
    const getAndPost = async () => {
      const { platform, code, encryptedData, iv, cloudID } = await loginAndGetRunData({ timeout: 10000 })
      const host = platform == 'qq' ? 'qq' : 'wx'
      say(`① loginAndGetRunData → ${host}.login → code ${code}`)
      const method = platform == 'qq' ? 'getQQRunData' : 'getWeRunData'
      say(`② loginAndGetRunData → ${host}.${method} → ${kB(encryptedData)} kB encryptedData${cloudID ? ', its iv and a cloudID' : ' and its iv'}`)
      const { days, summary } = await postJson<{ days: DailySteps[]; summary: StepsSummary }>(steps, { platform, code, encryptedData, iv })
      say(`③ POST /steps { platform: '${platform}', code, encryptedData, iv } → ${days.length} days (the code exchange and the session key stay on the server)`)
      say(`④ onRunData stores one row per (openid, date): the backend's store holds ${backend.rows.length} rows`)
      return { days, summary }
    }
    const draw = ({ days, summary }: { days: DailySteps[]; summary: StepsSummary }) => {
      say()
      io.stdout.write(renderDays(days, { colour }))
      say()
      io.stdout.write(renderSummary(summary, { colour }))
      say()
    }

    say(`QQ mini-program, simulated (appid ${QQ_APP_ID})`)
    const qqRuntime = mockQQRuntime({ appId: QQ_APP_ID })
    let qq: { days: DailySteps[]; summary: StepsSummary }
    try {
      qq = await getAndPost()
      // A code is good for one exchange, so the tampered data comes with a login of its own. One
      // flipped bit garbles the first block: the backend refuses it as it refuses any bad data.
      const { platform, code, encryptedData, iv } = await loginAndGetRunData({ timeout: 10000 })
      const tampered = Buffer.from(encryptedData, 'base64')
      tampered[0]! ^= 1
      const refused = await postJson<never>(steps, { platform, code, encryptedData: tampered.toString('base64'), iv }).catch((error: RefusedPost) => error)
      say(`⑤ a fresh login, one bit of encryptedData flipped, POST /steps → ${refused.status} ${refused.body}, as for any bad data`)
      say(`   backend log: ${logged.join('; ')}`)
    } finally {
      qqRuntime.restore()
    }
    draw(qq)

    say(`WeChat mini-program, simulated (appid ${WECHAT_APP_ID}): the same client code`)
    const wechatRuntime = mockWeChatRuntime({ appId: WECHAT_APP_ID })
    draw(await getAndPost().finally(() => wechatRuntime.restore()))

    say('Log in once: syncRunData, with the backend keeping sessions (WeChat, simulated)')
    const syncing = mockWeChatRuntime({ appId: WECHAT_APP_ID })
    try {
      const exchanges = platformApi.calls
      const counts = () => `${syncing.calls.login} login(s), ${platformApi.calls - exchanges} code exchange(s) so far`
      const first = await syncRunData({ url: steps, timeout: 10000 })
      say(`① syncRunData → wx.login, POST { platform, code } → a session; POST { platform, session, encryptedData, iv } → ${first.days.length} days; ${counts()}`)
      await syncRunData({ url: steps, timeout: 10000 })
      say(`② syncRunData again → wx.checkSession succeeds: no login, no exchange; ${counts()}`)
      syncing.expireSession()
      await syncRunData({ url: steps, timeout: 10000 })
      say(`③ the platform ends the user's session (expireSession) → wx.checkSession fails, one new login; ${counts()}`)
    } finally {
      syncing.restore()
    }
    say()

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
