// A tiny seeded PRNG (mulberry32): the simulated data must be the same on every run and machine,
// so tests and demos can name records, and Math.random is never used for data.

/** Returns a generator of floats in [0, 1) fully determined by `seed`. */
export function mulberry32 (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a hash of a string, used to derive a default seed from a provider's clave. */
export function seedFromString (text: string): number {
  let hash = 0x811C9DC5
  for (const char of text) {
    hash ^= char.codePointAt(0) ?? 0
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/** Convenience draws over a seeded generator. */
export class Random {
  private readonly next: () => number

  constructor (seed: number) {
    this.next = mulberry32(seed)
  }

  float (): number {
    return this.next()
  }

  /** Integer in [min, max], both inclusive. */
  int (min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance (probability: number): boolean {
    return this.next() < probability
  }

  pick<T> (items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** `count` distinct items, in the order the list gives them. */
  sample<T> (items: readonly T[], count: number): T[] {
    const indexes = items.map((_, index) => index)
    for (let i = indexes.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number]
    }
    return indexes.slice(0, Math.min(count, items.length)).sort((a, b) => a - b).map(index => items[index] as T)
  }
}
