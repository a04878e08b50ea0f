import { createDecipheriv } from 'node:crypto'
import { decryptOpenData, decryptRunData, RunDataError, type DecryptOptions } from '../../src/server'
import { APP_ID, JUNE_1, runData } from '../fixtures/run-data'
import { encrypt, IV, IV_BASE64, KEY, optionsFor, SESSION_KEY, thrown } from './fixtures'

const fails = (options: unknown, code: string, message: RegExp | string) => {
  const error = thrown(() => decryptOpenData(options as DecryptOptions))
  expect(error).toBeInstanceOf(RunDataError)
  expect(error.code).toBe(code)
  expect(error.message).toMatch(message)
}

// 16 bytes whose base64 has a '+' and a '/', as many real session keys do.
const KEY_WITH_PLUS = Buffer.from('fbff00fbff00fbff00fbff00fbff00fb', 'hex').toString('base64')

// WeChat's own sample for its WXBizDataCrypt demos (the Node, Python, PHP and C# versions carry
// the same values): user info encrypted for the appid wx4f4bc4dec97d474b.
const WECHAT_SAMPLE = {
  appId: 'wx4f4bc4dec97d474b',
  sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==',
  iv: 'r7BXXKkLb8qrSNn05n0qiA==',
  encryptedData:
    'CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142d' +
    'NCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn' +
    '/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns' +
    '/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuy' +
    'Db/XcxxmK01EpqOyuxINew==',
}

