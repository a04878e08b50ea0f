// The one check of a time zone, shared by the server's days, the handler's options and the CLI's
// arguments: a zone is known when `Intl` can format dates in it.

const ZONE_LIMIT = 32
const DATE_LIMIT = 4096

/** A time zone's formatter, and the dates it has already given, by timestamp (s). */
export interface Calendar {
  format: Intl.DateTimeFormat
  dates: Map<number, string>
}

// Creating a DateTimeFormat costs far more than formatting with one, so each time zone gets one.
// The time zone may come from a request, so the cache is bounded.
const calendars = new Map<string, Calendar>()

/** The calendar of `timeZone`, or `undefined` when this runtime does not know that zone. */
export function calendarOf(timeZone: string): Calendar | undefined {
  let found = calendars.get(timeZone)
  if (!found) {
    try {
      found = {
        format: new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
        dates: new Map(),
      }
    } catch {
      return undefined
    }
    if (calendars.size >= ZONE_LIMIT) calendars.clear()
    calendars.set(timeZone, found)
  }
  return found
}

/** What is said of a time zone `calendarOf` does not know, after its name. */
export const UNKNOWN_TIME_ZONE = "is not a time zone this runtime knows; use an IANA name such as 'Asia/Shanghai'"

// Each date is worked out once: formatToParts costs several µs, and every user's payload has the
// same timestamps (each day's midnight), so 31 days take about 7 µs instead of 200 µs (measured
// on 2 cores, 2026-12-01), the largest cost of the endpoint in `npm run bench`'s profile.
// Bounded, because the timestamps come from requests.
/** The `YYYY-MM-DD` date of `seconds` in the calendar's zone. */
export function dateIn({ format, dates }: Calendar, seconds: number): string {
  let date = dates.get(seconds)
  if (date === undefined) {
    date = formattedDate(format, seconds)
    if (dates.size >= DATE_LIMIT) dates.clear()
    dates.set(seconds, date)
  }
  return date
}

// By parts rather than by the formatted string, whose layout belongs to the locale data.
function formattedDate(format: Intl.DateTimeFormat, seconds: number): string {
  let year = ''
  let month = ''
  let day = ''
  for (const { type, value } of format.formatToParts(seconds * 1000))
    if (type == 'year') year = value
    else if (type == 'month') month = value
    else if (type == 'day') day = value
  return `${year}-${month}-${day}`
}
