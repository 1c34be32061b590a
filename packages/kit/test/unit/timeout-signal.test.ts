import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { timeoutSignal } from '../../src/index.js'

describe('timeoutSignal', () => {
  it('aborts with a TimeoutError once the time is up', async () => {
    const { signal } = timeoutSignal(5)
    expect(signal.aborted).toBe(false)
    await sleep(30)
    expect(signal.aborted).toBe(true)
    expect((signal.reason as DOMException).name).toBe('TimeoutError')
  })

  it('never aborts once cleared', async () => {
    const deadline = timeoutSignal(5)
    deadline.clear()
    await sleep(30)
    expect(deadline.signal.aborted).toBe(false)
  })
})
