// The README's quick start, as written there: it must compile under strict TypeScript.
import Taro from '@tarojs/taro'
import { getQQRunData, isAuthDenied, isNotSupported, loginAndGetRunData, type RunDataFailResult } from 'taro-qq-run-data'

declare function upload(encryptedData: string, iv: string): void

export async function quickStart() {
  try {
    const { platform, code, encryptedData, iv } = await loginAndGetRunData({ timeout: 15000 })
    const { data } = await Taro.request({
      url: 'https://api.example.com/steps',
      method: 'POST',
      data: { platform, code, encryptedData, iv },
    })
    return data
  } catch (res) {
    if (isNotSupported(res)) {
      // Neither QQ nor WeChat, or a base library too old for the API: hide the steps feature.
    } else if (isAuthDenied(res)) {
      // The user refused: see "Authorization".
    } else {
      console.warn((res as RunDataFailResult).errMsg)
    }
  }
}

export async function withCallbacks() {
  const { encryptedData, iv } = await getQQRunData({ timeout: 10000 })
  upload(encryptedData, iv)

  getQQRunData({
    success: ({ encryptedData, iv }) => upload(encryptedData, iv),
    fail: ({ errMsg }) => console.warn(errMsg),
    complete: () => Taro.hideLoading(),
  })
}
