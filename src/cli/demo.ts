import { randomBytes } from 'node:crypto'
import { getQQRunData, isNotSupported, loginAndGetQQRunData } from 'taro-qq-run-data'
import type { DailySteps, StepsSummary } from 'taro-qq-run-data/server'
import { mockQQRuntime } from 'taro-qq-run-data/testing'
import { renderDays, renderSummary } from './chart'
import { startExampleBackend } from './example-backend'
import { startFakeQQApi } from './fake-qq-api'
import { wantsColour, type CliIo } from './io'
import type { LoopbackServer } from '../shared/node/loopback-server'
import { postJson } from './post-json'

const APP_ID = '1109876543'

const errMsg = (res: unknown) => (res as { errMsg: string }).errMsg

/**
 * `qq-run-data demo`: runs the whole product on this machine, with no network beyond
 * 127.0.0.1. A fake QQ API and the example backend listen on free loopback ports; a simulated
 * QQ mini-program (`mockQQRuntime`) runs the real `loginAndGetQQRunData` and posts the code,
 * then the encrypted data, to the backend; the days it gets back are drawn with their totals.
 * Data with one bit flipped shows the backend's one answer to every bad payload.
 * Then the same client code runs on a simulated weapp, where it is not supported. Every server
 * is closed before the Promise settles, whether the flow worked or not.
 *
 * @example
 * await runDemo(process)
 */
export async function runDemo(io: CliIo): Promise<void> {
  const say = (line = '') => void io.stdout.write(line + '\n')
  const colour = wantsColour(io)
  // A new secret every run: the fake QQ API checks it like QQ does, and it never leaves the process.
  const appSecret = randomBytes(16).toString('hex')
  const servers: LoopbackServer[] = []
  try {
    const qqApi = await startFakeQQApi({ appId: APP_ID, appSecret })
    servers.push(qqApi)
    const logged: string[] = []
    const backend = await startExampleBackend({ appId: APP_ID, appSecret, endpoint: qqApi.endpoint, log: (line) => logged.push(line) })
    servers.push(backend)
    say('qq-run-data demo: the whole flow on this machine; nothing leaves 127.0.0.1')
    say()
    say(`fake QQ API   ${qqApi.endpoint}`)
    say(`app backend   ${backend.url} (POST /login, POST /steps)`)
    say()

    say(`QQ mini-program, simulated (appid ${APP_ID}): loginAndGetQQRunData, then the backend`)
    const qq = mockQQRuntime({ platform: 'qq', appId: APP_ID })
    // What QQ's servers learn when the user logs in: which session key the code stands for.
    qqApi.issue(qq.loginCode, qq.sessionKey)
    const { code, encryptedData, iv } = await loginAndGetQQRunData({ timeout: 10000 }).finally(() => qq.restore())
    say(`① qq.login → code ${code}`)
    say(`② qq.getQQRunData → ${(encryptedData.length / 1000).toFixed(1)} kB encryptedData and its iv`)
    const { token } = await postJson<{ token: string }>(`${backend.url}/login`, { code })
    say(`③ POST /login { code } → session token ${token.slice(0, 8)}… (the session key stays on the server)`)
    const { days, summary } = await postJson<{ days: DailySteps[]; summary: StepsSummary }>(`${backend.url}/steps`, {
      token,
      encryptedData,
      iv,
    })
    say(`④ POST /steps { token, encryptedData, iv } → ${days.length} days`)
    // One flipped bit garbles the first block: the backend refuses it as it refuses any bad data.
    const tampered = Buffer.from(encryptedData, 'base64')
    tampered[0]! ^= 1
    const refused = await postJson<never>(`${backend.url}/steps`, { token, encryptedData: tampered.toString('base64'), iv }).catch(
      (error: Error) => error,
    )
    say(`⑤ POST /steps, one bit of encryptedData flipped → ${refused.message.replace(/^POST \/steps answered /, '')}, as for any bad data`)
    say(`   backend log: ${logged.join('; ')}`)
    say()
    io.stdout.write(renderDays(days, { colour }))
    say()
    io.stdout.write(renderSummary(summary, { colour }))
    say()

    say('WeChat mini-program, simulated (weapp): the same client code')
    const requests = backend.requests
    const weapp = mockQQRuntime({ platform: 'weapp' })
    const fail = (res: unknown) => res
    const [both, alone] = await Promise.all([loginAndGetQQRunData().catch(fail), getQQRunData().catch(fail)]).finally(() =>
      weapp.restore(),
    )
    say(`loginAndGetQQRunData → ${errMsg(both)}`)
    say(`getQQRunData → ${errMsg(alone)}`)
    say(
      `isNotSupported(res) → ${isNotSupported(both)}: the app hides its steps entry; ` +
        `${backend.requests - requests} requests reached the backend`,
    )
  } finally {
    await Promise.all(servers.map((server) => server.close()))
  }
  say()
  say(`servers closed: ${servers.map((server) => server.url.slice('http://'.length)).join(', ')}`)
}
