// Creation, the options, onRunData, onError and the ways a body reaches the Node listener.
import { connect } from 'node:net'
import express from 'express'
import { createRunDataHandler, isRunDataError, type RunDataHandlerOptions } from 'taro-qq-run-data/server'
import { encryptOpenData, startFakeCode2SessionServer, type FakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { mockLogin, onLoopback, onNodeHttp, postJson, QQ_APP, send, WEAPP_APP, type Running } from './helpers'

const STEPS = [{ timestamp: 1717171200, step: 8532 }]
const DAYS = [{ date: '2024-06-01', steps: 8532, timestamp: 1717171200 }]
const SUMMARY = { days: 1, total: 8532, average: 8532, best: DAYS[0], latest: DAYS[0] }

let fake: FakeCode2SessionServer
beforeAll(async () => {
  fake = await startFakeCode2SessionServer()
})
afterAll(() => fake.close())

const withFake = (options: Partial<RunDataHandlerOptions> = {}): RunDataHandlerOptions => ({
  qq: QQ_APP,
  endpoints: { qq: fake.endpoint, weapp: fake.endpoint },
  onError: () => {},
  ...options,
})

describe('createRunDataHandler', () => {
  const creating = (options: unknown) => () => createRunDataHandler(options as RunDataHandlerOptions)
  const valid = { qq: QQ_APP }

  it.each<[string, unknown, string]>([
    ['no options', undefined, 'createRunDataHandler: options should be Object instead of Undefined'],
    ['no platform', {}, 'createRunDataHandler: configure at least one platform: options.qq and/or options.weapp, each { appId, appSecret }'],
    ['appId and appSecret at the top level', { appId: '1', appSecret: 's' }, "createRunDataHandler: unknown option 'appId'"],
    ['a misspelled onRunData', { ...valid, onRunDat() {} }, "createRunDataHandler: unknown option 'onRunDat'; did you mean 'onRunData'?"],
    ['a misspelled maxAgeSeconds', { ...valid, maxAgeSecond: 60 }, "createRunDataHandler: unknown option 'maxAgeSecond'; did you mean 'maxAgeSeconds'?"],
    ['an unknown option', { ...valid, cors: true }, "createRunDataHandler: unknown option 'cors'"],
    ['a misspelled app option', { qq: { appId: '1', appSecret: 's', appsecret: 's' } }, "createRunDataHandler: unknown option 'qq.appsecret'; did you mean 'qq.appSecret'?"],
    ['an unknown endpoint', { ...valid, endpoints: { wechat: 'http://127.0.0.1/' } }, "createRunDataHandler: unknown option 'endpoints.wechat'"],
    ['bodyTimeout 0', { ...valid, bodyTimeout: 0 }, 'createRunDataHandler: options.bodyTimeout should be a Number of ms above 0 and at most 2147483647 instead of 0'],
    ['a bodyTimeout as a String', { ...valid, bodyTimeout: '10s' }, 'createRunDataHandler: options.bodyTimeout should be a Number of ms above 0 and at most 2147483647 instead of String'],
    ['qq as a String', { qq: '1109876543' }, 'createRunDataHandler: options.qq should be an Object { appId, appSecret } instead of String'],
    ['an empty appId', { qq: { appId: '', appSecret: 's' } }, 'createRunDataHandler: options.qq.appId should be a non-empty String instead of an empty String'],
    ['a missing appSecret', { weapp: { appId: 'wx1' } }, 'createRunDataHandler: options.weapp.appSecret should be a non-empty String instead of Undefined'],
    ['a timeZone that is a Number', { ...valid, timeZone: 8 }, 'createRunDataHandler: options.timeZone should be String instead of Number'],
    ['an unknown timeZone', { ...valid, timeZone: 'Mars/Olympus' }, `createRunDataHandler: options.timeZone "Mars/Olympus" is not a time zone this runtime knows; use an IANA name such as 'Asia/Shanghai'`],
    ['a negative maxAgeSeconds', { ...valid, maxAgeSeconds: -1 }, 'createRunDataHandler: options.maxAgeSeconds should be a finite Number >= 0 instead of -1'],
    ['a weapp.maxAgeSeconds of Infinity', { weapp: { appId: 'wx1', appSecret: 's', maxAgeSeconds: Infinity } }, 'createRunDataHandler: options.weapp.maxAgeSeconds should be a finite Number >= 0 instead of Infinity'],
    ['maxBodyBytes 0', { ...valid, maxBodyBytes: 0 }, 'createRunDataHandler: options.maxBodyBytes should be an integer number of bytes above 0 instead of 0'],
    ['maxBodyBytes as a String', { ...valid, maxBodyBytes: '64kb' }, 'createRunDataHandler: options.maxBodyBytes should be an integer number of bytes above 0 instead of String'],
    ['timeout 0', { ...valid, timeout: 0 }, 'createRunDataHandler: options.timeout should be a Number of ms above 0 and at most 2147483647 instead of 0'],
    ['endpoints as a String', { ...valid, endpoints: 'http://127.0.0.1' }, 'createRunDataHandler: options.endpoints should be an Object { qq?, weapp? } instead of String'],
    ['a relative endpoint', { ...valid, endpoints: { qq: '/sns/jscode2session' } }, 'createRunDataHandler: options.endpoints.qq should be an absolute http(s) URL instead of String'],
    ['an ftp endpoint', { ...valid, endpoints: { weapp: 'ftp://127.0.0.1/' } }, 'createRunDataHandler: options.endpoints.weapp should be an absolute http(s) URL instead of String'],
    ['an endpoint that is a Number', { ...valid, endpoints: { qq: 80 } }, 'createRunDataHandler: options.endpoints.qq should be an absolute http(s) URL instead of Number'],
    ['onRunData as an Object', { ...valid, onRunData: {} }, 'createRunDataHandler: options.onRunData should be Function instead of Object'],
    ['onError as a String', { ...valid, onError: 'console' }, 'createRunDataHandler: options.onError should be Function instead of String'],
  ])('throws at once for %s', (_what, options, message) => {
    const error = (() => {
      try {
        creating(options)()
      } catch (error) {
        return error
      }
    })()
    expect(isRunDataError(error) && error.code).toBe('INVALID_OPTION')
    expect((error as Error).message).toBe(message)
  })

  it('never quotes the secret in its errors', () => {
    expect(creating({ qq: { appId: 'app', appSecret: 'hunter2' }, timeout: -1 })).toThrow(/^(?!.*hunter2)/)
  })

  it('needs nothing but one platform', () => {
    expect(typeof createRunDataHandler({ qq: QQ_APP })).toBe('function')
  })

  it('accepts every option at its limit', () => {
    expect(
      typeof createRunDataHandler({ weapp: WEAPP_APP, timeZone: 'UTC', maxAgeSeconds: 0, maxBodyBytes: 1, timeout: 2147483647, bodyTimeout: 1, endpoints: { qq: 'http://127.0.0.1:1/' } }).node,
    ).toBe('function')
  })
})

describe('with one platform configured', () => {
  let server: Running
  let login: ReturnType<typeof mockLogin>
  beforeAll(async () => {
    server = await onNodeHttp(createRunDataHandler(withFake({ timeZone: 'UTC' })))
    login = mockLogin('qq', { steps: STEPS })
  })
  afterAll(async () => {
    login.runtime.restore()
    await server.close()
  })

  it('uses it for a body without a platform, with the days in timeZone', async () => {
    const answer = await postJson(server.url, await login.body({ platform: undefined }))
    expect(answer.status).toBe(200)
    // 1717171200 is 2024-05-31T16:00Z.
    const day = { date: '2024-05-31', steps: 8532, timestamp: 1717171200 }
    expect(JSON.parse(answer.text)).toEqual({ platform: 'qq', days: [day], summary: { days: 1, total: 8532, average: 8532, best: day, latest: day } })
  })

  it('answers 400 "bad request" for the other platform, before exchanging the code', async () => {
    const calls = fake.calls
    const answer = await postJson(server.url, await login.body({ platform: 'weapp' }))
    expect([answer.status, answer.text, fake.calls]).toEqual([400, '{"error":"bad request"}', calls])
  })
})

describe('maxAgeSeconds', () => {
  const HOUR_AGO = () => Math.floor(Date.now() / 1000) - 3600
  const INVALID_RUN_DATA = [400, '{"error":"invalid run data"}']

  // [what, the handler's options, the platform, the mock's options, stale data?, status and body]
  it.each<[string, Partial<RunDataHandlerOptions>, 'qq' | 'weapp', { watermark?: boolean }, boolean, unknown[]]>([
    ['accepts QQ data without a watermark when only weapp sets an age', { qq: QQ_APP, weapp: { ...WEAPP_APP, maxAgeSeconds: 300 } }, 'qq', { watermark: false }, false, [200]],
    ['refuses stale WeChat data by weapp.maxAgeSeconds', { qq: QQ_APP, weapp: { ...WEAPP_APP, maxAgeSeconds: 300 } }, 'weapp', {}, true, INVALID_RUN_DATA],
    ['refuses QQ data without a watermark when the handler sets an age for every platform', { qq: QQ_APP, maxAgeSeconds: 300 }, 'qq', { watermark: false }, false, INVALID_RUN_DATA],
    ["lets a platform's own age override the handler's", { qq: { ...QQ_APP, maxAgeSeconds: 7200 }, maxAgeSeconds: 300 }, 'qq', {}, true, [200]],
  ])('%s', async (_what, options, platform, mock, stale, expected) => {
    const server = await onNodeHttp(createRunDataHandler(withFake(options)))
    const login = mockLogin(platform, { steps: STEPS, ...mock })
    try {
      const body = await login.body()
      const data = stale
        ? encryptOpenData({ stepInfoList: STEPS, watermark: { appid: login.runtime.appId, timestamp: HOUR_AGO() } }, { sessionKey: login.runtime.sessionKey })
        : {}
      const answer = await postJson(server.url, { ...body, ...data })
      expect([answer.status, ...(answer.status == 200 ? [] : [answer.text])]).toEqual(expected)
    } finally {
      login.runtime.restore()
      await server.close()
    }
  })
})

describe('onRunData', () => {
  const answerTo = async (onRunData: RunDataHandlerOptions['onRunData'], onError?: RunDataHandlerOptions['onError']) => {
    const server = await onNodeHttp(createRunDataHandler(withFake({ onRunData, ...(onError && { onError }) })))
    const login = mockLogin('qq', { steps: STEPS })
    try {
      return await postJson(server.url, await login.body())
    } finally {
      login.runtime.restore()
      await server.close()
    }
  }

  it('gets the platform, the user, the days, the summary and the data', async () => {
    const runs: unknown[] = []
    // The mock watermarks its data with the clock at install: 2024-06-01 00:30 in Shanghai.
    const clock = jest.spyOn(Date, 'now').mockReturnValue(1717173000_000)
    const login = mockLogin('qq', { steps: STEPS })
    clock.mockRestore()
    const server = await onNodeHttp(createRunDataHandler(withFake({ onRunData: (run) => void runs.push(run) })))
    try {
      expect((await postJson(server.url, await login.body())).status).toBe(200)
      expect(runs).toEqual([{ platform: 'qq', openid: login.runtime.openid, days: DAYS, summary: SUMMARY, data: { stepInfoList: STEPS, watermark: { appid: '1109876543', timestamp: 1717173000 } } }])
    } finally {
      login.runtime.restore()
      await server.close()
    }
  })

  it.each<[string, () => unknown, string]>([
    ['an object', () => ({ saved: 1 }), '{"saved":1}'],
    ['a Promise of an array', async () => [1, 2], '[1,2]'],
    ['null', () => null, 'null'],
    ['undefined, as the default answer', () => undefined, JSON.stringify({ platform: 'qq', days: DAYS, summary: SUMMARY })],
  ])('answers 200 with what it returns: %s', async (_what, onRunData, text) => {
    const answer = await answerTo(onRunData)
    expect([answer.status, answer.headers['content-type'], answer.text]).toEqual([200, 'application/json; charset=utf-8', text])
  })

  it.each<[string, () => unknown, string]>([
    ['throws', () => { throw new Error('the database is down at db.internal:5432') }, 'the database is down at db.internal:5432'],
    ['rejects', () => Promise.reject(new Error('duplicate key')), 'duplicate key'],
    ['returns a BigInt', () => BigInt(1), 'Do not know how to serialize a BigInt'],
    ['returns a function', () => () => {}, 'createRunDataHandler: onRunData returned a function, which is not JSON'],
  ])('answers 500 "internal error", and tells onError, when it %s', async (_what, onRunData, message) => {
    const errors: [unknown, unknown][] = []
    const answer = await answerTo(onRunData, (error, context) => void errors.push([error, context]))
    expect([answer.status, answer.text]).toEqual([500, '{"error":"internal error"}'])
    expect(errors).toEqual([[expect.objectContaining({ message }), { platform: 'qq', stage: 'onRunData' }]])
  })
})

it('passes unionid on to onRunData when the platform sends one', async () => {
  const login = mockLogin('weapp', { steps: STEPS })
  // The mocks' platform sends no unionid; this one-route stand-in does.
  const platform = await onLoopback((_req, res) => void res.end(JSON.stringify({ openid: 'o-user', session_key: login.runtime.sessionKey, unionid: 'u-user' })))
  const runs: { unionid?: string }[] = []
  const server = await onNodeHttp(
    createRunDataHandler({ weapp: WEAPP_APP, endpoints: { weapp: platform.url }, onRunData: (run) => void runs.push(run) }),
  )
  try {
    expect((await postJson(server.url, await login.body())).status).toBe(200)
    expect(runs.map(({ unionid }) => unionid)).toEqual(['u-user'])
  } finally {
    login.runtime.restore()
    await server.close()
    await platform.close()
  }
})

describe('onError', () => {
  it('by default warns with the stage, the platform, the code and the message, never the secret', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    let runs = 0
    const onRunData = () => {
      throw runs++ ? new Error('the database is down') : 'plain'
    }
    const server = await onNodeHttp(createRunDataHandler({ qq: { appId: QQ_APP.appId, appSecret: 'the-secret-42' }, endpoints: { qq: fake.endpoint }, onRunData }))
    const login = mockLogin('qq')
    try {
      await send(server.url, { method: 'GET' })
      await postJson(server.url, await login.body({ code: 'never-issued' }))
      await postJson(server.url, await login.body())
      await postJson(server.url, await login.body())
      expect(warn.mock.calls).toEqual([
        ['createRunDataHandler: request: INVALID_INPUT: createRunDataHandler: the method is GET; the endpoint answers POST only'],
        ['createRunDataHandler: code2Session (qq): LOGIN_REQUIRED: code2Session: QQ answered errcode 40029 ("invalid code"): the login code is invalid or expired; call qq.login again and send the new code'],
        ['createRunDataHandler: onRunData (qq): plain'],
        ['createRunDataHandler: onRunData (qq): the database is down'],
      ])
      expect(JSON.stringify(warn.mock.calls)).not.toContain('the-secret-42')
    } finally {
      warn.mockRestore()
      login.runtime.restore()
      await server.close()
    }
  })

  it('does not change the answer when it throws', async () => {
    const server = await onNodeHttp(createRunDataHandler(withFake({ onError: () => { throw new Error('log full') } })))
    try {
      expect((await postJson(server.url, null)).text).toBe('{"error":"bad request"}')
    } finally {
      await server.close()
    }
  })

  it.each<[string, unknown, string]>([
    ['a body that is not an Object', [], "createRunDataHandler: the body should be Object instead of Array"],
    ['a missing platform', { code: 'c', encryptedData: 'e', iv: 'i' }, "createRunDataHandler: the body's platform is missing, and both qq and weapp are configured"],
    ['an unknown platform', { platform: 'tt' }, `createRunDataHandler: the body's platform should be one of qq, weapp instead of "tt"`],
    ['a platform that is null', { platform: null }, 'createRunDataHandler: the body\'s platform should be one of qq, weapp instead of Null'],
    ['a code that is a Number', { platform: 'qq', code: 7 }, "createRunDataHandler: the body's code should be a non-empty String instead of Number"],
    ['an iv that is base64url', { platform: 'weapp', code: 'c', encryptedData: 'AAAAAAAAAAAAAAAAAAAAAA==', iv: 'AAAAAAAAAAAAAAAAAAAA-_==' }, "createRunDataHandler: the body's iv contains '-' (at index 20): that is base64url; it should be standard base64 (with '+' and '/')"],
  ])('is told what is wrong with %s', async (_what, body, message) => {
    const seen: unknown[] = []
    const server = await onNodeHttp(createRunDataHandler(withFake({ weapp: WEAPP_APP, onError: (error) => void seen.push((error as Error).message) })))
    try {
      await postJson(server.url, body)
      expect(seen).toEqual([message])
    } finally {
      await server.close()
    }
  })
})

