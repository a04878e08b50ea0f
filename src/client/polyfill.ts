// The one entry with a side effect: importing it makes `Taro.getQQRunData` and
// `Taro.getWeRunData` this library's adapters, so code written against Taro's API behaves the
// same on every platform.
import Taro from '@tarojs/taro'
import { getQQRunData } from './get-qq-run-data'
import { getWeRunData } from './get-we-run-data'

Object.assign(Taro, { getQQRunData, getWeRunData })
