// The "Testing your app" example from the README, as written there.
import { loginAndGetRunData } from 'taro-qq-run-data'
import { code2Session, decryptRunData, toDailySteps } from 'taro-qq-run-data/server'
import { mockQQRuntime, mockWeChatRuntime, startFakeCode2SessionServer, type FakeCode2SessionServer } from 'taro-qq-run-data/testing'

let runtime: { restore(): void }
let server: FakeCode2SessionServer
beforeAll(async () => (server = await startFakeCode2SessionServer()))
afterAll(() => server.close())
afterEach(() => runtime.restore())

test.each([
  ['qq', () => mockQQRuntime({ steps: [8000, 12000, 3000] })], // the last three days, ending today
  ['weapp', () => mockWeChatRuntime({ steps: [8000, 12000, 3000] })],
] as const)('the steps a user walked reach the server intact (%s)', async (_, mock) => {
  const mocked = mock()
  runtime = mocked
  const { platform, code, encryptedData, iv } = await loginAndGetRunData()

  // What your backend does with what the app posted:
  const { sessionKey } = await code2Session({ platform, appId: mocked.appId, appSecret: 'test', code, endpoint: server.endpoint })
  const data = decryptRunData({ encryptedData, iv, sessionKey, appId: mocked.appId })
  expect(data).toEqual(mocked.expected)
  expect(toDailySteps(data.stepInfoList).map((day) => day.steps)).toEqual([8000, 12000, 3000])
})

test('the backend survives a busy platform', async () => {
  runtime = mockQQRuntime()
  const { code } = await loginAndGetRunData()
  server.fail('busy')
  await expect(code2Session({ appId: '1109876543', appSecret: 'test', code, endpoint: server.endpoint })).rejects.toMatchObject({ errcode: -1 })
})

test('the app gives up after its timeout', async () => {
  runtime = mockWeChatRuntime({ respond: 'never' })
  await expect(loginAndGetRunData({ timeout: 50 })).rejects.toEqual({ errMsg: 'loginAndGetRunData:fail timeout' })
})
