// An HTTP-date starts with the day name in all three formats RFC 9110 accepts (IMF-fixdate,
// RFC 850, asctime). Checking it keeps Date.parse, which reads almost anything, away from junk.
const HTTP_DATE_START = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i

/**
 * The wait an ente asks for in `Retry-After` (RFC 9110 §10.2.3), in ms: delay-seconds or an
 * HTTP-date. Undefined when absent or unreadable; a date already past means no wait.
 */
export function parseRetryAfter (header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim()
  if (value === undefined || value === '') return undefined
  if (/^\d+$/.test(value)) return Number(value) * 1000
  if (!HTTP_DATE_START.test(value)) return undefined
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
