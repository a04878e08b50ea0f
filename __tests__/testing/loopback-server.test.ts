import { Server } from 'node:http'
import { listenOnLoopback, sendJson } from '../../src/testing/loopback-server'
import { connect } from '../cli/helpers'

describe('listenOnLoopback', () => {
  it('listens on a free port of 127.0.0.1', async () => {
    const [one, two] = await Promise.all([listenOnLoopback((_, res) => res.end('one')), listenOnLoopback((_, res) => res.end('two'))])
    try {
      expect(one.url).toBe(`http://127.0.0.1:${one.port}`)
      expect(one.port).not.toBe(two.port)
      expect(await (await fetch(one.url)).text()).toBe('one')
      expect(await (await fetch(two.url)).text()).toBe('two')
    } finally {
      await Promise.all([one.close(), two.close()])
    }
  })

  it('closes at once, ending the keep-alive connections fetch holds open, and frees the port', async () => {
    const server = await listenOnLoopback((_, res) => res.end('ok'))
    await (await fetch(server.url)).text()
    expect(await connect(server.port)).toBe('connected')
    const started = Date.now()
    await server.close()
    // Node keeps an idle connection for 5 s; waiting for it would take that long.
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await connect(server.port)).toBe('ECONNREFUSED')
  })
})

describe('listenOnLoopback on Node 18.0 and 18.1, whose servers have no closeAllConnections', () => {
  const { closeAllConnections } = Server.prototype
  beforeAll(() => void ((Server.prototype as Partial<Server>).closeAllConnections = undefined))
  afterAll(() => void (Server.prototype.closeAllConnections = closeAllConnections))

  it('still closes at once, ending the keep-alive connections, and frees the port', async () => {
    const server = await listenOnLoopback((_, res) => res.end('ok'))
    await (await fetch(server.url)).text()
    const started = Date.now()
    await server.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await connect(server.port)).toBe('ECONNREFUSED')
  })
})

describe('sendJson', () => {
  it('answers with the status, a JSON content type and the body as JSON', async () => {
    const server = await listenOnLoopback((_, res) => sendJson(res, 418, { error: 'teapot', steps: [1, 2] }))
    try {
      const response = await fetch(server.url)
      expect(response.status).toBe(418)
      expect(response.headers.get('content-type')).toBe('application/json')
      expect(await response.text()).toBe('{"error":"teapot","steps":[1,2]}')
    } finally {
      await server.close()
    }
  })
})
