import fc from 'fast-check'
import { cloudRunData, isRunDataError, type CloudRunData, type RunDataError } from '../../src/server'
import { DAY, JUNE_1 } from '../fixtures/run-data'

const STEPS = [
  { timestamp: JUNE_1, step: 8532 },
  { timestamp: JUNE_1 + DAY, step: 10240 },
  { timestamp: JUNE_1 + 2 * DAY, step: 0 },
]
// As the cloud hands it to the function: the CloudID resolved in place, and the caller's ids.
const EVENT = {
  weRunData: {
    cloudID: '12_hBVzNXrBN6ucDPzyk3JwKVkKdrwXf2sp8yGSD9UqxAsbH8pjmbEPwBu8kOo',
    data: { stepInfoList: STEPS, watermark: { timestamp: JUNE_1 + 2 * DAY + 3600, appid: 'wx4f4bc4dec97d474b' } },
  },
  userInfo: { appId: 'wx4f4bc4dec97d474b', openId: 'oWx-user-1' },
}

const thrown = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    const { name, code, message, ...details } = error as RunDataError
    return { name, code, message, ...details }
  }
  throw new Error('did not throw')
}
const withData = (data: unknown) => ({ ...EVENT, weRunData: { cloudID: EVENT.weRunData.cloudID, data } })

