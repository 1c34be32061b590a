/** The part of a pino logger this package writes to; the caller's logger fits as it is. */
export interface DbLogger {
  info: (obj: object, msg?: string) => void
  warn: (obj: object, msg?: string) => void
  error: (obj: object, msg?: string) => void
}

const noop = (): void => {}

export const silentLogger: DbLogger = { info: noop, warn: noop, error: noop }
