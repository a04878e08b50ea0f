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

describe('runDemo', () => {
  it('runs the same client code in a QQ and a WeChat mini-program, each with its days and totals, then the two failures an app handles', async () => {
    const { io, out } = capture()
    await runDemo(io)
    expect(out.stderr).toBe('')
    const [head, qq, wechat, failures] = out.stdout.split(/\n(?=QQ mini-program|WeChat mini-program|The two failures)/)
    expect(head).toMatch(/^qq-run-data demo: the whole flow on this machine; nothing leaves 127\.0\.0\.1\n\n/)
    expect(head).toMatch(/\nfake code2Session {2}http:\/\/127\.0\.0\.1:\d+\/sns\/jscode2session \(answers for QQ and WeChat\)\n/)
    expect(head).toMatch(/\napp backend {8}http:\/\/127\.0\.0\.1:\d+ \(POST \/login, POST \/steps\)\n/)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    const flow = (text: string, lines: RegExp[], days: number) => {
      const all = text.split('\n')
      const line = (start: string) => all.find((one) => one.startsWith(start))
      lines.forEach((expected, i) => expect(line('①②③④⑤'[i]!)).toMatch(expected))
      const rows = all.filter((one) => /^\d{4}-\d\d-\d\d {2}\w{3} +[\d,]+ {2}[█▏▎▍▌▋▊▉]+$/.test(one))
      expect(rows).toHaveLength(days)
      expect(rows.at(-1)).toMatch(new RegExp(`^${today} `))
      expect(line(`${days} days · total `)).toMatch(new RegExp(`^${days} days · total [\\d,]+ · average [\\d,]+ a day$`))
      expect(line('best ')).toMatch(/^best {4}\d{4}-\d\d-\d\d \w{3} {2} *[\d,]+$/)
      expect(line('latest ')).toMatch(new RegExp(`^latest  ${today} `))
    }
    expect(qq).toMatch(/^QQ mini-program, simulated \(appid 1109876543\)\n/)
    flow(
      qq!,
      [
        /^① loginAndGetRunData → qq\.login → code mock-code-[0-9a-f]{16}$/,
        /^② loginAndGetRunData → qq\.getQQRunData → \d\.\d kB encryptedData and its iv$/,
        /^③ POST \/login \{ code, platform: 'qq' \} → session token [0-9a-f]{8}… \(the session key stays on the server\)$/,
        /^④ POST \/steps \{ token, encryptedData, iv \} → 30 days$/,
        /^⑤ POST \/steps, one bit of encryptedData flipped → HTTP 400: \{"error":"invalid run data"\}, as for any bad data$/,
      ],
      30,
    )
    expect(qq).toMatch(/\n {3}backend log: POST \/steps failed: DECRYPT_FAILED: decryptRunData: /)
    expect(wechat).toMatch(/^WeChat mini-program, simulated \(appid wx4f4bc4dec97d474b\): the same client code\n/)
    flow(
      wechat!,
      [
        /^① loginAndGetRunData → wx\.login → code mock-code-[0-9a-f]{16}$/,
        /^② loginAndGetRunData → wx\.getWeRunData → \d\.\d kB encryptedData, its iv and a cloudID$/,
        /^③ POST \/login \{ code, platform: 'weapp' \} → session token [0-9a-f]{8}… \(the session key stays on the server\)$/,
        /^④ POST \/steps \{ token, encryptedData, iv \} → 31 days$/,
      ],
      31,
    )
    expect(failures).toMatch(
      new RegExp(
        '^The two failures the app handles, with the same client code\n' +
          'a WeChat user who refused scope\\.werun: getRunData → getWeRunData:fail auth deny; isAuthDenied\\(res\\) → true: the app offers Taro\\.openSetting\n' +
          'a browser \\(h5\\): loginAndGetRunData → loginAndGetRunData:fail not supported on h5; isNotSupported\\(res\\) → true: the app hides its steps entry\n' +
          '0 requests reached the backend for them; the fake code2Session server answered 2 in all\n\nservers closed: ',
      ),
    )
    expect(out.stdout).not.toContain('\u001b[')
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
    await runDemo(io)
    expect(out.stdout).toContain('\u001b[32m')
  })
})

describe('qq-run-data demo', () => {
  it('exits 0', async () => {
    const { code, stdout, stderr } = await run(['demo'])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toContain('④ POST /steps { token, encryptedData, iv } → 30 days')
    expect(stdout).toContain('④ POST /steps { token, encryptedData, iv } → 31 days')
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
