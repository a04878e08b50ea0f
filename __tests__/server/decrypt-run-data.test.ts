import fc from 'fast-check'
import { decryptRunData, isRunDataError, RunDataError, type DecryptOptions, type RunData } from '../../src/server'
import { APP_ID, JUNE_1, runData } from '../fixtures/run-data'
import { encrypt, IV_BASE64, optionsFor, SESSION_KEY, thrown } from './fixtures'

const MAX_TIMESTAMP = 253402214400 // 9999-12-31T00:00:00Z
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const bytes = (minLength: number, maxLength = minLength) => fc.uint8Array({ minLength, maxLength })

const stepInfo = fc.record({ timestamp: fc.integer({ min: 0, max: MAX_TIMESTAMP }), step: fc.maxSafeNat() })
const appid = fc.oneof(fc.constant(APP_ID), fc.stringMatching(/^[1-9]\d{9}$/), fc.string({ minLength: 1 }))

// 2024-05-02 00:00 in Shanghai (2024-05-01T16:00:00Z): the first of 31 days ending 2024-06-01.
const MAY_2 = 1714579200

describe.each([decryptRunData, decryptRunData].map((decrypt) => [decrypt.name, decrypt] as const))('%s', (_, decrypt) => {
  it('round-trips any valid step list through QQ-style encryption', () => {
    fc.assert(
      fc.property(
        fc.array(stepInfo, { maxLength: 40 }),
        appid,
        fc.boolean(),
        fc.nat({ max: MAX_TIMESTAMP }),
        bytes(16),
        bytes(16),
        (stepInfoList, appId, numeric, timestamp, key, iv) => {
          const sentAppid = numeric && /^[1-9]\d{0,14}$/.test(appId) ? Number(appId) : appId
          const payload = { stepInfoList, watermark: { appid: sentAppid, timestamp } }
          const data = decrypt({ encryptedData: encrypt(payload, key, iv), iv: base64(iv), sessionKey: base64(key), appId })
          expect(data).toEqual<RunData>({ stepInfoList, watermark: { appid: appId, timestamp } })
        },
      ),
      { numRuns: 300 },
    )
  })

  describe('payloads as the platforms send them', () => {
    it('decrypts a WeRun-shaped payload: 31 entries, ascending, each at 00:00 UTC+8', () => {
      const stepInfoList = Array.from({ length: 31 }, (_, i) => ({ timestamp: MAY_2 + i * 86400, step: 4000 + i }))
      const payload = { stepInfoList, watermark: { timestamp: JUNE_1 + 3600, appid: 'wx4f4bc4dec97d474b' } }
      const data = decrypt(optionsFor(payload, { appId: 'wx4f4bc4dec97d474b', requireWatermark: true }))
      expect(data.stepInfoList).toHaveLength(31)
      expect(data.stepInfoList[0]).toEqual({ timestamp: 1714579200, step: 4000 })
      expect(data.stepInfoList[30]).toEqual({ timestamp: 1717171200, step: 4030 })
      expect(data.watermark).toEqual({ timestamp: 1717174800, appid: 'wx4f4bc4dec97d474b' })
    })

    it('decrypts a QQ payload without a watermark, as QQ documents run data', () => {
      const payload = { stepInfoList: [{ timestamp: 1717084800, step: 6000 }, { timestamp: 1717171200, step: 8532 }] }
      expect(decrypt(optionsFor(payload))).toEqual({ stepInfoList: [{ timestamp: 1717084800, step: 6000 }, { timestamp: 1717171200, step: 8532 }] })
    })

    it.each([0, 1, 30, 31, 45])('assumes no count of entries (%p)', (days) => {
      expect(decrypt(optionsFor(runData(days))).stepInfoList).toHaveLength(days)
    })

    it('keeps timestamps that are not midnight, and entries out of order, as they are', () => {
      const stepInfoList = [{ timestamp: JUNE_1 + 45296, step: 10 }, { timestamp: JUNE_1 - 86400 + 1, step: 20 }]
      expect(decrypt(optionsFor({ stepInfoList })).stepInfoList).toEqual([{ timestamp: 1717216496, step: 10 }, { timestamp: 1717084801, step: 20 }])
    })

    it.each<[string, Partial<Record<keyof DecryptOptions, unknown>>, RegExp]>([
      ['requireWatermark: true', { requireWatermark: true }, /: the decrypted data has no watermark, and requireWatermark is set$/],
      ['maxAgeSeconds', { maxAgeSeconds: 300 }, /: the decrypted data has no watermark, so its age cannot be checked against maxAgeSeconds \(300\)/],
    ])('rejects run data without a watermark with %s as INVALID_PAYLOAD', (_, overrides, message) => {
      const error = thrown(() => decrypt(optionsFor({ stepInfoList: [] }, overrides)))
      expect(error).toMatchObject({ code: 'INVALID_PAYLOAD', message: expect.stringMatching(new RegExp(`^${decrypt.name}${message.source}`)) })
    })

    it('applies maxAgeSeconds to run data that has a watermark', () => {
      const options = optionsFor(runData(1, { timestamp: JUNE_1 }), { maxAgeSeconds: 300, now: () => (JUNE_1 + 301) * 1000 })
      expect(thrown(() => decrypt(options))).toMatchObject({ code: 'EXPIRED', message: `${decrypt.name}: the data is 301 s old (by watermark.timestamp), more than maxAgeSeconds (300)` })
    })
  })

  it('accepts an empty step list, the edges of the ranges, and extra fields', () => {
    const extreme = { stepInfoList: [{ timestamp: 0, step: 0 }, { timestamp: MAX_TIMESTAMP, step: Number.MAX_SAFE_INTEGER, extra: 1 }], watermark: runData().watermark, more: true }
    expect(decrypt(optionsFor(extreme))).toEqual(extreme)
    expect(decrypt(optionsFor({ ...runData(), stepInfoList: [] })).stepInfoList).toEqual([])
  })

  it.each<[string, unknown, RegExp]>([
    ['no stepInfoList', undefined, /the decrypted data's stepInfoList should be Array instead of Undefined/],
    ['a stepInfoList that is an object', { 0: { timestamp: JUNE_1, step: 1 } }, /stepInfoList should be Array instead of Object/],
    ['a null entry', [{ timestamp: JUNE_1, step: 1 }, null], /stepInfoList\[1\] should be Object instead of Null/],
    ['a number entry', [5], /stepInfoList\[0\] should be Object instead of Number/],
    ['an entry without a timestamp', [{ step: 1 }], /stepInfoList\[0\].timestamp should be an integer number of seconds from 0 to 253402214400/],
    ['a negative timestamp', [{ timestamp: -1, step: 1 }], /stepInfoList\[0\].timestamp/],
    ['a fractional timestamp', [{ timestamp: JUNE_1 + 0.5, step: 1 }], /stepInfoList\[0\].timestamp/],
    ['a timestamp in ms', [{ timestamp: JUNE_1 * 1000, step: 1 }], /stepInfoList\[0\].timestamp/],
    ['a string timestamp', [{ timestamp: String(JUNE_1), step: 1 }], /stepInfoList\[0\].timestamp/],
    ['an entry without a step', [{ timestamp: JUNE_1 }], /stepInfoList\[0\].step should be an integer >= 0/],
    ['a negative step', [{ timestamp: JUNE_1, step: -5 }], /stepInfoList\[0\].step/],
    ['a fractional step', [{ timestamp: JUNE_1, step: 2.5 }], /stepInfoList\[0\].step/],
    ['a step beyond the safe integers', [{ timestamp: JUNE_1, step: 2 ** 53 }], /stepInfoList\[0\].step/],
    ['a string step', [{ timestamp: JUNE_1, step: '100' }], /stepInfoList\[0\].step/],
  ])('rejects a payload with %s as INVALID_PAYLOAD', (_, stepInfoList, message) => {
    const error = thrown(() => decrypt(optionsFor({ ...runData(), stepInfoList })))
    expect(error).toBeInstanceOf(RunDataError)
    expect(error.code).toBe('INVALID_PAYLOAD')
    expect(error.message).toMatch(message)
  })

  it('checks the watermark before the run data', () => {
    const error = thrown(() => decrypt(optionsFor({ stepInfoList: 'bad', watermark: { appid: 'other', timestamp: 0 } })))
    expect(error.code).toBe('APPID_MISMATCH')
  })

  describe('fuzzing', () => {
    // Strings of every kind, base64 of random bytes, and values of any type.
    const soup = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), bytes(0, 64).map(base64), fc.anything())
    // Mostly the right value, so that most inputs get past the early checks and reach the later ones.
    const mostly = (right: fc.Arbitrary<unknown>, ...wrong: fc.Arbitrary<unknown>[]) =>
      fc.oneof({ weight: 4, arbitrary: right }, ...wrong.map((arbitrary) => ({ weight: 1, arbitrary })))
    const stepLike = fc.record(
      { timestamp: mostly(stepInfo.map((s) => s.timestamp), fc.double(), fc.anything()), step: mostly(fc.maxSafeNat(), fc.integer(), fc.anything()) },
      { requiredKeys: [] },
    )
    const payload = fc.record({
      stepInfoList: mostly(fc.array(stepInfo), fc.array(stepLike), fc.anything()),
      watermark: mostly(
        fc.record({ appid: mostly(fc.constant(APP_ID), fc.constant(Number(APP_ID)), fc.anything()), timestamp: mostly(fc.nat(), fc.anything()) }),
        fc.anything(),
      ),
    })
    const options = fc.record({
      // Encrypted with the right key and iv, payloads of every shape reach the checks after decryption.
      encryptedData: mostly(
        payload.map((p) => encrypt(p)),
        soup,
        bytes(16, 96).filter((b) => b.length % 16 == 0).map(base64),
        fc.jsonValue().map((v) => encrypt(JSON.stringify(v))),
      ),
      iv: mostly(fc.constant(IV_BASE64), soup, bytes(16).map(base64)),
      sessionKey: mostly(fc.constant(SESSION_KEY), soup, bytes(16).map(base64)),
      appId: mostly(fc.constant(APP_ID), soup),
      maxAgeSeconds: mostly(fc.constant(undefined), fc.nat(), fc.anything()),
      now: mostly(fc.constant(undefined), fc.func(fc.oneof(fc.nat(), fc.anything()))),
    })
    const input = fc.oneof({ weight: 9, arbitrary: options }, { weight: 1, arbitrary: fc.anything() })

    it('either returns valid run data or throws a RunDataError that quotes no secret', () => {
      fc.assert(
        fc.property(input, (input) => {
          let data: RunData
          try {
            data = decrypt(input as DecryptOptions)
          } catch (error) {
            expect(error).toBeInstanceOf(RunDataError)
            expect(isRunDataError(error)).toBe(true)
            const { message } = error as RunDataError
            const { sessionKey, iv, encryptedData } = (input ?? {}) as Partial<DecryptOptions>
            for (const secret of [sessionKey, iv, encryptedData])
              if (typeof secret == 'string' && secret.length >= 16) expect(message).not.toContain(secret)
            return
          }
          if (data.watermark) expect(data.watermark.appid).toBe((input as DecryptOptions).appId)
          for (const { timestamp, step } of data.stepInfoList) {
            expect(Number.isInteger(timestamp) && timestamp >= 0).toBe(true)
            expect(Number.isSafeInteger(step) && step >= 0).toBe(true)
          }
        }),
        { numRuns: 2000 },
      )
    })
  })
})
