// 200 distinct corrupted ciphertexts for one session, each checked to really fail (this CBC has
// no MAC: some corruptions still decrypt), all get one and the same answer, headers included.
// The data, its corruptions and the check that they fail are made here with node:crypto alone,
// so a bug in the library can neither shape nor thin out what it is tested with.
import { createDecipheriv } from 'node:crypto'
import express from 'express'
import { createRunDataHandler, type RunDataHandler } from 'taro-qq-run-data/server'
import { startFakeCode2SessionServer, type FakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { runData } from '../../fixtures/run-data'
import { encrypt, IV, IV_BASE64, KEY, SESSION_KEY } from '../fixtures'
import { mockLogin, onLoopback, onNodeHttp, postJson, QQ_APP, type Running } from './helpers'

let fake: FakeCode2SessionServer
let handler: RunDataHandler
const causes: string[] = []

beforeAll(async () => {
  fake = await startFakeCode2SessionServer()
  handler = createRunDataHandler({
    qq: QQ_APP,
    endpoints: { qq: fake.endpoint },
    onError: (error) => void causes.push((error as Error).message),
  })
})
afterAll(() => fake.close())

/** Whether plain AES-128-CBC and JSON.parse already refuse `data`: then no decryption may accept it. */
function undecryptable(data: Buffer): boolean {
  try {
    const decipher = createDecipheriv('aes-128-cbc', KEY, IV)
    JSON.parse(Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8'))
    return false
  } catch {
    return true
  }
}

/** `count` corruptions of the last two blocks of `encryptedData`, which hold the padding, each undecryptable. */
function corruptions(encryptedData: string, count: number): string[] {
  const bytes = Buffer.from(encryptedData, 'base64')
  const found = new Set<string>()
  for (let i = 0; found.size < count; i++) {
    const copy = Buffer.from(bytes)
    // Alternately the last block (garbles the padding block) and the one before (flips bits of the padding).
    const block = i % 2 ? copy.length - 16 : copy.length - 32
    copy[block + ((i >> 1) % 16)]! ^= 1 + ((i >> 5) % 255)
    if (undecryptable(copy)) found.add(copy.toString('base64'))
  }
  return [...found]
}

describe.each<[string, (handler: RunDataHandler) => Promise<Running>]>([
  ['node:http', onNodeHttp],
  [
    'Express 5',
    (handler) => {
      const app = express()
      app.post('/steps', handler.node)
      return onLoopback(app)
    },
  ],
])('on %s', (_name, mount) => {
  it('answers 200 distinct failing ciphertexts of one session identically, whatever failed', async () => {
    causes.length = 0
    const server = await mount(handler)
    // The mock logs in with the fixtures' key; the data is encrypted with it here.
    const login = mockLogin('qq', { sessionKey: SESSION_KEY })
    const iv = IV_BASE64
    const encryptedData = encrypt(runData(3, { appid: QQ_APP.appId }))
    try {
      // Untouched, the data is accepted: what fails below is the corruption alone.
      expect((await postJson(server.url, { platform: 'qq', code: await login.login(), encryptedData, iv })).status).toBe(200)
      const corrupted = corruptions(encryptedData, 200)
      expect(new Set(corrupted).size).toBe(200)
      const answers = new Set<string>()
      for (const data of corrupted) {
        const answer = await postJson(server.url, { platform: 'qq', code: await login.login(), encryptedData: data, iv })
        answers.add(JSON.stringify(answer))
      }
      expect([...answers].map((answer) => JSON.parse(answer))).toEqual([
        expect.objectContaining({ status: 400, text: '{"error":"invalid run data"}' }),
      ])
      // The causes differ (bad padding, not JSON…); only onError could tell them apart.
      expect(causes).toHaveLength(200)
      expect(new Set(causes).size).toBeGreaterThan(1)
    } finally {
      login.runtime.restore()
      await server.close()
    }
  }, 30_000)
})
