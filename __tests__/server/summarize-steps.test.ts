import { RunDataError, summarizeSteps, toDailySteps, type DailySteps, type StepInfo, type StepsSummary } from '../../src/server'
import { JUNE_1 } from '../fixtures/run-data'
import { thrown } from './fixtures'

const day = (date: string, steps: number, timestamp = JUNE_1): DailySteps => ({ date, steps, timestamp })

describe('summarizeSteps', () => {
  it('sums up days', () => {
    const days = [day('2024-06-01', 4000), day('2024-06-02', 9000), day('2024-06-03', 2000)]
    expect(summarizeSteps(days)).toEqual<StepsSummary>({ days: 3, total: 15000, average: 5000, best: days[1]!, latest: days[2]! })
  })

  it('summarises no days as zeros and nulls', () => {
    expect(summarizeSteps([])).toEqual<StepsSummary>({ days: 0, total: 0, average: 0, best: null, latest: null })
  })

  it.each<[number[], number]>([
    [[1, 2], 2],
    [[1, 1, 2], 1],
    [[0], 0],
    [[10001, 10000], 10001],
  ])('rounds the average of %p to %p whole steps', (steps, average) => {
    expect(summarizeSteps(steps.map((n, i) => day(`2024-06-0${i + 1}`, n))).average).toBe(average)
  })

  it('finds the latest day in any order', () => {
    const days = [day('2024-06-03', 1), day('2024-06-01', 2), day('2024-06-02', 3)]
    expect(summarizeSteps(days).latest).toBe(days[0])
  })

  it('breaks a tie for the best day in favour of the later date, in any order', () => {
    const earlier = day('2024-06-01', 5000)
    const later = day('2024-06-02', 5000)
    expect(summarizeSteps([earlier, later]).best).toBe(later)
    expect(summarizeSteps([later, earlier]).best).toBe(later)
  })

  describe('rejects bad input with INVALID_INPUT', () => {
    it.each<[string, unknown, RegExp]>([
      ['days that are not an array', { days: [] }, /^summarizeSteps: days should be Array instead of Object$/],
      ['a null day', [null], /days\[0\] should be Object instead of Null/],
      ['a day without a date', [{ steps: 1, timestamp: JUNE_1 }], /days\[0\].date should be a 'YYYY-MM-DD' String/],
      ['a date in another format', [day('2024/06/01', 1)], /days\[0\].date should be a 'YYYY-MM-DD' String/],
      ['a date twice', [day('2024-06-01', 1), day('2024-06-01', 2)], /days\[1\].date 2024-06-01 appears twice; each date should appear once, as toDailySteps returns them/],
      ['fractional steps', [day('2024-06-01', 1.5)], /days\[0\].steps should be an integer >= 0/],
      ['steps as a string', [{ date: '2024-06-01', steps: '1', timestamp: JUNE_1 }], /days\[0\].steps/],
      ['a negative timestamp', [day('2024-06-01', 1, -1)], /days\[0\].timestamp should be an integer number of seconds from 0 to 253402214400/],
    ])('for %s', (_, days, message) => {
      const error = thrown(() => summarizeSteps(days as DailySteps[]))
      expect(error).toBeInstanceOf(RunDataError)
      expect(error.code).toBe('INVALID_INPUT')
      expect(error.message).toMatch(message)
    })

    // What a day has beyond a stepInfoList entry, its date, is checked after what they share.
    it.each<[string, unknown, unknown]>([
      ['no object', 7, 7],
      ['a bad timestamp and a bad date', { date: '2024/06/01', steps: 1, timestamp: -1 }, { timestamp: -1, step: 1 }],
      ['a bad count of steps and no date', { steps: 1.5, timestamp: JUNE_1 }, { timestamp: JUNE_1, step: 1.5 }],
      ['a bad timestamp and a bad count', { date: '2024-06-01', steps: -1, timestamp: 0.5 }, { timestamp: 0.5, step: -1 }],
    ])('words a day with %s as toDailySteps words the stepInfoList entry', (_, day, entry) => {
      // Without the API and the list's name; a day counts `steps` where an entry has `step`.
      const problem = (message: string) => message.replace(/^\w+: \w+\[0\]/, '').replace(/\.steps? /, '.step ')
      const summarized = thrown(() => summarizeSteps([day] as DailySteps[])).message
      expect(problem(summarized)).toBe(problem(thrown(() => toDailySteps([entry] as StepInfo[])).message))
      expect(summarized).toMatch(/^summarizeSteps: days\[0\]/)
    })
  })
})
