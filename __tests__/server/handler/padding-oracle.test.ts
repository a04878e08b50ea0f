// 200 distinct corrupted ciphertexts for one session, each checked to really fail (this CBC has
// no MAC: some corruptions still decrypt), all get one and the same answer, headers included.
import { createServer } from 'node:http'
import express from 'express'
import { createRunDataHandler, decryptRunData, isRunDataError, type RunDataHandler } from 'taro-qq-run-data/server'
import { startFakeCode2SessionServer, type FakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { listening, mockLogin, onNodeHttp, postJson, QQ_APP, type Running } from './helpers'

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

/** Corruptions of the last two blocks, which hold the padding, kept only when decryption really fails. */
function corruptions(encryptedData: string, iv: string, sessionKey: string, count: number): string[] {
  const bytes = Buffer.from(encryptedData, 'base64')
  const found = new Set<string>()
  for (let i = 0; found.size < count; i++) {
    const copy = Buffer.from(bytes)
    // Alternately the last block (garbles the padding block) and the one before (flips bits of the padding).
    const block = i % 2 ? copy.length - 16 : copy.length - 32
    copy[block + ((i >> 1) % 16)]! ^= 1 + ((i >> 5) % 255)
    const candidate = copy.toString('base64')
    try {
      decryptRunData({ encryptedData: candidate, iv, sessionKey, appId: QQ_APP.appId })
    } catch (error) {
      if (isRunDataError(error)) found.add(candidate)
    }
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
      return listening(createServer(app))
    },
  ],
])('on %s', (_name, mount) => {
  it('answers 200 distinct failing ciphertexts of one session identically, whatever failed', async () => {
    causes.length = 0
    const server = await mount(handler)
    const login = mockLogin('qq')
    try {
      const { encryptedData, iv } = await login.runData()
      const corrupted = corruptions(encryptedData, iv, login.runtime.sessionKey, 200)
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