describe('handler.node', () => {
  const seen: string[] = []
  const options = () => withFake({ onError: (error) => void seen.push((error as Error).message) })
  beforeEach(() => void (seen.length = 0))

  it('uses req.body when express.json() already parsed it', async () => {
    const app = express()
    app.use(express.json())
    app.post('/steps', createRunDataHandler(options()).node)
    const server = await onLoopback(app)
    const login = mockLogin('qq', { steps: STEPS })
    try {
      const answer = await postJson(server.url, await login.body())
      expect([answer.status, JSON.parse(answer.text)]).toEqual([200, { platform: 'qq', days: DAYS, summary: SUMMARY }])
    } finally {
      login.runtime.restore()
      await server.close()
    }
  })

  // Chunked, so that only the handler's own count, not a declared length, can find a body too large.
  const chunked = (text: string) => [Buffer.from(text)]
  it.each<[string, (app: express.Express) => void, Buffer[], number]>([
    ['express.text()', (app) => app.use(express.text({ type: 'application/json' })), chunked('{"code":'), 400],
    ['express.text() with a body over maxBodyBytes', (app) => app.use(express.text({ type: 'application/json' })), chunked('"xxxxxxxxxx"'), 413],
    ['express.raw()', (app) => app.use(express.raw({ type: 'application/json' })), chunked('[]'), 400],
    ['express.raw() with a body over maxBodyBytes', (app) => app.use(express.raw({ type: 'application/json' })), chunked('"xxxxxxxxxx"'), 413],
  ])('checks a body that %s left as text or bytes', async (_what, use, body, status) => {
    const app = express()
    use(app)
    app.post('/steps', createRunDataHandler({ ...options(), maxBodyBytes: 10 }).node)
    const server = await onLoopback(app)
    try {
      expect((await send(server.url, { body })).status).toBe(status)
    } finally {
      await server.close()
    }
  })

  it('answers 400 "bad request" when something read the body and left no req.body', async () => {
    const handler = createRunDataHandler(options())
    const server = await onLoopback((req, res) => void req.resume().on('end', () => void handler.node(req, res)))
    try {
      expect((await postJson(server.url, {})).text).toBe('{"error":"bad request"}')
      expect(seen).toEqual([
        'createRunDataHandler: the body was read before the handler ran and req.body is not set: mount the handler before the body parser, or after one that sets req.body',
      ])
    } finally {
      await server.close()
    }
  })

  it.each<[string, string, string]>([
    ['a declared length', 'content-length: 10000000', '{"code":"'],
    ['chunks', 'transfer-encoding: chunked', `2000\r\n${'x'.repeat(0x2000)}\r\n`],
  ])('answers 413 to a body over maxBodyBytes by %s while the rest is still to come', async (_what, header, start) => {
    const server = await onNodeHttp(createRunDataHandler({ ...options(), maxBodyBytes: 4096 }))
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1')
    try {
      await new Promise((resolve) => socket.once('connect', resolve))
      // The body is never finished: the answer can only come from a handler that stopped reading.
      socket.write(`POST /steps HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${header}\r\n\r\n${start}`)
      const head = await new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(chunk.toString('latin1'))))
      expect(head).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n(?:.*\r\n)*connection: close\r\n/i)
    } finally {
      socket.destroy()
      await server.close()
    }
  })

  it('stops, answering nothing, when the client goes away in the middle of the body', async () => {
    let done!: Promise<void>
    const handler = createRunDataHandler(options())
    const server = await onLoopback((req, res) => void (done = handler.node(req, res)))
    try {
      const socket = connect(Number(new URL(server.url).port), '127.0.0.1')
      await new Promise((resolve) => socket.once('connect', resolve))
      socket.write('POST /steps HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"code":')
      await new Promise((resolve) => setTimeout(resolve, 50))
      socket.destroy()
      await done
      expect(seen).toEqual([])
      for (let i = 0; i < 50 && (await server.connections()); i++) await new Promise((resolve) => setTimeout(resolve, 10))
      expect(await server.connections()).toBe(0)
    } finally {
      await server.close()
    }
  })
})

