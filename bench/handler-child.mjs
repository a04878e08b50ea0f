// One process of the endpoint benchmark (bench/handler.mjs forks it): `fake`, a stand-in for
// jscode2session that accepts every code for one fixed session key (each request of a load test
// needs a fresh login code), or one of the endpoints under load: `ours`, `floor`, `express`.
// It listens on 127.0.0.1:0 and sends its port to the parent; to any message it answers with the
// heap in use and the CPU time it used so far (µs), after collecting garbage for { gc: true }.
// `sessions-memory` and `sessions-redis` are `ours` with a session store (REDIS_URL for Redis).
import { createDecipheriv } from 'node:crypto'
import { createServer } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import CryptoJS from 'crypto-js'
import express from 'express'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const [kind] = process.argv.slice(2)
const { APP_ID, APP_SECRET, SESSION_KEY, ENDPOINT } = process.env

const exchange = async (code) => {
  const url = `${ENDPOINT}?appid=${APP_ID}&secret=${APP_SECRET}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`
  return (await fetch(url)).json()
}

async function handlerServer(sessions) {
  const { createRunDataHandler } = await import(pathToFileURL(join(root, 'dist/server.mjs')).href)
  const handler = createRunDataHandler({
    qq: { appId: APP_ID, appSecret: APP_SECRET },
    endpoints: { qq: ENDPOINT },
    maxAgeSeconds: 3600,
    ...(sessions && { sessions }),
  })
  return createServer(handler.node)
}

const servers = {
  fake: () =>
    createServer((req, res) => {
      const code = new URL(req.url, 'http://127.0.0.1').searchParams.get('js_code')
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', openid: `o-${code}`, session_key: SESSION_KEY }))
    }),

  ours: () => handlerServer(),

  // The same handler with sessions: the load sends a session instead of a login code.
  async 'sessions-memory'() {
    const { memorySessionStore } = await import(pathToFileURL(join(root, 'dist/server.mjs')).href)
    return handlerServer(memorySessionStore())
  },
  async 'sessions-redis'() {
    const { redisSessionStore } = await import(pathToFileURL(join(root, 'dist/server.mjs')).href)
    const { createClient } = await import('redis')
    const client = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true })
    await client.connect()
    return handlerServer(redisSessionStore(client))
  },

  // (a) The least an endpoint can do: parse, exchange, decrypt, parse, answer. No check at all.
  floor: () =>
    createServer((req, res) => {
      const chunks = []
      req.on('data', (chunk) => chunks.push(chunk))
      req.on('end', async () => {
        const { code, encryptedData, iv } = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        const { session_key } = await exchange(code)
        const decipher = createDecipheriv('aes-128-cbc', Buffer.from(session_key, 'base64'), Buffer.from(iv, 'base64'))
        const data = JSON.parse(decipher.update(encryptedData, 'base64', 'utf8') + decipher.final('utf8'))
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(data))
      })
    }),

  // (b) What backends write today: Express, express.json() and WXBizDataCrypt's crypto-js decrypt.
  express() {
    const app = express()
    app.use(express.json())
    app.post('/steps', async (req, res) => {
      const { code, encryptedData, iv } = req.body
      const { session_key } = await exchange(code)
      const decrypted = CryptoJS.AES.decrypt(encryptedData, CryptoJS.enc.Base64.parse(session_key), {
        iv: CryptoJS.enc.Base64.parse(iv),
        mode: CryptoJS.mode.CBC,
        padding: CryptoJS.pad.Pkcs7,
      })
      const data = JSON.parse(decrypted.toString(CryptoJS.enc.Utf8))
      if (data.watermark.appid !== APP_ID) throw new Error('Illegal Buffer')
      res.json(data)
    })
    return createServer(app)
  },
}

const server = await servers[kind]()
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
process.on('message', (message) => {
  if (message.gc) globalThis.gc()
  const { user, system } = process.cpuUsage()
  process.send({ heapUsed: process.memoryUsage().heapUsed, cpu: user + system })
})
process.on('disconnect', () => process.exit(0))
process.on('SIGINT', () => process.exit(0))
