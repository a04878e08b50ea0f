// The one entry with a side effect: importing it makes `Taro.getQQRunData` this library's
// adapter, so code written against Taro's API behaves the same on every platform.
import Taro from '@tarojs/taro'
import { getQQRunData } from './get-qq-run-data'

;(Taro as unknown as { getQQRunData: typeof getQQRunData }).getQQRunData = getQQRunData
