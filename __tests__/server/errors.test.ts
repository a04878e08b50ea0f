import { runInNewContext } from 'node:vm'
import {
  isQQApiError,
  isQQRequestError,
  isQQRunDataError,
  isQQServerError,
  QQApiError,
  QQRequestError,
  QQRunDataError,
  QQServerError,
} from '../../src/server'

const runData = new QQRunDataError('EXPIRED', 'decryptQQRunData: too old')
const api = new QQApiError(40029, 'invalid code', 'code2Session: QQ answered errcode 40029')
const request = new QQRequestError('HTTP_ERROR', 'code2Session: HTTP 500', 500)
const base = new QQServerError('TIMEOUT', 'late')

describe('server errors', () => {
  it('QQApiError says which platform answered: QQ unless told otherwise', () => {
    expect(api).toMatchObject({ errcode: 40029, errmsg: 'invalid code', platform: 'qq' })
    expect(new QQApiError(40163, 'code been used', 'code2Session: WeChat answered errcode 40163', 'weapp').platform).toBe('weapp')
  })

  it.each<[string, QQServerError, string, string]>([
    ['QQServerError', base, 'TIMEOUT', 'late'],
    ['QQRunDataError', runData, 'EXPIRED', 'decryptQQRunData: too old'],
    ['QQApiError', api, 'API_ERROR', 'code2Session: QQ answered errcode 40029'],
    ['QQRequestError', request, 'HTTP_ERROR', 'code2Session: HTTP 500'],
  ])('%s has its name, code and message, and extends Error through QQServerError', (name, error, code, message) => {
    expect(error).toBeInstanceOf(Error)
    expect(error).toBeInstanceOf(QQServerError)
    expect(error.name).toBe(name)
    expect(error.code).toBe(code)
    expect(error.message).toBe(message)
    expect(String(error)).toBe(`${name}: ${message}`)
    expect(error.stack!.startsWith(`${name}: ${message}\n`)).toBe(true)
    // `name` lives on the prototype, as on Error: logged errors show only their own data.
    expect(Object.keys(error)).not.toContain('name')
  })

  it('carries QQ’s errcode and errmsg on a QQApiError', () => {
    expect(api).toMatchObject({ errcode: 40029, errmsg: 'invalid code' })
  })

  it('carries the HTTP status on a QQRequestError that has one, and only then', () => {
    expect(request.status).toBe(500)
    expect('status' in new QQRequestError('TIMEOUT', 'late')).toBe(false)
  })

  it.each<[string, (error: unknown) => boolean, unknown[], unknown[]]>([
    ['isQQServerError', isQQServerError, [base, runData, api, request], [new Error('x')]],
    ['isQQRunDataError', isQQRunDataError, [runData], [base, api, request]],
    ['isQQApiError', isQQApiError, [api], [base, runData, request]],
    ['isQQRequestError', isQQRequestError, [request], [base, runData, api]],
  ])('%s tells its errors from the others', (_, guard, yes, no) => {
    for (const error of yes) expect(guard(error)).toBe(true)
    for (const error of no) expect(guard(error)).toBe(false)
  })

  it.each([null, undefined, 'QQRunDataError', { name: 'QQRunDataError' }, { name: 'TypeError', code: 'EXPIRED' }])(
    'no guard accepts %p',
    (value) => {
      for (const guard of [isQQServerError, isQQRunDataError, isQQApiError, isQQRequestError]) expect(guard(value)).toBe(false)
    },
  )

  it('recognises errors from another realm or another copy of the package', () => {
    const foreign = runInNewContext(`
      class QQRunDataError extends Error { constructor() { super('x'); this.code = 'EXPIRED' } }
      QQRunDataError.prototype.name = 'QQRunDataError'
      new QQRunDataError()
    `) as unknown
    expect(foreign).not.toBeInstanceOf(QQRunDataError)
    expect(isQQRunDataError(foreign)).toBe(true)
    expect(isQQServerError(foreign)).toBe(true)
    expect(isQQApiError(foreign)).toBe(false)
  })
})
