// The full code blocks of docs/sync.md (and docs/zh-CN/sync.md), as written there: they must
// compile under strict TypeScript. Each block is one function, since the docs use top-level await.
import Taro from '@tarojs/taro'
import { isAuthDenied, loginAndGetRunData, syncRunData, type RunDataAnswer } from 'taro-qq-run-data'
import { expectTypeOf } from 'expect-type'

export async function oneShot() {
  const { platform, code, encryptedData, iv } = await loginAndGetRunData({ timeout: 15000 })
  const { data } = await Taro.request({ url: 'https://api.example.com/steps', method: 'POST', data: { platform, code, encryptedData, iv } })
  return data
}

export async function logInOnce() {
  try {
    const { days, summary } = await syncRunData({ url: 'https://api.example.com/steps', timeout: 15000 })
    console.log(summary.total, days.length)
  } catch (res) {
    if (isAuthDenied(res)) {
      // The user refused the run-data scope: offer Taro.openSetting() from a tap.
    }
  }
}

export async function cloudFunction() {
  Taro.cloud.init({ env: 'my-env-id' }) // once, when the app starts
  const result = await syncRunData<{ total: number }>({ cloudFunction: 'steps', timeout: 15000 })
  expectTypeOf(result).toEqualTypeOf<{ total: number }>()
}

expectTypeOf(syncRunData({ url: '/steps' })).resolves.toEqualTypeOf<RunDataAnswer>()