describe('cloudRunData', () => {
  it('returns the openid, the days in Shanghai and their summary', () => {
    expect(cloudRunData(EVENT)).toEqual<CloudRunData>({
      openid: 'oWx-user-1',
      days: [
        { date: '2024-06-01', steps: 8532, timestamp: 1717171200 },
        { date: '2024-06-02', steps: 10240, timestamp: 1717257600 },
        { date: '2024-06-03', steps: 0, timestamp: 1717344000 },
      ],
      summary: {
        days: 3,
        total: 18772,
        average: 6257,
        best: { date: '2024-06-02', steps: 10240, timestamp: 1717257600 },
        latest: { date: '2024-06-03', steps: 0, timestamp: 1717344000 },
      },
    })
  })

  it('puts the days on the dates of the time zone it is given', () => {
    expect(cloudRunData(EVENT, { timeZone: 'UTC' }).days.map((day) => day.date)).toEqual(['2024-05-31', '2024-06-01', '2024-06-02'])
    expect(cloudRunData(EVENT, { timeZone: 'America/Los_Angeles' }).days.map((day) => day.date)).toEqual(['2024-05-31', '2024-06-01', '2024-06-02'])
    expect(cloudRunData(EVENT, {}).days.map((day) => day.date)).toEqual(['2024-06-01', '2024-06-02', '2024-06-03'])
  })

  it('needs no watermark, no userInfo and no cloudID', () => {
    expect(cloudRunData({ weRunData: { data: { stepInfoList: [{ timestamp: JUNE_1, step: 1 }] } } })).toEqual({
      days: [{ date: '2024-06-01', steps: 1, timestamp: 1717171200 }],
      summary: {
        days: 1,
        total: 1,
        average: 1,
        best: { date: '2024-06-01', steps: 1, timestamp: 1717171200 },
        latest: { date: '2024-06-01', steps: 1, timestamp: 1717171200 },
      },
    })
  })

  it('returns no days for an empty list', () => {
    expect(cloudRunData(withData({ stepInfoList: [] }))).toEqual({
      openid: 'oWx-user-1',
      days: [],
      summary: { days: 0, total: 0, average: 0, best: null, latest: null },
    })
  })

  it.each([
    ['no userInfo', undefined],
    ['a userInfo that is a string', 'oWx-user-1'],
    ['an empty openId', { openId: '' }],
    ['a numeric openId', { openId: 7 }],
    ['no openId', { appId: 'wx4f4bc4dec97d474b' }],
  ])('leaves the openid out for %s', (_, userInfo) => {
    expect(Object.keys(cloudRunData({ ...EVENT, userInfo }))).toEqual(['days', 'summary'])
  })

  it('ignores a watermark of any shape', () => {
    expect(cloudRunData(withData({ stepInfoList: STEPS, watermark: 'x' })).days).toHaveLength(3)
  })

  describe('refuses', () => {
    const HOW = '; call the function with { weRunData: wx.cloud.CloudID(cloudID) }'
    it.each([
      ['no event', undefined, 'cloudRunData: event should be Object instead of Undefined'],
      ['an event that is an array', [], 'cloudRunData: event should be Object instead of Array'],
      ['an event without weRunData', { userInfo: EVENT.userInfo }, `cloudRunData: event.weRunData is missing${HOW}`],
      ['a weRunData that is the CloudID itself', { weRunData: EVENT.weRunData.cloudID }, `cloudRunData: event.weRunData should be Object instead of String${HOW}`],
      ['a null weRunData', { weRunData: null }, `cloudRunData: event.weRunData should be Object instead of Null${HOW}`],
    ])('%s with INVALID_INPUT', (_, event, message) => {
      expect(thrown(() => cloudRunData(event))).toEqual({ name: 'RunDataError', code: 'INVALID_INPUT', message })
    })

    it('a CloudID the cloud could not resolve with INVALID_INPUT, its errCode and its errMsg', () => {
      const event = { weRunData: { cloudID: EVENT.weRunData.cloudID, errCode: -601006, errMsg: 'cloudID expired.' } }
      expect(thrown(() => cloudRunData(event))).toEqual({
        name: 'RunDataError',
        code: 'INVALID_INPUT',
        message:
          "cloudRunData: the cloud could not resolve event.weRunData's CloudID (errCode -601006: cloudID expired.); get the run data again in the mini-program",
        platform: 'weapp',
        errcode: -601006,
      })
    })

    it.each([
      ['no errMsg', { errCode: 40001 }, '(errCode 40001)', { errcode: 40001 }],
      ['an empty errMsg', { errCode: 40001, errMsg: '' }, '(errCode 40001)', { errcode: 40001 }],
      ['an errMsg with control characters, cut at 200', { errCode: 1, errMsg: `a\nb\u0000${'x'.repeat(300)}` }, `(errCode 1: a?b?${'x'.repeat(196)})`, { errcode: 1 }],
      ['a string errCode', { errCode: '-1', errMsg: 'bad' }, '(it sent no data)', {}],
      ['neither data nor errCode', {}, '(it sent no data)', {}],
    ])('an unresolved CloudID with %s', (_, fields, detail, details) => {
      expect(thrown(() => cloudRunData({ weRunData: { cloudID: 'id', ...fields } }))).toEqual({
        name: 'RunDataError',
        code: 'INVALID_INPUT',
        message: `cloudRunData: the cloud could not resolve event.weRunData's CloudID ${detail}; get the run data again in the mini-program`,
        platform: 'weapp',
        ...details,
      })
    })

    it.each([
      ['data that is a string', JSON.stringify({ stepInfoList: STEPS }), 'event.weRunData.data should be Object instead of String'],
      ['data that is null', null, 'event.weRunData.data should be Object instead of Null'],
      ['data without stepInfoList', { watermark: {} }, 'event.weRunData.data.stepInfoList should be Array instead of Undefined'],
      ['a stepInfoList that is an object', { stepInfoList: {} }, 'event.weRunData.data.stepInfoList should be Array instead of Object'],
      ['an entry that is null', { stepInfoList: [null] }, 'event.weRunData.data.stepInfoList[0] should be Object instead of Null'],
      [
        'a timestamp in ms',
        { stepInfoList: [STEPS[0], { timestamp: JUNE_1 * 1000, step: 1 }] },
        'event.weRunData.data.stepInfoList[1].timestamp should be an integer number of seconds from 0 to 253402214400',
      ],
      ['a negative step', { stepInfoList: [{ timestamp: JUNE_1, step: -1 }] }, 'event.weRunData.data.stepInfoList[0].step should be an integer >= 0'],
      ['a step as a string', { stepInfoList: [{ timestamp: JUNE_1, step: '8532' }] }, 'event.weRunData.data.stepInfoList[0].step should be an integer >= 0'],
    ])('%s with INVALID_PAYLOAD', (_, data, problem) => {
      expect(thrown(() => cloudRunData(withData(data)))).toEqual({
        name: 'RunDataError',
        code: 'INVALID_PAYLOAD',
        message: `cloudRunData: ${problem}`,
        platform: 'weapp',
      })
    })

    it.each([
      [null, 'cloudRunData: options should be Object instead of Null'],
      [{ timeZone: 8 }, 'cloudRunData: options.timeZone should be String instead of Number'],
      [{ timeZone: 'Mars/Olympus' }, `cloudRunData: options.timeZone "Mars/Olympus" is not a time zone this runtime knows; use an IANA name such as 'Asia/Shanghai'`],
      [{ timezone: 'UTC' }, "cloudRunData: unknown option 'timezone'; did you mean 'timeZone'?"],
      [{ appId: 'wx4f4bc4dec97d474b' }, "cloudRunData: unknown option 'appId'"],
    ])('the options %p with INVALID_OPTION, before looking at the event', (options, message) => {
      expect(thrown(() => cloudRunData(undefined, options as never))).toEqual({ name: 'RunDataError', code: 'INVALID_OPTION', message })
    })
  })

  it('throws only RunDataError, whatever the event', () => {
    const event = fc.oneof(
      fc.anything(),
      fc.record({ weRunData: fc.anything() }),
      fc.record({ weRunData: fc.record({ data: fc.anything(), errCode: fc.anything(), errMsg: fc.anything() }, { requiredKeys: [] }) }),
      fc.record({ weRunData: fc.record({ data: fc.record({ stepInfoList: fc.array(fc.record({ timestamp: fc.anything(), step: fc.anything() })) }) }) }),
    )
    fc.assert(
      fc.property(event, (event) => {
        try {
          cloudRunData(event)
        } catch (error) {
          expect(isRunDataError(error)).toBe(true)
        }
      }),
    )
  })
})
