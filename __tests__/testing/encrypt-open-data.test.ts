import fc from 'fast-check'
import { decryptOpenData, decryptRunData } from '../../src/server'
import { encryptOpenData } from '../../src/testing'
import { APP_ID, JUNE_1, runData } from '../fixtures/run-data'
import { IV_BASE64, SESSION_KEY, encrypt, thrown } from '../server/fixtures'

describe('encryptOpenData', () => {
  it('encrypts exactly as QQ does, so a fixed iv gives the same bytes', () => {
    const payload = runData(3)
    expect(encryptOpenData(payload, { sessionKey: SESSION_KEY, iv: IV_BASE64 })).toEqual({
      encryptedData: encrypt(payload),
      iv: IV_BASE64,
    })
  })

  it('picks a new random 16-byte iv for every call by default', () => {
    const first = encryptOpenData(runData(1), { sessionKey: SESSION_KEY })
    const second = encryptOpenData(runData(1), { sessionKey: SESSION_KEY })
    expect(Buffer.from(first.iv, 'base64')).toHaveLength(16)
    expect(first.iv).not.toBe(second.iv)
    expect(first.encryptedData).not.toBe(second.encryptedData)
  })

  it('is the inverse of decryptOpenData for any JSON object with a watermark', () => {
    const json = fc.dictionary(fc.string(), fc.jsonValue())
    fc.assert(
      fc.property(json, fc.uint8Array({ minLength: 16, maxLength: 16 }), (extra, key) => {
        const sessionKey = Buffer.from(key).toString('base64')
        const payload = { ...extra, watermark: { appid: APP_ID, timestamp: JUNE_1 } }
        const sealed = encryptOpenData(payload, { sessionKey })
        const opened = decryptOpenData({ ...sealed, sessionKey, appId: APP_ID })
        expect(opened).toEqual(JSON.parse(JSON.stringify(payload)))
      }),
    )
  })

  it('makes data decryptRunData accepts', () => {
    const payload = runData(31)
    const sealed = encryptOpenData(payload, { sessionKey: SESSION_KEY })
    expect(decryptRunData({ ...sealed, sessionKey: SESSION_KEY, appId: APP_ID })).toEqual(payload)
  })

  it.each<[string, () => unknown, RegExp]>([
    ['a payload that is not an object', () => encryptOpenData('x' as never, { sessionKey: SESSION_KEY }), /payload should be Object instead of String/],
    ['an array payload', () => encryptOpenData([] as never, { sessionKey: SESSION_KEY }), /payload should be Object instead of Array/],
    ['no options', () => encryptOpenData({}, undefined as never), /options should be Object instead of Undefined/],
    ['a short session key', () => encryptOpenData({}, { sessionKey: 'AAAA' }), /options.sessionKey decodes to 3 bytes/],
    ['a session key with a space', () => encryptOpenData({}, { sessionKey: SESSION_KEY.replace(/.$/, ' ') }), /space/],
    ['a bad iv', () => encryptOpenData({}, { sessionKey: SESSION_KEY, iv: 'not base64!' }), /options.iv/],
    ['a payload JSON cannot hold', () => encryptOpenData({ big: BigInt(1) }, { sessionKey: SESSION_KEY }), /payload cannot be written as JSON/],
  ])('throws a TypeError for %s', (_, call, message) => {
    const error = thrown(call)
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toMatch(/^encryptOpenData: /)
    expect(error.message).toMatch(message)
  })

  it('never repeats the session key in an error', () => {
    const sessionKey = SESSION_KEY.slice(0, -4)
    expect(thrown(() => encryptOpenData({}, { sessionKey })).message).not.toContain(sessionKey)
  })
})
