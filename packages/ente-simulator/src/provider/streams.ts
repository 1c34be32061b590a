import { Readable } from 'node:stream'

/** A stream that writes `payload` a few bytes at a time, the first chunk at once (headers go out with it). */
export function trickle (payload: string, chunkBytes: number, intervalMs: number): Readable {
  const bytes = Buffer.from(payload, 'utf8')
  let offset = 0
  let timer: NodeJS.Timeout | undefined
  return new Readable({
    read () {
      if (timer !== undefined) return
      const pushNext = (): void => {
        timer = undefined
        const chunk = bytes.subarray(offset, offset + chunkBytes)
        offset += chunk.length
        if (chunk.length > 0) this.push(chunk)
        if (offset >= bytes.length) this.push(null)
      }
      if (offset === 0) pushNext()
      else timer = setTimeout(pushNext, intervalMs)
    },
    destroy (error, callback) {
      clearTimeout(timer)
      callback(error)
    }
  })
}

/**
 * A well-formed JSON document of about `totalBytes`: `head`, then `item` repeated with commas,
 * then `tail`. Produced on demand, so many megabytes cost no memory.
 */
export function repeatedJson (head: string, item: string, tail: string, totalBytes: number): Readable {
  const itemBytes = Buffer.byteLength(item) + 1
  const count = Math.max(1, Math.ceil((totalBytes - Buffer.byteLength(head) - Buffer.byteLength(tail)) / itemBytes))
  const perChunk = Math.max(1, Math.floor(64 * 1024 / itemBytes))
  let written = 0
  return new Readable({
    read () {
      if (written === 0) this.push(head)
      if (written >= count) {
        this.push(tail)
        this.push(null)
        return
      }
      const n = Math.min(perChunk, count - written)
      const prefix = written === 0 ? '' : ','
      this.push(prefix + Array.from({ length: n }, () => item).join(','))
      written += n
    }
  })
}
