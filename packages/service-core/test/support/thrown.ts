import { EnteCallError } from '../../src/outcome-errors.js'

/** The outcome code `fn` throws, 'none' when it returns, 'other' for a non-EnteCallError. */
export function thrownCode (fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    return err instanceof EnteCallError ? err.code : 'other'
  }
  return 'none'
}
