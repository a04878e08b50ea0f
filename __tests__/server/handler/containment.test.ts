// The platform's faults and the client's slow or oversized bodies, over real HTTP on loopback:
// a jscode2session stand-in that hangs, drips, floods and echoes secrets on demand, and raw
// sockets that send what a browser never would.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { createRunDataHandler, type RunDataHandler } from 'taro-qq-run-data/server'
import { listenOnLoopback, type LoopbackServer } from 'taro-qq-run-data/testing'
import { FRAMEWORKS } from './frameworks'
import { mockLogin, QQ_APP, send, type Running } from './helpers'

const TIMEOUT = 400
const BODY_TIMEOUT = 300
const CODE = 'LOGINCODE0123456789abcdef0123456'
const KEY_IN_ANSWER = 'c2Vzc2lvbi1rZXktMDEyMw=='

// What the stand-in answers, by the fault the test names in `standIn.play`.
type Play = (res: ServerResponse, req: IncomingMessage) => void
const PLAYS: Record<string, Play> = {
  hang: () => {},
  drip: (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    const timer = setInterval(() => res.write(' '), 20)
    res.on('close', () => clearInterval(timer))
  },
  // 400 MB, as fast as the socket takes it; `flooded` counts what really left.
  flood: (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(400 * 2 ** 20) })
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    const more = () => {
      while (flooded < 400 * 2 ** 20 && !res.destroyed) {
        flooded += chunk.length
        if (!res.write(chunk)) return void res.once('drain', more)
      }
    }
    more()
  },
  'chunked-20k': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`{"openid":"o","session_key":"${KEY_IN_ANSWER}","x":"${'x'.repeat(20_000)}"}`),
  'echo-secret': (res, req) => {
    const url = new URL(req.url!, 'http://127.0.0.1')
    const errmsg = `invalid appsecret ${url.searchParams.get('secret')} for code ${url.searchParams.get('js_code')}, rid: ${'r'.repeat(10_000)}`
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 40125, errmsg }))
  },
  'echo-key': (res) => res.writeHead(200).end(JSON.stringify({ errcode: 48001, errmsg: `bad session ${KEY_IN_ANSWER}`, session_key: KEY_IN_ANSWER })),
  'bad-key': (res) => res.writeHead(200).end(JSON.stringify({ openid: 'o', session_key: 'c2hvcnQ=' })),
  'code-refused': (res) => res.writeHead(200).end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' })),
}

let flooded = 0
let play = 'hang'
let asked = 0
let standIn: LoopbackServer
let handler: RunDataHandler
const errors: unknown[] = []

beforeAll(async () => {
  standIn = await listenOnLoopback((req, res) => {
    asked++
    PLAYS[play]!(res, req)
  })
  handler = createRunDataHandler({
    qq: QQ_APP,
    endpoints: { qq: `${standIn.url}/sns/jscode2session` },
    timeout: TIMEOUT,
    bodyTimeout: BODY_TIMEOUT,
    maxBodyBytes: 4096,
    onError: (error) => void errors.push(error),
  })
})
afterAll(() => standIn.close())
beforeEach(() => {
  errors.length = 0
  asked = 0
  flooded = 0
})

