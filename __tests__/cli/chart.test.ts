import fc from 'fast-check'
import { bar, formatCount, renderDays, renderSummary } from '../../src/cli/chart'
import { summarizeSteps, type DailySteps } from '../../src/server'

const day = (date: string, steps: number): DailySteps => ({ date, steps, timestamp: Date.parse(`${date}T00:00:00+08:00`) / 1000 })
const cells = (text: string) => [...text].reduce((sum, char) => sum + (char == '█' ? 8 : '▏▎▍▌▋▊▉'.indexOf(char) + 1), 0)
const ESCAPE = /\u001b\[/

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [12345, '12,345'],
    [1234567, '1,234,567'],
  ])('writes %i as %s', (count, text) => expect(formatCount(count)).toBe(text))
})

describe('bar', () => {
  it('is empty for nothing, and at least an eighth of a cell for anything', () => {
    expect(bar(0, 0, 40)).toBe('')
    expect(bar(0, 100, 40)).toBe('')
    expect(bar(1, 1000000, 40)).toBe('▏')
  })

  it('draws the best day as the full width, and a half as half of it', () => {
    expect(bar(10, 10, 4)).toBe('████')
    expect(bar(5, 10, 4)).toBe('██')
    expect(bar(5, 10, 3)).toBe('█▌')
  })

  it('grows with the value, in eighths of a cell, and never past the width', () => {
    fc.assert(
      fc.property(fc.nat(100000), fc.nat(100000), fc.integer({ min: 1, max: 80 }), (a, b, width) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        const max = Math.max(high, 1)
        const [short, long] = [bar(low, max, width), bar(high, max, width)]
        expect(cells(short)).toBeLessThanOrEqual(cells(long))
        expect(cells(long)).toBeLessThanOrEqual(width * 8)
        // Rounded to the nearest eighth, except that anything above 0 shows at least one.
        expect(Math.abs(cells(long) - (high / max) * width * 8)).toBeLessThanOrEqual(1)
      }),
    )
  })
})

describe('renderDays', () => {
  const days = [day('2024-06-01', 8532), day('2024-06-02', 12040), day('2024-06-03', 0)]

  it('draws a table with a bar per day, scaled to the best day', () => {
    expect(renderDays(days, { colour: false, width: 10 })).toBe(
      'date        day   steps\n' +
        '2024-06-01  Sat   8,532  ███████▏\n' +
        '2024-06-02  Sun  12,040  ██████████\n' +
        '2024-06-03  Mon       0\n',
    )
  })

  it('is 40 cells wide by default', () => {
    expect(renderDays([day('2024-06-01', 5)], { colour: false })).toContain('█'.repeat(40) + '\n')
  })

  it('colours only when asked to', () => {
    expect(renderDays(days, { colour: false })).not.toMatch(ESCAPE)
    const coloured = renderDays(days, { colour: true })
    expect(coloured).toContain('\u001b[32m██')
    expect(coloured).toContain('\u001b[2mdate')
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderDays(days, { colour: false }))
  })

  it('draws nothing for no days', () => {
    expect(renderDays([], { colour: false })).toBe('')
  })
})

describe('renderSummary', () => {
  it('gives the totals, the best and the latest day', () => {
    const summary = summarizeSteps([day('2024-06-01', 8532), day('2024-06-02', 12040), day('2024-06-03', 700)])
    expect(renderSummary(summary, { colour: false })).toBe(
      '3 days · total 21,272 · average 7,091 a day\n' + 'best    2024-06-02 Sun  12,040\n' + 'latest  2024-06-03 Mon     700\n',
    )
  })

  it('says day for one day', () => {
    expect(renderSummary(summarizeSteps([day('2024-06-01', 5)]), { colour: false })).toMatch(/^1 day · total 5 · average 5 a day\n/)
  })

  it('says so when there are no days', () => {
    expect(renderSummary(summarizeSteps([]), { colour: false })).toBe('no days of run data\n')
  })

  it('colours only when asked to', () => {
    const summary = summarizeSteps([day('2024-06-01', 5000)])
    expect(renderSummary(summary, { colour: false })).not.toMatch(ESCAPE)
    expect(renderSummary(summary, { colour: true })).toContain('total \u001b[1m5,000\u001b[22m')
  })
})
