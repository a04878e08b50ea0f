import { listenOnLoopback, type LoopbackServer } from '../../src/testing'
import { postJson } from '../../src/cli/post-json'

let server: LoopbackServer
const received: unknown[] = []
beforeAll(async () => {
  server = await listenOnLoopback((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk))
    req.on('end', () => {
      received.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(body) })
      res.writeHead(req.url == '/ok' ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: JSON.parse(body) }))
    })
  })
})
afterAll(() => server.close())

describe('postJson', () => {
  it('posts JSON and resolves with the JSON answer', async () => {
    await expect(postJson(`${server.url}/ok`, { code: 'c' })).resolves.toEqual({ echo: { code: 'c' } })
    expect(received.at(-1)).toEqual({ method: 'POST', type: 'application/json', body: { code: 'c' } })
  })

  it('rejects an answer that is not 2xx with its status and body', async () => {
    await expect(postJson(`${server.url}/login`, { code: 'c' })).rejects.toThrow('POST /login answered HTTP 401: {"echo":{"code":"c"}}')
  })
})
