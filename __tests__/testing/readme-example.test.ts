// The "Testing your app" example from the README, as written there, against the built package.
import { loginAndGetQQRunData } from 'taro-qq-run-data'
import { decryptQQRunData, toDailySteps } from 'taro-qq-run-data/server'
import { mockQQRuntime, type MockQQRuntime } from 'taro-qq-run-data/testing'

let runtime: MockQQRuntime
afterEach(() => runtime.restore())

test('the steps a user walked reach the server intact', async () => {
  runtime = mockQQRuntime({ steps: [8000, 12000, 3000] }) // the last three days, ending today
  const { code, encryptedData, iv } = await loginAndGetQQRunData()
  expect(code).toBe(runtime.loginCode)

  // What your backend does with what the app posted:
  const data = decryptQQRunData({ encryptedData, iv, sessionKey: runtime.sessionKey, appId: runtime.appId })
  expect(data).toEqual(runtime.expected)
  expect(toDailySteps(data.stepInfoList).map((day) => day.steps)).toEqual([8000, 12000, 3000])
})

test('the app hides the feature on WeChat', async () => {
  runtime = mockQQRuntime({ platform: 'weapp' })
  await expect(loginAndGetQQRunData()).rejects.toMatchObject({ platform: 'weapp' })
})

test('the app gives up after its timeout', async () => {
  runtime = mockQQRuntime({ respond: 'never' })
  await expect(loginAndGetQQRunData({ timeout: 50 })).rejects.toEqual({ errMsg: 'loginAndGetQQRunData:fail timeout' })
})
