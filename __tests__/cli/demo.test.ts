import { runDemo } from '../../src/cli/demo'
import type { CliIo } from '../../src/cli/io'
import { mockQQRuntime } from '../../src/testing'
import { connect, portsIn, run } from './helpers'

const g = globalThis as Record<string, unknown>

function capture(isTTY = false) {
  const out = { stdout: '', stderr: '' }
  const io: CliIo = {
    stdout: { write: (text) => (out.stdout += text), isTTY },
    stderr: { write: (text) => (out.stderr += text) },
    stdin: { isTTY: false, [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: undefined }) }) },
    env: {},
  }
  return { io, out }
}

/** Runs `flow` with `Date` stopped at `now`, and the timers the servers and fetch need left real. */
async function at<T>(now: string, flow: () => Promise<T>): Promise<T> {
  const timers = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] as const
  jest.useFakeTimers({ now: new Date(now), doNotFake: [...timers, 'nextTick', 'queueMicrotask', 'hrtime', 'performance'] })
  try {
    return await flow()
  } finally {
    jest.useRealTimers()
  }
}

/** The output with what changes every run named instead: the two servers' ports and the login codes. */
function named(text: string) {
  const [fake, backend] = portsIn(text)
  return text
    .replaceAll(`127.0.0.1:${fake}`, '127.0.0.1:<fake>')
    .replaceAll(`127.0.0.1:${backend}`, '127.0.0.1:<backend>')
    .replace(/mock-code-[0-9a-f]{16}/g, 'mock-code-<random>')
}

/** Noon in Shanghai. */
const NOON_DEC_2 = '2026-12-02T04:00:00Z'
// What `qq-run-data demo` prints at noon in Shanghai on 2026-12-02: its plausible steps are the
// same every run; the days end on that date.
const DEMO_OUTPUT = `qq-run-data demo: the whole flow on this machine; nothing leaves 127.0.0.1

fake code2Session  http://127.0.0.1:<fake>/sns/jscode2session (answers for QQ and WeChat)
app backend        http://127.0.0.1:<backend> (createRunDataHandler on POST /steps)

QQ mini-program, simulated (appid 1109876543)
① loginAndGetRunData → qq.login → code mock-code-<random>
② loginAndGetRunData → qq.getQQRunData → 1.6 kB encryptedData and its iv
③ POST /steps { platform: 'qq', code, encryptedData, iv } → 30 days (the code exchange and the session key stay on the server)
④ onRunData stores one row per (openid, date): the backend's store holds 30 rows
⑤ a fresh login, one bit of encryptedData flipped, POST /steps → 400 {"error":"invalid run data"}, as for any bad data
   backend log: POST /steps failed in decrypt (qq): DECRYPT_FAILED: decryptRunData: the decrypted data is not JSON; the session key or iv is probably wrong, or the data is corrupt

date        day   steps
2026-11-03  Tue   8,492  ████████████████████▌
2026-11-04  Wed   4,304  ██████████▍
2026-11-05  Thu   8,229  ███████████████████▉
2026-11-06  Fri   4,472  ██████████▉
2026-11-07  Sat   6,589  ███████████████▉
2026-11-08  Sun  10,128  ████████████████████████▌
2026-11-09  Mon  10,049  ████████████████████████▎
2026-11-10  Tue   8,385  ████████████████████▎
2026-11-11  Wed  13,999  █████████████████████████████████▉
2026-11-12  Thu   5,669  █████████████▊
2026-11-13  Fri   7,985  ███████████████████▎
2026-11-14  Sat   5,723  █████████████▉
2026-11-15  Sun   9,833  ███████████████████████▊
2026-11-16  Mon   9,665  ███████████████████████▍
2026-11-17  Tue  16,541  ████████████████████████████████████████
2026-11-18  Wed   3,809  █████████▎
2026-11-19  Thu   7,990  ███████████████████▍
2026-11-20  Fri   7,257  █████████████████▌
2026-11-21  Sat   3,278  ███████▉
2026-11-22  Sun   8,064  ███████████████████▌
2026-11-23  Mon  10,905  ██████████████████████████▍
2026-11-24  Tue   6,833  ████████████████▌
2026-11-25  Wed   7,045  █████████████████
2026-11-26  Thu   6,152  ██████████████▉
2026-11-27  Fri   5,326  ████████████▉
2026-11-28  Sat   3,726  █████████
2026-11-29  Sun   8,223  ███████████████████▉
2026-11-30  Mon   9,692  ███████████████████████▌
2026-12-01  Tue   8,077  ███████████████████▌
2026-12-02  Wed   5,534  █████████████▍

30 days · total 231,974 · average 7,732 a day
best    2026-11-17 Tue  16,541
latest  2026-12-02 Wed   5,534

WeChat mini-program, simulated (appid wx4f4bc4dec97d474b): the same client code
① loginAndGetRunData → wx.login → code mock-code-<random>
② loginAndGetRunData → wx.getWeRunData → 1.7 kB encryptedData, its iv and a cloudID
③ POST /steps { platform: 'weapp', code, encryptedData, iv } → 31 days (the code exchange and the session key stay on the server)
④ onRunData stores one row per (openid, date): the backend's store holds 61 rows

date        day   steps
2026-11-02  Mon   8,492  ████████████████████▌
2026-11-03  Tue   4,304  ██████████▍
2026-11-04  Wed   8,229  ███████████████████▉
2026-11-05  Thu   4,472  ██████████▉
2026-11-06  Fri   6,589  ███████████████▉
2026-11-07  Sat  10,128  ████████████████████████▌
2026-11-08  Sun  10,049  ████████████████████████▎
2026-11-09  Mon   8,385  ████████████████████▎
2026-11-10  Tue  13,999  █████████████████████████████████▉
2026-11-11  Wed   5,669  █████████████▊
2026-11-12  Thu   7,985  ███████████████████▎
2026-11-13  Fri   5,723  █████████████▉
2026-11-14  Sat   9,833  ███████████████████████▊
2026-11-15  Sun   9,665  ███████████████████████▍
2026-11-16  Mon  16,541  ████████████████████████████████████████
2026-11-17  Tue   3,809  █████████▎
2026-11-18  Wed   7,990  ███████████████████▍
2026-11-19  Thu   7,257  █████████████████▌
2026-11-20  Fri   3,278  ███████▉
2026-11-21  Sat   8,064  ███████████████████▌
2026-11-22  Sun  10,905  ██████████████████████████▍
2026-11-23  Mon   6,833  ████████████████▌
2026-11-24  Tue   7,045  █████████████████
2026-11-25  Wed   6,152  ██████████████▉
2026-11-26  Thu   5,326  ████████████▉
2026-11-27  Fri   3,726  █████████
2026-11-28  Sat   8,223  ███████████████████▉
2026-11-29  Sun   9,692  ███████████████████████▌
2026-11-30  Mon   8,077  ███████████████████▌
2026-12-01  Tue   5,534  █████████████▍
2026-12-02  Wed   4,941  ████████████

31 days · total 236,915 · average 7,642 a day
best    2026-11-16 Mon  16,541
latest  2026-12-02 Wed   4,941

Log in once: syncRunData, with the backend keeping sessions (WeChat, simulated)
① syncRunData → wx.login, POST { platform, code } → a session; POST { platform, session, encryptedData, iv } → 31 days; 1 login(s), 1 code exchange(s) so far
② syncRunData again → wx.checkSession succeeds: no login, no exchange; 1 login(s), 1 code exchange(s) so far
③ the platform ends the user's session (expireSession) → wx.checkSession fails, one new login; 2 login(s), 2 code exchange(s) so far

The two failures the app handles, with the same client code
a WeChat user who refused scope.werun: getRunData → getWeRunData:fail auth deny; isAuthDenied(res) → true: the app offers Taro.openSetting
a browser (h5): loginAndGetRunData → loginAndGetRunData:fail not supported on h5; isNotSupported(res) → true: the app hides its steps entry
0 requests reached the backend for them; the fake code2Session server answered 5 in all

servers closed: 127.0.0.1:<fake>, 127.0.0.1:<backend>
`

