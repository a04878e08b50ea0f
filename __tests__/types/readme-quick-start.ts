// The README's quick start, as written there: it must compile under strict TypeScript.
import Taro from '@tarojs/taro'
import { getQQRunData, isNotSupported, loginAndGetQQRunData, type GetQQRunDataFailResult } from 'taro-qq-run-data'

declare function upload(encryptedData: string, iv: string): void

export async function quickStart() {
  try {
    const { code, encryptedData, iv } = await loginAndGetQQRunData({ timeout: 15000 })
    const { data } = await Taro.request({
      url: 'https://api.example.com/steps',
      method: 'POST',
      data: { code, encryptedData, iv },
    })
    return data
  } catch (res) {
    if (isNotSupported(res)) {
      // Not QQ, or a QQ too old for the API: hide the steps feature.
    } else {
      console.warn((res as GetQQRunDataFailResult).errMsg)
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
