import fc from 'fast-check'
import { RunDataError, toDailySteps, type DailySteps, type StepInfo } from '../../src/server'
import { JUNE_1 } from '../fixtures/run-data'
import { thrown } from './fixtures'

const MAX_TIMESTAMP = 253402214400 // 9999-12-31T00:00:00Z
const at = (iso: string) => Date.parse(iso) / 1000
const entry = (iso: string, step: number): StepInfo => ({ timestamp: at(iso), step })
const dates = (list: StepInfo[], timeZone?: string) => toDailySteps(list, timeZone === undefined ? undefined : { timeZone }).map((d) => d.date)

describe('toDailySteps', () => {
  it('returns one entry per day with date, steps and timestamp', () => {
    expect(toDailySteps([{ timestamp: JUNE_1, step: 8532 }])).toEqual<DailySteps[]>([
      { date: '2024-06-01', steps: 8532, timestamp: JUNE_1 },
    ])
  })

  it('returns an empty list for no entries', () => {
    expect(toDailySteps([])).toEqual([])
  })

  describe('in Asia/Shanghai, the default', () => {
    it.each([
      ['2024-05-31T15:59:59Z', '2024-05-31'],
      ['2024-05-31T16:00:00Z', '2024-06-01'],
      ['2024-06-01T15:59:59Z', '2024-06-01'],
      ['2024-12-31T16:00:00Z', '2025-01-01'],
      ['1970-01-01T00:00:00Z', '1970-01-01'],
    ])('puts %s on %s', (iso, date) => {
      expect(dates([entry(iso, 1)])).toEqual([date])
      expect(dates([entry(iso, 1)], 'Asia/Shanghai')).toEqual([date])
    })
  })

  describe('in America/Los_Angeles', () => {
    // 2024-03-10 has 23 hours: clocks jump from 02:00 PST (-08:00) to 03:00 PDT (-07:00).
    it.each([
      ['2024-03-10T07:59:59Z', '2024-03-09'],
      ['2024-03-10T08:00:00Z', '2024-03-10'],
      ['2024-03-11T06:59:59Z', '2024-03-10'],
      ['2024-03-11T07:00:00Z', '2024-03-11'],
      ['2024-05-31T16:00:00Z', '2024-05-31'],
      ['1970-01-01T00:00:00Z', '1969-12-31'],
    ])('puts %s on %s, across the DST change', (iso, date) => {
      expect(dates([entry(iso, 1)], 'America/Los_Angeles')).toEqual([date])
    })
  })

  it.each([
    ['UTC', '2024-05-31'],
    ['Pacific/Kiritimati', '2024-06-01'],
    ['Etc/GMT+12', '2024-05-30'],
    ['asia/shanghai', '2024-05-31'],
  ])('honours the time zone %s', (timeZone, date) => {
    expect(dates([entry('2024-05-31T10:30:00Z', 1)], timeZone)).toEqual([date])
  })

  it('keeps four-digit years at the edges of the timestamp range', () => {
    expect(dates([{ timestamp: MAX_TIMESTAMP, step: 1 }], 'Pacific/Kiritimati')).toEqual(['9999-12-31'])
    expect(dates([{ timestamp: 0, step: 1 }], 'Etc/GMT+12')).toEqual(['1969-12-31'])
  })

  it('sorts the days in ascending order', () => {
    const list = [entry('2024-06-03T02:00:00Z', 3), entry('2024-06-01T02:00:00Z', 1), entry('2024-06-02T02:00:00Z', 2)]
    expect(toDailySteps(list).map((d) => [d.date, d.steps])).toEqual([
      ['2024-06-01', 1],
      ['2024-06-02', 2],
      ['2024-06-03', 3],
    ])
  })

  it('keeps the entry with the later timestamp when two fall on one date, in either order', () => {
    const morning = entry('2024-06-01T01:00:00Z', 100)
    const evening = entry('2024-06-01T13:00:00Z', 9000)
    const day = { date: '2024-06-01', steps: 9000, timestamp: evening.timestamp }
    expect(toDailySteps([morning, evening])).toEqual([day])
    expect(toDailySteps([evening, morning])).toEqual([day])
  })

  it('keeps the later entry when two have the same timestamp', () => {
    expect(toDailySteps([{ timestamp: JUNE_1, step: 1 }, { timestamp: JUNE_1, step: 2 }])[0]!.steps).toBe(2)
  })

  it('does not assume timestamps are midnight-aligned', () => {
    // 23:30 and 00:30 Shanghai time, one hour apart: two days.
    expect(dates([entry('2024-06-01T15:30:00Z', 1), entry('2024-06-01T16:30:00Z', 2)])).toEqual(['2024-06-01', '2024-06-02'])
  })

  it('stays right across many time zones, past the size of its formatter cache', () => {
    const zones = Intl.supportedValuesOf('timeZone').slice(0, 80)
    for (const timeZone of [...zones, ...zones]) {
      const [day] = toDailySteps([{ timestamp: JUNE_1, step: 1 }], { timeZone })
      const expected = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(JUNE_1 * 1000)
      expect(day!.date).toBe(expected)
    }
  })

  it('stays right for the same timestamps in another time zone, and past the dates it remembers', () => {
    // 16:00 UTC is midnight in Shanghai and 09:00 in Los Angeles: a remembered date must not
    // leak from one zone into another.
    const list = [entry('2024-06-01T16:00:00Z', 1)]
    expect(dates(list)).toEqual(['2024-06-02'])
    expect(dates(list, 'America/Los_Angeles')).toEqual(['2024-06-01'])
    expect(dates(list)).toEqual(['2024-06-02'])
    // 5,000 days from 2000-01-01 (midnight in Shanghai), more than the 4,096 dates remembered.
    const days = Array.from({ length: 5000 }, (_, i) => ({ timestamp: at('1999-12-31T16:00:00Z') + i * 86400, step: i }))
    const many = toDailySteps(days)
    expect(many).toHaveLength(5000)
    expect(many[0]).toEqual({ date: '2000-01-01', steps: 0, timestamp: 946656000 })
    expect(many[4999]).toEqual({ date: '2013-09-08', steps: 4999, timestamp: 946656000 + 4999 * 86400 })
    expect(dates(list)).toEqual(['2024-06-02'])
  })

  it('gives each date once, ascending, with the latest entry of that date', () => {
    const list = fc.array(fc.record({ timestamp: fc.integer({ min: JUNE_1 - 40 * 86400, max: JUNE_1 }), step: fc.nat() }), { maxLength: 60 })
    fc.assert(
      fc.property(list, fc.constantFrom('Asia/Shanghai', 'America/Los_Angeles', 'UTC'), (list, timeZone) => {
        const days = toDailySteps(list, { timeZone })
        const byDate = new Map(days.map((d) => [d.date, d]))
        expect(days.map((d) => d.date)).toEqual([...byDate.keys()].sort())
        expect(byDate.size).toBe(days.length)
        for (const { timestamp, step } of list) {
          const [day] = toDailySteps([{ timestamp, step }], { timeZone })
          expect(byDate.get(day!.date)!.timestamp).toBeGreaterThanOrEqual(timestamp)
        }
        for (const day of days) expect(list).toContainEqual({ timestamp: day.timestamp, step: day.steps })
      }),
    )
  })

  describe('rejects bad input with INVALID_INPUT, bad options with INVALID_OPTION', () => {
    it.each<[string, unknown, unknown, RegExp, string?]>([
      ['a list that is not an array', { stepInfoList: [] }, undefined, /^toDailySteps: list should be Array instead of Object$/],
      ['a missing list', undefined, undefined, /list should be Array instead of Undefined/],
      ['a null entry', [{ timestamp: JUNE_1, step: 1 }, null], undefined, /list\[1\] should be Object instead of Null/],
      ['a timestamp in ms', [{ timestamp: JUNE_1 * 1000, step: 1 }], undefined, /list\[0\].timestamp should be an integer number of seconds from 0 to 253402214400/],
      ['a timestamp beyond year 9999', [{ timestamp: MAX_TIMESTAMP + 1, step: 1 }], undefined, /list\[0\].timestamp/],
      ['a negative step', [{ timestamp: JUNE_1, step: -1 }], undefined, /list\[0\].step should be an integer >= 0/],
      ['options that are not an object', [], 'Asia/Shanghai', /options should be Object instead of String/, 'INVALID_OPTION'],
      ['null options', [], null, /options should be Object instead of Null/, 'INVALID_OPTION'],
      ['a time zone that is not a string', [], { timeZone: 8 }, /options.timeZone should be String instead of Number/, 'INVALID_OPTION'],
      ['an unknown time zone', [], { timeZone: 'Mars/Olympus_Mons' }, /options.timeZone "Mars\/Olympus_Mons" is not a time zone this runtime knows; use an IANA name such as 'Asia\/Shanghai'/, 'INVALID_OPTION'],
      ['an empty time zone', [], { timeZone: '' }, /options.timeZone "" is not a time zone/, 'INVALID_OPTION'],
      ['an offset instead of a time zone', [], { timeZone: '+08:00' }, /options.timeZone "\+08:00" is not a time zone/, 'INVALID_OPTION'],
      ['a misspelled option', [], { timezone: 'UTC' }, /^toDailySteps: unknown option 'timezone'; did you mean 'timeZone'\?$/, 'INVALID_OPTION'],
    ])('for %s', (_, list, options, message, code = 'INVALID_INPUT') => {
      const error = thrown(() => toDailySteps(list as StepInfo[], options as { timeZone?: string }))
      expect(error).toBeInstanceOf(RunDataError)
      expect(error.code).toBe(code)
      expect(error.message).toMatch(message)
    })
  })
})