describe('runDemo', () => {
  it('runs the same client code in a QQ and a WeChat mini-program, one request each to createRunDataHandler, the login-once flow, then the two failures an app handles', async () => {
    const { io, out } = capture()
    await at(NOON_DEC_2, () => runDemo(io))
    expect(out.stderr).toBe('')
    expect(named(out.stdout)).toBe(DEMO_OUTPUT)
  })

  it('gives every login its own code', async () => {
    const { io, out } = capture()
    await runDemo(io)
    const codes = [...out.stdout.matchAll(/code (mock-code-[0-9a-f]{16})/g)].map((match) => match[1])
    expect(codes).toHaveLength(2)
    expect(codes[0]).not.toBe(codes[1])
  })

  it('closes every server and puts the globals back when it is done', async () => {
    const env = process.env.TARO_ENV
    const { io, out } = capture()
    await runDemo(io)
    const ports = portsIn(out.stdout)
    expect(ports).toHaveLength(2)
    expect(out.stdout).toMatch(new RegExp(`\\nservers closed: 127\\.0\\.0\\.1:${ports[0]}, 127\\.0\\.0\\.1:${ports[1]}\\n$`))
    for (const port of ports) expect(await connect(port)).toBe('ECONNREFUSED')
    expect(g.qq).toBeUndefined()
    expect(g.wx).toBeUndefined()
    expect(process.env.TARO_ENV).toBe(env)
  })

  it('closes every server when the flow fails too', async () => {
    // A mock left installed makes the demo's own mockQQRuntime throw, after the servers started.
    const leftOver = mockQQRuntime()
    const { io, out } = capture()
    try {
      await expect(runDemo(io)).rejects.toThrow('a mock runtime is already installed')
    } finally {
      leftOver.restore()
    }
    const ports = portsIn(out.stdout)
    expect(ports).toHaveLength(2)
    for (const port of ports) expect(await connect(port)).toBe('ECONNREFUSED')
  })

  it('colours the chart on a terminal', async () => {
    const { io, out } = capture(true)
    await at(NOON_DEC_2, () => runDemo(io))
    expect(out.stdout).toContain('\n2026-12-02  Wed   5,534  \u001b[32m█████████████▍\u001b[39m\n')
  })
})

describe('qq-run-data demo', () => {
  it('exits 0', async () => {
    const { code, stdout, stderr } = await at(NOON_DEC_2, () => run(['demo']))
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(named(stdout)).toBe(DEMO_OUTPUT)
  })

  it('reports a failure with its stack under --debug, and exits 1', async () => {
    const leftOver = mockQQRuntime()
    try {
      const { code, stderr } = await run(['demo', '--debug'])
      expect(code).toBe(1)
      expect(stderr).toMatch(/^qq-run-data: unexpected error: mockQQRuntime: a mock runtime is already installed.*\nTypeError: /)
    } finally {
      leftOver.restore()
    }
  })
})
