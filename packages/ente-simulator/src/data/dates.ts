// Calendar arithmetic on ISO dates (UTC, proleptic Gregorian), for the dates of sanctions and
// their terms. Plain integer arithmetic (H. Hinnant's days-from-civil), no Date objects: thousands
// of records are made in milliseconds.

function daysFromCivil (year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

function civilFromDays (days: number): string {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function parts (iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))]
}

/** `YYYY-MM-DD` of an ISO date or date-time, `days` later (negative: earlier). */
export function addDays (iso: string, days: number): string {
  return civilFromDays(daysFromCivil(...parts(iso)) + days)
}

/** `YYYY-MM-DD`, `months` later; a day past the month's end rolls over into the next month. */
export function addMonths (iso: string, months: number): string {
  const [year, month, day] = parts(iso)
  const index = year * 12 + (month - 1) + months
  return civilFromDays(daysFromCivil(Math.floor(index / 12), (index % 12) + 1, day))
}