describe('the platform’s faults, contained', () => {
  let server: Running
  let login: ReturnType<typeof mockLogin>
  beforeAll(async () => {
    server = await FRAMEWORKS['node:http']!(handler)
    login = mockLogin('qq')
  })
  afterAll(async () => {
    login.runtime.restore()
    await server.close()
  })

  const ask = async (fault: string) => {
    play = fault
    const started = Date.now()
    const answer = await send(server.url, { body: JSON.stringify(await login.body({ code: CODE })) })
    return { ...answer, ms: Date.now() - started }
  }

  it.each([
    ['hangs', 'hang'],
    ['drips its body a byte at a time', 'drip'],
  ])('answers 503 within the timeout when the platform %s', async (_, fault) => {
    const answer = await ask(fault)
    expect([answer.status, answer.headers['retry-after'], answer.text]).toEqual([503, '1', '{"error":"try again later"}'])
    expect(answer.ms).toBeLessThan(TIMEOUT + 1000)
    expect(errors).toMatchObject([{ code: 'PLATFORM_UNAVAILABLE', message: expect.stringMatching(/did not answer within 400 ms$/) }])
  })

  it('stops reading a 400 MB answer after 16 KiB and answers 503', async () => {
    const answer = await ask('flood')
    expect([answer.status, answer.text]).toEqual([503, '{"error":"try again later"}'])
    expect(errors).toMatchObject([{ code: 'PLATFORM_UNAVAILABLE', message: expect.stringMatching(/answered more than 16384 bytes; real answers are under 300$/) }])
    // What left the stand-in before the handler hung up: socket buffers, not 400 MB.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(flooded).toBeLessThan(16 * 2 ** 20)
  })

  it('answers 503 to an answer over 16 KiB without a length', async () => {
    const answer = await ask('chunked-20k')
    expect([answer.status, answer.text]).toEqual([503, '{"error":"try again later"}'])
    expect(errors).toMatchObject([{ code: 'PLATFORM_UNAVAILABLE', status: 200 }])
  })

  it('answers 503, not 400, to a session_key that is not 16 bytes: the platform’s fault, not the data’s', async () => {
    const answer = await ask('bad-key')
    expect([answer.status, answer.headers['retry-after'], answer.text]).toEqual([503, '1', '{"error":"try again later"}'])
    expect(errors).toMatchObject([{ code: 'PLATFORM_UNAVAILABLE', message: expect.stringMatching(/answered a session_key that is not base64 of 16 bytes$/) }])
  })

  it('keeps the secret, the code and a session key out of every property of the error, and cuts the errmsg', async () => {
    for (const fault of ['echo-secret', 'echo-key']) {
      errors.length = 0
      const answer = await ask(fault)
      expect(answer.status).toBe(fault == 'echo-secret' ? 500 : 503)
      expect(errors).toHaveLength(1)
      const error = errors[0] as Error
      const shown = [inspect(error, { depth: 5 }), JSON.stringify(error), String(error.stack), JSON.stringify(Object.getOwnPropertyDescriptors(error))].join('\n')
      for (const secret of [QQ_APP.appSecret, CODE, KEY_IN_ANSWER]) expect(shown).not.toContain(secret)
      expect(error.message.length).toBeLessThan(500)
    }
    expect((errors[0] as Error).message).toBe(
      'code2Session: QQ answered errcode 48001 ("bad session ***"): see QQ\'s documentation of code2Session',
    )
  })

  it('answers 401 to a code the platform refuses, and 400 without asking it to a code it could never accept', async () => {
    expect((await ask('code-refused')).status).toBe(401)
    expect(asked).toBe(1)
    play = 'code-refused'
    const long = await send(server.url, { body: JSON.stringify(await login.body({ code: 'c'.repeat(300) })) })
    expect([long.status, long.headers['retry-after'], long.text]).toEqual([400, undefined, '{"error":"bad request"}'])
    expect(asked).toBe(1)
  })
})

/** A raw HTTP/1.1 exchange: writes `head`, then `body` in `chunk`-byte pieces; resolves with all that came back. */
function raw(port: number, head: string, { body = 0, chunk = 16 * 1024, chunked = false } = {}): Promise<{ text: string; ms: number; error?: string }> {
  return new Promise((resolve) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    let text = ''
    let sent = 0
    const writeMore = () => {
      while (sent < body) {
        const size = Math.min(chunk, body - sent)
        sent += size
        const data = Buffer.alloc(size, 0x20)
        const framed = chunked ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), data, Buffer.from(sent < body ? '\r\n' : '\r\n0\r\n\r\n')]) : data
        if (!socket.write(framed)) return void socket.once('drain', writeMore)
      }
    }
    socket.on('connect', () => {
      socket.write(head)
      writeMore()
    })
    socket.on('data', (data) => (text += data.toString('latin1')))
    const done = (error?: Error) => resolve({ text, ms: Date.now() - started, ...(error && { error: (error as NodeJS.ErrnoException).code! }) })
    socket.on('error', done)
    socket.on('close', () => done())
    socket.setTimeout(5000, () => socket.destroy())
  })
}

