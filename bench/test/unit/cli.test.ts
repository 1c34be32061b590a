import { describe, expect, it } from 'vitest'
import { SYSTEMS, systemById } from '@see/systems'
import { BenchUsageError, parseBenchArgs, USAGE } from '../../lib/cli.js'

describe('pnpm bench --system', () => {
  it('measures S2 alone when the option is absent', () => {
    expect(parseBenchArgs([]).systems).toEqual([systemById('s2')])
  })

  it('takes every federated system, by its id, alone or several separated by commas, in the order given', () => {
    for (const system of SYSTEMS) expect(parseBenchArgs(['--system', system.id]).systems).toEqual([system])
    const reversed = [...SYSTEMS].reverse()
    expect(parseBenchArgs(['--system', reversed.map(system => system.id).join(',')]).systems).toEqual(reversed)
  })

  it('reads ids in any case, repeated options and spaces, and names each system once', () => {
    const [first, second] = SYSTEMS
    const options = parseBenchArgs(['--system', ` ${first!.id.toUpperCase()} , ${second!.id}`, '--system', first!.id])
    expect(options.systems).toEqual([first, second])
  })

  it('refuses a system it cannot measure, naming those it can', () => {
    let error: unknown
    try { parseBenchArgs(['--system', 's2,s9']) } catch (err) { error = err }
    expect(error).toBeInstanceOf(BenchUsageError)
    expect((error as Error).message).toContain('s9')
    for (const system of SYSTEMS) expect((error as Error).message).toContain(system.id)
  })

  it('documents the option with every federated system and its search path', () => {
    expect(USAGE).toContain('--system')
    for (const system of SYSTEMS) expect(USAGE).toContain(`${system.id.padEnd(4)} ${system.paths.search}`)
  })

  it('keeps the other options as they were', () => {
    const options = parseBenchArgs(['--quick', '--only', 'uncached,cached', '--entes', '1,20', '--system', 's3s'])
    expect(options).toMatchObject({ durationSeconds: 2, only: ['uncached', 'cached'], entes: [1, 20], sameProcess: false })
  })
})
