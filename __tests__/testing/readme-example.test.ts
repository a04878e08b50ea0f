// The "Testing your app" example from the README, as written there.
import { loginAndGetQQRunData } from 'taro-qq-run-data'
import { code2Session, decryptRunData, toDailySteps } from 'taro-qq-run-data/server'
import { mockQQRuntime, startFakeCode2SessionServer, type FakeCode2SessionServer, type MockQQRuntime } from 'taro-qq-run-data/testing'

let runtime: MockQQRuntime
let server: FakeCode2SessionServer
beforeAll(async () => (server = await startFakeCode2SessionServer()))
afterAll(() => server.close())
afterEach(() => runtime.restore())

test('the steps a user walked reach the server intact', async () => {
  runtime = mockQQRuntime({ steps: [8000, 12000, 3000] }) // the last three days, ending today
  const { code, encryptedData, iv } = await loginAndGetQQRunData()

  // What your backend does with what the app posted:
  const { sessionKey } = await code2Session({ appId: runtime.appId, appSecret: 'test', code, endpoint: server.endpoint })
  const data = decryptRunData({ encryptedData, iv, sessionKey, appId: runtime.appId })
  expect(data).toEqual(runtime.expected)
  expect(toDailySteps(data.stepInfoList).map((day) => day.steps)).toEqual([8000, 12000, 3000])
})

test('the backend survives a busy platform', async () => {
  runtime = mockQQRuntime()
  const { code } = await loginAndGetQQRunData()
  server.fail('busy')
  await expect(code2Session({ appId: runtime.appId, appSecret: 'test', code, endpoint: server.endpoint })).rejects.toMatchObject({ errcode: -1 })
})

test('the app gives up after its timeout', async () => {
  runtime = mockQQRuntime({ respond: 'never' })
  await expect(loginAndGetQQRunData({ timeout: 50 })).rejects.toEqual({ errMsg: 'loginAndGetQQRunData:fail timeout' })
})
