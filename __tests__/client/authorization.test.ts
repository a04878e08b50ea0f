import { RUN_DATA_SCOPES, isAuthDenied } from '../../src/client/authorization'
import { notSupported } from '../../src/client/not-supported'

describe('isAuthDenied', () => {
  it.each<[string, unknown]>([
    ['fail auth deny (WeChat developer tools)', { errMsg: 'getWeRunData:fail auth deny' }],
    ['fail:auth deny (WeChat on Android)', { errMsg: 'getWeRunData:fail:auth deny' }],
    ['fail auth denied', { errMsg: 'getQQRunData:fail auth denied' }],
    ['fail:auth denied', { errMsg: 'authorize:fail:auth denied' }],
    ['the refusal errCode alone', { errMsg: 'getQQRunData:fail', errCode: -12006 }],
    ['the refusal errCode with a refusal errMsg', { errMsg: 'getQQRunData:fail auth deny', errCode: -12006 }],
  ])('recognises %s', (_, result) => {
    expect(isAuthDenied(result)).toBe(true)
  })

  it.each<[string, unknown]>([
    ['a timeout', { errMsg: 'getWeRunData:fail timeout' }],
    ['a not-supported result', notSupported('getRunData', 'h5')],
    ['a cancel', { errMsg: 'getWeRunData:fail cancel' }],
    ['a success', { errMsg: 'getWeRunData:ok', encryptedData: 'e', iv: 'i' }],
    ['a system permission refusal', { errMsg: 'getWeRunData:fail system permission denied' }],
    ['a refusal of the phone number', { errMsg: 'getPhoneNumber:fail user deny' }],
    ['ok followed by the words', { errMsg: 'getWeRunData:ok auth deny' }],
    ['the words after another reason', { errMsg: 'getWeRunData:fail network auth deny' }],
    ['the words followed by more', { errMsg: 'getWeRunData:fail auth deny and more' }],
    ['a trailing space', { errMsg: 'getWeRunData:fail auth deny ' }],
    ['two spaces', { errMsg: 'getWeRunData:fail  auth deny' }],
    ['a colon and a space', { errMsg: 'getWeRunData:fail: auth deny' }],
    ['other capitals', { errMsg: 'getWeRunData:fail Auth Deny' }],
    ['denying', { errMsg: 'getWeRunData:fail auth denying' }],
    ['no api name', { errMsg: ':fail auth deny' }],
    ['no api name at all', { errMsg: 'fail auth deny' }],
    ['another errCode', { errMsg: 'getWeRunData:fail', errCode: -12007 }],
    ['the errCode as a string', { errMsg: 'getWeRunData:fail', errCode: '-12006' }],
    ['a bare string', 'getWeRunData:fail auth deny'],
    ['an Error', new Error('getWeRunData:fail auth deny')],
    ['a non-string errMsg', { errMsg: ['getWeRunData:fail auth deny'] }],
    ['undefined', undefined],
    ['null', null],
  ])('rejects %s', (_, result) => {
    expect(isAuthDenied(result)).toBe(false)
  })
})

it('names the scope each platform asks the user for', () => {
  expect(RUN_DATA_SCOPES).toEqual({ qq: 'scope.qqrun', weapp: 'scope.werun' })
})
