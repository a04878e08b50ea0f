// Without the reference, Taro's own typing stands: it returns void. This file is compiled as a
// program of its own, so it proves the augmentation is what changes the type.
import Taro from '@tarojs/taro'
import { expectTypeOf } from 'expect-type'

expectTypeOf(Taro.getQQRunData({})).toEqualTypeOf<void>()
// @ts-expect-error: Taro's typing requires the option
Taro.getQQRunData()
// @ts-expect-error: Taro's own typing has no timeout
Taro.getWeRunData({ timeout: 3000 })
