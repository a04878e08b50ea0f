// The README's authorization recipe, as written there: it must compile under strict TypeScript.
import Taro from '@tarojs/taro'
import { RUN_DATA_SCOPES, detectPlatform, isAuthDenied, loginAndGetRunData } from 'taro-qq-run-data'

export async function loadSteps() {
  const platform = detectPlatform()
  if (platform != 'qq' && platform != 'weapp') return 'unsupported'
  try {
    await Taro.authorize({ scope: RUN_DATA_SCOPES[platform] })
  } catch (res) {
    if (isAuthDenied(res)) return 'denied'
    throw res
  }
  return loginAndGetRunData({ timeout: 15000 })
}

export async function onOpenSettingTap() {
  await Taro.openSetting()
  return loadSteps()
}
