import { inspect } from 'node:util'
import { runInNewContext } from 'node:vm'
import { isRunDataError, RunDataError } from 'taro-qq-run-data/server'

describe('RunDataError', () => {
  it('carries its code, message and only the details given', () => {
    const error = new RunDataError('LOGIN_REQUIRED', 'log in again', { platform: 'weapp', errcode: 40029, status: undefined })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('RunDataError')
    expect(error.code).toBe('LOGIN_REQUIRED')
    expect(error.message).toBe('log in again')
    expect(error.platform).toBe('weapp')
    expect(error.errcode).toBe(40029)
    expect(Object.keys(error)).toEqual(['code', 'platform', 'errcode'])
    expect(inspect(error)).not.toContain('status')
  })

  it('has a dataAppId on an appid mismatch', () => {
    expect(new RunDataError('APPID_MISMATCH', 'other app', { dataAppId: 'wx-other' }).dataAppId).toBe('wx-other')
  })
})

describe('isRunDataError', () => {
  it.each([
    ['a RunDataError', new RunDataError('EXPIRED', 'old'), true],
    ['one from another realm', runInNewContext(`Object.assign(new Error('x'), { name: 'RunDataError', code: 'DECRYPT_FAILED' })`), true],
    ['a plain Error', new Error('x'), false],
    ['an unknown code', Object.assign(new Error('x'), { name: 'RunDataError', code: 'NOPE' }), false],
    ['another name', Object.assign(new Error('x'), { name: 'TypeError', code: 'EXPIRED' }), false],
    ['null', null, false],
    ['a string', 'RunDataError', false],
  ])('recognises %s correctly', (_, value, expected) => {
    expect(isRunDataError(value)).toBe(expected)
  })
})
