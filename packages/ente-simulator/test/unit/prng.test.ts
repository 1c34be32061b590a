import { describe, expect, it } from 'vitest'
import { Random, mulberry32, seedFromString } from '../../src/index.js'

describe('mulberry32', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number): number[] => { const next = mulberry32(seed); return Array.from({ length: 5 }, () => next()) }
    expect(draw(42)).toEqual(draw(42))
    expect(draw(42)).not.toEqual(draw(43))
    for (const value of draw(7)) expect(value >= 0 && value < 1).toBe(true)
  })
})

describe('seedFromString', () => {
  it('is stable and tells claves apart', () => {
    expect(seedFromString('SHCH')).toBe(seedFromString('SHCH'))
    expect(seedFromString('SHCH')).not.toBe(seedFromString('SSA'))
  })
})

describe('Random', () => {
  it('samples distinct items in list order', () => {
    const random = new Random(1)
    for (let i = 0; i < 50; i++) {
      const sample = random.sample([1, 2, 3, 4, 5], 3)
      expect(new Set(sample).size).toBe(3)
      expect([...sample].sort()).toEqual(sample)
    }
  })
  it('draws integers within inclusive bounds', () => {
    const random = new Random(9)
    const seen = new Set(Array.from({ length: 200 }, () => random.int(1, 3)))
    expect([...seen].sort()).toEqual([1, 2, 3])
  })
})