const headOf = (length: number, extra = '') =>
  `POST /steps HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`

describe('slow and oversized bodies', () => {
  let plain: Running
  let withContinue: { port: number; close(): Promise<void> }
  let hono: Running
  beforeAll(async () => {
    plain = await FRAMEWORKS['node:http']!(handler)
    hono = await FRAMEWORKS['Hono on @hono/node-server']!(handler)
    // As the README's node:http recipe wires it.
    const server = createServer(handler.node).on('checkContinue', handler.node)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    withContinue = {
      port: (server.address() as AddressInfo).port,
      close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
    }
  })
  afterAll(async () => {
    await plain.close()
    await hono.close()
    await withContinue.close()
  })
  const portOf = (running: Running) => Number(new URL(running.url).port)

  it.each([
    ['node:http', () => portOf(plain)],
    ['Hono (the Fetch form)', () => portOf(hono)],
  ])('answers 408 "request timeout" to a body that stops coming, after bodyTimeout, in %s', async (_, port) => {
    const { text, ms } = await raw(port(), headOf(1000) + '{"pla')
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
    expect(text).toMatch(/\r\n\r\n\{"error":"request timeout"\}$/)
    expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT - 20)
    expect(ms).toBeLessThan(BODY_TIMEOUT + 2000)
    expect(errors).toMatchObject([{ code: 'INVALID_INPUT', message: 'createRunDataHandler: the body did not arrive within bodyTimeout (300 ms)' }])
  })

  it('sends 413 before reading a declared 1 MB body, and the client that keeps writing reads it, not a reset', async () => {
    const { text, error } = await raw(portOf(plain), headOf(1_000_000), { body: 1_000_000 })
    expect(error).toBeUndefined()
    expect(text).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/)
    expect(text).toMatch(/\r\nconnection: close\r\n/i)
  })

  it('sends 413 to a 1 MB body that grows past maxBodyBytes without declaring it, and the client reads it', async () => {
    const head = 'POST /steps HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
    const { text, error } = await raw(portOf(plain), head, { body: 1_000_000, chunk: 1024, chunked: true })
    expect(error).toBeUndefined()
    expect(text).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/)
  })

  it('stops dropping a refused body after 1 MiB and closes the connection, the 413 sent first', async () => {
    const { text, ms } = await raw(portOf(plain), headOf(3_000_000), { body: 3_000_000 })
    expect(text).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/)
    expect(ms).toBeLessThan(BODY_TIMEOUT + 2000)
  })

  it('answers an oversized request with Expect: 100-continue with 413, never 100 Continue', async () => {
    const { text } = await raw(withContinue.port, headOf(1_000_000, 'Expect: 100-continue\r\n'))
    expect(text).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/)
    expect(text).not.toContain('100 Continue')
  })

  it('sends 100 Continue to a small request with Expect: 100-continue, then its answer', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(withContinue.port, '127.0.0.1', () => socket.write(headOf(2, 'Expect: 100-continue\r\nConnection: close\r\n')))
      let text = ''
      socket.on('data', (data) => {
        text += data.toString('latin1')
        if (text == 'HTTP/1.1 100 Continue\r\n\r\n') socket.write('{}')
      })
      socket.on('close', () => resolve(text))
    })
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 400 Bad Request\r\n/)
    expect(answer).toMatch(/\{"error":"bad request"\}$/)
  })
})
