import type { DailySteps, StepsSummary } from 'taro-qq-run-data/server'

/**
 * How {@link renderDays} and {@link renderSummary} draw.
 *
 * @example
 * renderDays(days, { colour: false, width: 30 })
 */
export interface ChartOptions {
  /** ANSI colours, for a terminal; plain text otherwise. */
  colour: boolean
  /**
   * The length of the longest bar, in terminal cells.
   *
   * @default 40
   */
  width?: number
}

// A cell is split into eighths, so a bar grows smoothly rather than in whole cells.
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉']
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

// Select Graphic Rendition: each code with its own reset, so they nest.
const paint = (colour: boolean, open: number, close: number, text: string) =>
  colour ? `\u001b[${open}m${text}\u001b[${close}m` : text
const dim = (colour: boolean, text: string) => paint(colour, 2, 22, text)
const bold = (colour: boolean, text: string) => paint(colour, 1, 22, text)
const green = (colour: boolean, text: string) => paint(colour, 32, 39, text)

/**
 * A whole number with thousands separators, the same in every locale.
 *
 * @example
 * formatCount(12345) // '12,345'
 */
export const formatCount = (count: number): string => String(count).replace(/\B(?=(\d{3})+$)/g, ',')

/**
 * A horizontal bar of `value` out of `max`, `width` cells long at `max`, in eighths of a cell.
 * Any value above 0 shows at least an eighth, so a lazy day still differs from an empty one.
 *
 * @example
 * bar(5, 10, 4) // '██'
 */
export function bar(value: number, max: number, width: number): string {
  if (!(value > 0)) return ''
  const eighths = Math.max(1, Math.round((value / max) * width * 8))
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]
}

const weekday = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!

/**
 * The days as a table, one line each with its date, weekday and steps, and a bar scaled to the
 * best day. Nothing for no days.
 *
 * @example
 * renderDays([{ date: '2024-06-01', steps: 8532, timestamp: 1717171200 }], { colour: false })
 * // 'date        day    steps\n2024-06-01  Sat    8,532  ████████████████████████████████████████\n'
 */
export function renderDays(days: readonly DailySteps[], { colour, width = 40 }: ChartOptions): string {
  if (!days.length) return ''
  const max = Math.max(...days.map((day) => day.steps))
  const column = Math.max(5, formatCount(max).length)
  const lines = [dim(colour, `date        day  ${'steps'.padStart(column)}`)]
  for (const { date, steps } of days) {
    const drawn = bar(steps, max, width)
    lines.push(`${date}  ${weekday(date)}  ${formatCount(steps).padStart(column)}${drawn && `  ${green(colour, drawn)}`}`)
  }
  return lines.join('\n') + '\n'
}

/**
 * The totals from `summarizeSteps`: days, total and average, then the best and the latest day.
 *
 * @example
 * renderSummary(summarizeSteps(days), { colour: false })
 * // '30 days · total 245,310 · average 8,177 a day\nbest    2024-05-18 Sat  19,874\nlatest  2024-06-01 Sat   8,532\n'
 */
export function renderSummary({ days, total, average, best, latest }: StepsSummary, { colour }: ChartOptions): string {
  if (!best || !latest) return 'no days of run data\n'
  const column = formatCount(Math.max(best.steps, latest.steps)).length
  const day = (label: string, { date, steps }: DailySteps) =>
    `${label.padEnd(8)}${date} ${weekday(date)}  ${formatCount(steps).padStart(column)}\n`
  return (
    `${days} ${days == 1 ? 'day' : 'days'} · total ${bold(colour, formatCount(total))} · average ${bold(colour, formatCount(average))} a day\n` +
    day('best', best) +
    day('latest', latest)
  )
}