describe('decryptOpenData', () => {
  it("decrypts WeChat's official WXBizDataCrypt sample to its published plaintext", () => {
    expect(decryptOpenData(WECHAT_SAMPLE)).toEqual({
      openId: 'oGZUI0egBJY1zhBYw2KhdUfwVJJE',
      nickName: 'Band',
      gender: 1,
      language: 'zh_CN',
      city: 'Guangzhou',
      province: 'Guangdong',
      country: 'CN',
      avatarUrl:
        'http://wx.qlogo.cn/mmopen/vi_32/aSKcBBPpibyKNicHNTMM0qJVh8Kjgiak2AHWr8MHM4WgMEm7GFhsf8OYrySdbvAMvTsw3mo8ibKicsnfN5pRjl1p8HQ/0',
      unionId: 'ocMvos6NjeKLIBqg5Mr9QjxrP1FA',
      watermark: { timestamp: 1477314187, appid: 'wx4f4bc4dec97d474b' },
    })
  })

  it("refuses WeChat's sample for another appid, and when it is older than maxAgeSeconds", () => {
    fails({ ...WECHAT_SAMPLE, appId: 'wx0000000000000000' }, 'APPID_MISMATCH', /another app/)
    fails({ ...WECHAT_SAMPLE, maxAgeSeconds: 60, now: () => 1477314247001 }, 'EXPIRED', /the data is 60 s old .*more than maxAgeSeconds \(60\)$/)
  })

  it('returns the decrypted object, watermark included', () => {
    const payload = { openGId: 'G1', watermark: { appid: APP_ID, timestamp: JUNE_1 } }
    const data = decryptOpenData<{ openGId: string }>(optionsFor(payload))
    expect(data).toEqual(payload)
    expect(data.openGId).toBe('G1')
  })

  it('decrypts multi-byte UTF-8 that spans AES blocks', () => {
    const payload = { nickName: '跑步的人🏃'.repeat(9), watermark: { appid: APP_ID, timestamp: JUNE_1 } }
    expect(decryptOpenData(optionsFor(payload))).toEqual(payload)
  })

  describe('INVALID_INPUT and INVALID_OPTION', () => {
    it.each<[string, Partial<Record<keyof DecryptOptions, unknown>>, RegExp, 'INVALID_INPUT' | 'INVALID_OPTION']>([
      ['a sessionKey that is not a string', { sessionKey: 16 }, /sessionKey should be a base64 String instead of Number/, 'INVALID_INPUT'],
      ['a missing sessionKey', { sessionKey: undefined }, /sessionKey should be a base64 String instead of Undefined/, 'INVALID_INPUT'],
      ['an empty sessionKey', { sessionKey: '' }, /sessionKey is empty; it should be 16 bytes/, 'INVALID_INPUT'],
      ['a sessionKey of 24 bytes', { sessionKey: Buffer.alloc(24).toString('base64') }, /sessionKey decodes to 24 bytes; it should be 16 bytes/, 'INVALID_INPUT'],
      ['a sessionKey of 15 bytes', { sessionKey: Buffer.alloc(15).toString('base64') }, /sessionKey decodes to 15 bytes/, 'INVALID_INPUT'],
      ['a sessionKey in base64url', { sessionKey: KEY_WITH_PLUS.replace('+', '-') }, /sessionKey contains '-' \(at index \d+\): that is base64url/, 'INVALID_INPUT'],
      ['a sessionKey with a character outside base64', { sessionKey: '!' + SESSION_KEY.slice(1) }, /sessionKey contains '!' at index 0, which is outside the base64 alphabet \(A-Z, a-z, 0-9, '\+', '\/', '='\)$/, 'INVALID_INPUT'],
      ['a sessionKey without its padding', { sessionKey: SESSION_KEY.replace(/=+$/, '') }, /sessionKey has a length of 22, which is not a multiple of 4/, 'INVALID_INPUT'],
      ['a sessionKey with a misplaced =', { sessionKey: 'AA==' + SESSION_KEY.slice(4) }, /sessionKey has a misplaced '='/, 'INVALID_INPUT'],
      ['a sessionKey with = before its last character', { sessionKey: SESSION_KEY.slice(0, 22) + '=A' }, /sessionKey has a misplaced '='/, 'INVALID_INPUT'],
      ['a sessionKey with three =', { sessionKey: SESSION_KEY.slice(0, 21) + '===' }, /sessionKey has a misplaced '='/, 'INVALID_INPUT'],
      ['an iv of 12 bytes', { iv: Buffer.alloc(12).toString('base64') }, /iv decodes to 12 bytes; it should be 16 bytes/, 'INVALID_INPUT'],
      ['an iv that is null', { iv: null }, /iv should be a base64 String instead of Null/, 'INVALID_INPUT'],
      ['empty encryptedData', { encryptedData: '' }, /encryptedData is empty; it should be a non-empty multiple of 16 bytes/, 'INVALID_INPUT'],
      ['encryptedData that is not whole AES blocks', { encryptedData: Buffer.alloc(20).toString('base64') }, /encryptedData decodes to 20 bytes/, 'INVALID_INPUT'],
      ['encryptedData with MIME line breaks', { encryptedData: encrypt(runData()).replace(/(.{64})/g, '$1\n') }, /encryptedData contains U\+000A at index 64, which is outside the base64 alphabet/, 'INVALID_INPUT'],
      ['a missing appId', { appId: undefined }, /appId should be a non-empty String instead of Undefined/, 'INVALID_OPTION'],
      ['an empty appId', { appId: '' }, /appId should be a non-empty String instead of an empty String/, 'INVALID_OPTION'],
      ['an appId given as a number', { appId: 1109876543 }, /appId should be a non-empty String instead of Number/, 'INVALID_OPTION'],
      ['a negative maxAgeSeconds', { maxAgeSeconds: -1 }, /maxAgeSeconds should be a finite Number >= 0 instead of -1$/, 'INVALID_OPTION'],
      ['a maxAgeSeconds of NaN', { maxAgeSeconds: NaN }, /maxAgeSeconds should be a finite Number >= 0 instead of NaN$/, 'INVALID_OPTION'],
      ['an infinite maxAgeSeconds', { maxAgeSeconds: Infinity }, /maxAgeSeconds should be a finite Number >= 0 instead of Infinity$/, 'INVALID_OPTION'],
      ['a maxAgeSeconds of -Infinity', { maxAgeSeconds: -Infinity }, /maxAgeSeconds should be a finite Number >= 0 instead of -Infinity$/, 'INVALID_OPTION'],
      ['a maxAgeSeconds given as a string', { maxAgeSeconds: '300' }, /maxAgeSeconds should be a finite Number >= 0 instead of String/, 'INVALID_OPTION'],
      ['a now that is not a function', { now: 1717171200000 }, /now should be Function instead of Number/, 'INVALID_OPTION'],
      ['a requireWatermark given as a string', { requireWatermark: 'yes' }, /requireWatermark should be Boolean instead of String$/, 'INVALID_OPTION'],
      ['a requireWatermark of 1', { requireWatermark: 1 }, /requireWatermark should be Boolean instead of Number$/, 'INVALID_OPTION'],
      ['a now that returns NaN', { now: () => NaN, maxAgeSeconds: 60 }, /now\(\) should be a finite Number of ms instead of NaN/, 'INVALID_OPTION'],
      ['a now that returns a string', { now: () => '1700000000000', maxAgeSeconds: 60 }, /now\(\) should be a finite Number of ms instead of String/, 'INVALID_OPTION'],
    ])('rejects %s', (_, overrides, message, code) => fails(optionsFor(runData(), overrides), code, message))

    it.each([null, undefined, 'options', [optionsFor(runData())]])('rejects the options %p', (options) =>
      fails(options, 'INVALID_OPTION', /^decryptOpenData: options should be Object instead of /),
    )

    it('explains a + that URL-decoding turned into a space', () => {
      const encryptedData = encrypt(runData(31))
      expect(encryptedData).toContain('+')
      // What a backend reading a form body or a query string without encoding receives.
      const received = new URLSearchParams(`encryptedData=${encryptedData}`).get('encryptedData')
      fails(optionsFor(runData(31), { encryptedData: received }), 'INVALID_INPUT', /encryptedData contains a space \(at index \d+\): it was probably URL-decoded, which turns every '\+' into a space/)
      fails(optionsFor(runData(), { sessionKey: KEY_WITH_PLUS.replace('+', ' ') }), 'INVALID_INPUT', /sessionKey contains a space/)
    })

    it('checks every input before decrypting anything', () => {
      // A wrong key together with a bad appId: the appId is reported, not the wrong key.
      fails(optionsFor(runData(), { sessionKey: Buffer.alloc(16).toString('base64'), appId: '' }), 'INVALID_OPTION', /appId/)
    })

    it.each([
      [{ sessionkey: 'x' }, "decryptOpenData: unknown option 'sessionkey'; did you mean 'sessionKey'?"],
      [{ maxAge: 60 }, "decryptOpenData: unknown option 'maxAge'"],
      [{ requireWatermarks: true }, "decryptOpenData: unknown option 'requireWatermarks'; did you mean 'requireWatermark'?"],
    ])('refuses the unknown option %p, naming it', (extra, message) => {
      expect(() => decryptOpenData({ ...optionsFor(runData()), ...extra })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', message }))
    })
  })

  describe('DECRYPT_FAILED', () => {
    it('rejects data that does not unpad with the key (a stale session key)', () => {
      fails(optionsFor(runData(), { sessionKey: Buffer.alloc(16, 7).toString('base64') }), 'DECRYPT_FAILED', /the session key and iv don't decrypt the data \(bad padding\); the session key is probably stale/)
    })

    it('rejects data that a wrong iv turns into something other than JSON', () => {
      // CBC: a wrong iv garbles only the first block, so the padding is still fine.
      const iv = Buffer.from(IV)
      iv[0] = iv[0]! ^ 0xff
      fails(optionsFor(runData(), { iv: iv.toString('base64') }), 'DECRYPT_FAILED', /the decrypted data is not JSON; the session key or iv is probably wrong/)
    })

    it('rejects a wrong key that happens to unpad cleanly (about 1 in 256) the same way', () => {
      const encryptedData = encrypt(runData())
      let seed = 0
      let key: Buffer
      for (;;) {
        key = Buffer.alloc(16, ++seed)
        try {
          const decipher = createDecipheriv('aes-128-cbc', key, IV)
          decipher.update(encryptedData, 'base64')
          decipher.final()
          break
        } catch {}
      }
      fails(optionsFor(runData(), { encryptedData, sessionKey: key.toString('base64') }), 'DECRYPT_FAILED', /not JSON/)
    })
  })

  describe('INVALID_PAYLOAD', () => {
    it.each<[string, unknown, RegExp]>([
      ['an array', [runData()], /the decrypted data should be an Object instead of Array/],
      ['null', null, /should be an Object instead of Null/],
      ['a JSON string', '"text"', /should be an Object instead of String/],
      ['a watermark that is a string', { watermark: APP_ID }, /the decrypted data has a watermark that is String instead of an Object$/],
      ['a watermark that is null', { watermark: null }, /the decrypted data has a watermark that is Null instead of an Object$/],
      ['a watermark that is an array', { watermark: [APP_ID, JUNE_1] }, /has a watermark that is Array instead of an Object$/],
      ['a watermark without an appid', { watermark: { timestamp: JUNE_1 } }, /watermark.appid that is neither a non-empty String nor a Number/],
      ['a watermark with an empty appid', { watermark: { appid: '', timestamp: JUNE_1 } }, /watermark.appid/],
      ['a watermark with a boolean appid', { watermark: { appid: true, timestamp: JUNE_1 } }, /watermark.appid/],
      ['a watermark without a timestamp', { watermark: { appid: APP_ID } }, /watermark.timestamp that is not an integer number of seconds/],
      ['a watermark with a fractional timestamp', { watermark: { appid: APP_ID, timestamp: 1.5 } }, /watermark.timestamp/],
      ['a watermark with a string timestamp', { watermark: { appid: APP_ID, timestamp: String(JUNE_1) } }, /watermark.timestamp/],
    ])('rejects %s', (_, payload, message) => fails(optionsFor(payload), 'INVALID_PAYLOAD', message))
  })

  describe('the watermark: checked when present, never assumed', () => {
    const bare = { stepInfoList: [{ timestamp: JUNE_1, step: 1 }] }

    it.each<[string, Partial<Record<keyof DecryptOptions, unknown>>]>([
      ['no options', {}],
      ['requireWatermark: false', { requireWatermark: false }],
    ])('accepts data without a watermark with %s, and returns it as it is', (_, overrides) => {
      expect(decryptOpenData(optionsFor(bare, overrides))).toEqual(bare)
    })

    it.each<[string, Partial<Record<keyof DecryptOptions, unknown>>, RegExp]>([
      ['requireWatermark: true', { requireWatermark: true }, /^decryptOpenData: the decrypted data has no watermark, and requireWatermark is set$/],
      [
        'maxAgeSeconds',
        { maxAgeSeconds: 300, now: () => JUNE_1 * 1000 },
        /^decryptOpenData: the decrypted data has no watermark, so its age cannot be checked against maxAgeSeconds \(300\); leave maxAgeSeconds out for data that comes without one$/,
      ],
      ['maxAgeSeconds: 0 and requireWatermark: true', { maxAgeSeconds: 0, requireWatermark: true }, /has no watermark, and requireWatermark is set$/],
    ])('rejects data without a watermark as INVALID_PAYLOAD with %s', (_, overrides, message) =>
      fails(optionsFor(bare, overrides), 'INVALID_PAYLOAD', message),
    )

    it('accepts a watermark with requireWatermark: true', () => {
      expect(decryptOpenData(optionsFor(runData(1), { requireWatermark: true })).watermark).toEqual({ appid: APP_ID, timestamp: JUNE_1 + 86400 })
    })
  })

  describe('APPID_MISMATCH', () => {
    it('rejects data made for another app', () => {
      fails(optionsFor(runData(1, { appid: '1109876544' })), 'APPID_MISMATCH', /the data was encrypted for another app: its watermark.appid is not appId/)
    })

    it('rejects a numeric appid of another app', () => {
      fails(optionsFor(runData(1, { appid: 1109876544 })), 'APPID_MISMATCH', /another app/)
    })

    it('accepts an appid QQ sent as a number, and returns it as a string', () => {
      const data = decryptOpenData(optionsFor(runData(1, { appid: Number(APP_ID) })))
      expect(data.watermark).toEqual({ appid: APP_ID, timestamp: JUNE_1 + 86400 })
    })
  })

  describe('EXPIRED', () => {
    const stamped = (age: number) => optionsFor(runData(1, { timestamp: JUNE_1 }), { maxAgeSeconds: 300, now: () => (JUNE_1 + age) * 1000 })

    it('rejects data older than maxAgeSeconds', () => {
      fails(stamped(301), 'EXPIRED', /the data is 301 s old \(by watermark.timestamp\), more than maxAgeSeconds \(300\)/)
    })

    it.each([0, 300, -60])('accepts data %p s old', (age) => {
      expect(decryptOpenData(stamped(age)).watermark?.timestamp).toBe(JUNE_1)
    })

    it('measures the age against the clock by default', () => {
      const fresh = Math.floor(Date.now() / 1000)
      expect(decryptOpenData(optionsFor(runData(1, { timestamp: fresh }), { maxAgeSeconds: 60 })).watermark?.timestamp).toBe(fresh)
      fails(optionsFor(runData(1, { timestamp: fresh - 3600 }), { maxAgeSeconds: 60 }), 'EXPIRED', /more than maxAgeSeconds \(60\)/)
    })

    it('ignores the age without maxAgeSeconds', () => {
      expect(decryptOpenData(optionsFor(runData(1, { timestamp: 0 }))).watermark?.timestamp).toBe(0)
    })
  })

  it('names the function that failed and never quotes the key, the iv or the data', () => {
    const options = optionsFor(runData(), { sessionKey: Buffer.alloc(16, 7).toString('base64') })
    for (const fn of [decryptOpenData, decryptRunData, decryptRunData]) {
      const { message } = thrown(() => fn(options))
      expect(message.startsWith(`${fn.name}: `)).toBe(true)
      for (const secret of [options.sessionKey, options.iv, options.encryptedData, SESSION_KEY, IV_BASE64, KEY.toString('hex')])
        expect(message).not.toContain(secret)
    }
  })
})