describe('the Fetch form', () => {
  const handler = () => createRunDataHandler(withFake())
  const post = (body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    new Request('http://127.0.0.1/steps', { method: 'POST', headers, body, duplex: 'half' } as RequestInit)

  it('answers 400 "bad request" to a POST without a body', async () => {
    const response = await handler()(post(null))
    expect([response.status, await response.text()]).toEqual([400, '{"error":"bad request"}'])
  })

  it('answers 400 "bad request" when the body stream breaks', async () => {
    const broken = new ReadableStream({ pull: (controller) => controller.error(new Error('connection reset')) })
    const response = await handler()(post(broken))
    expect([response.status, await response.text()]).toEqual([400, '{"error":"bad request"}'])
  })

  it('answers 413 to a body over maxBodyBytes without reading the rest of it', async () => {
    let pulled = 0
    const endless = new ReadableStream({
      pull: (controller) => void (pulled++, controller.enqueue(new Uint8Array(1024))),
      cancel: () => {
        throw new Error('already gone')
      },
    })
    const response = await createRunDataHandler(withFake({ maxBodyBytes: 4096 }))(post(endless))
    expect([response.status, response.headers.get('connection'), await response.text()]).toEqual([413, 'close', ''])
    expect(pulled).toBeLessThan(10)
  })

  it('answers 405 with Allow: POST and no body', async () => {
    const response = await handler()(new Request('http://127.0.0.1/steps'))
    expect([response.status, response.headers.get('allow'), await response.text()]).toEqual([405, 'POST', ''])
  })
})
