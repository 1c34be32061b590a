/**
 * Runs at most `size` calls at once, the others in order as places free up. A connection test asks
 * dozens of queries; sent all together they would measure the ente's queue, not its answers.
 */
export function callLimit (size: number): <T>(call: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: Array<() => void> = []
  return async <T>(call: () => Promise<T>): Promise<T> => {
    if (running >= size) await new Promise<void>(resolve => waiting.push(resolve))
    running++
    try {
      return await call()
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}
