import { isNotSupported, notSupported } from '../../src/client/not-supported'

describe('isNotSupported', () => {
  it.each([
    notSupported('getQQRunData', 'weapp'),
    notSupported('loginAndGetQQRunData', 'h5'),
    { errMsg: 'getQQRunData:fail not supported on qq', platform: 'qq', extra: 1 },
  ])('recognises %p', (result) => {
    expect(isNotSupported(result)).toBe(true)
  })

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'getQQRunData:fail not supported on h5'],
    ['a number', 0],
    ['an Error', new Error('getQQRunData:fail not supported on h5')],
    ['a native failure', { errMsg: 'getQQRunData:fail auth deny', errCode: -1 }],
    ['a timeout', { errMsg: 'getQQRunData:fail timeout' }],
    ['a success', { errMsg: 'getQQRunData:ok', encryptedData: '', iv: '' }],
    ['an errMsg without platform', { errMsg: 'getQQRunData:fail not supported on h5' }],
    ['a platform that disagrees', { errMsg: 'getQQRunData:fail not supported on h5', platform: 'weapp' }],
    ['a non-string platform', { errMsg: 'getQQRunData:fail not supported on 1', platform: 1 }],
    ['a non-string errMsg', { errMsg: ['x'], platform: 'h5' }],
    ['a message that only ends the same', { errMsg: 'getQQRunData:fail x not supported on h5', platform: 'h5' }],
  ])('rejects %s', (_, value) => {
    expect(isNotSupported(value)).toBe(false)
  })
})
