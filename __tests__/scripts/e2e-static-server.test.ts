import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from '../cli/helpers'

const { serve, whileServing } = require('../../scripts/e2e-static-server.cjs') as {
  serve(dir: string): Promise<Server>
  whileServing<T>(dir: string, browse: (origin: string) => Promise<T>): Promise<T>
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-static-'))
  mkdirSync(join(dir, 'js'))
  writeFileSync(join(dir, 'index.html'), '<h1>app</h1>')
  writeFileSync(join(dir, 'js', 'app.js'), 'void 0')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const get = async (origin: string, path: string) => {
  const response = await fetch(origin + path)
  return `${response.status} ${response.headers.get('content-type')} ${await response.text()}`
}

describe('the e2e static server', () => {
  it('serves the files under its directory, and nothing else', async () => {
    await whileServing(dir, async (origin) => {
      expect(await get(origin, '/')).toBe('200 text/html; charset=utf-8 <h1>app</h1>')
      expect(await get(origin, '/js/app.js')).toBe('200 text/javascript; charset=utf-8 void 0')
      expect(await get(origin, '/js/missing.js')).toBe('404 text/plain not found')
      expect(await get(origin, '/favicon.ico')).toBe('204 null ')
      expect(await get(origin, '/..%2F..%2Fetc%2Fpasswd')).toBe('403 null ')
    })
  })

  it('answers 400 to a malformed path and goes on serving', async () => {
    await whileServing(dir, async (origin) => {
      expect(await get(origin, '/%E0%A4%A')).toBe('400 text/plain bad request')
      expect(await get(origin, '/')).toMatch(/^200 /)
    })
  })

  it('closes the server when the browsing fails, such as a Chromium that does not start', async () => {
    let port = 0
    const failed = whileServing(dir, async (origin) => {
      port = Number(new URL(origin).port)
      throw new Error('Failed to launch the browser process!')
    })
    await expect(failed).rejects.toThrow('Failed to launch the browser process!')
    expect(await connect(port)).toBe('ECONNREFUSED')
  })

  it('closes the server after the browsing, keep-alive connections included', async () => {
    const started = Date.now()
    const origin = await whileServing(dir, async (origin) => {
      await get(origin, '/')
      return origin
    })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await connect(Number(new URL(origin).port))).toBe('ECONNREFUSED')
  })

  it('listens on 127.0.0.1 only', async () => {
    const server = await serve(dir)
    try {
      expect((server.address() as AddressInfo).address).toBe('127.0.0.1')
    } finally {
      server.close()
    }
  })
})
