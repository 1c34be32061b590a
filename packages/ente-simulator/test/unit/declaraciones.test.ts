import { describe, expect, it } from 'vitest'
import { officialS1, s1RecordErrors } from '../../../../test/support/official-specs.js'
import { enteProfile, generateDeclaraciones } from '../../src/index.js'

const instituciones = enteProfile(1).instituciones
const SIZE = 1500
const declaraciones = generateDeclaraciones({ seed: 5, size: SIZE, instituciones })
const validators = officialS1()

describe('generated S1 declarations', () => {
  it('are the same for the same seed and differ for another seed', () => {
    expect(generateDeclaraciones({ seed: 5, size: 100, instituciones })).toEqual(declaraciones.slice(0, 100))
    expect(generateDeclaraciones({ seed: 6, size: 100, instituciones })).not.toEqual(declaraciones.slice(0, 100))
  })

  it('are of the three types, each valid against the official schema of its type', () => {
    const tipos = new Set(declaraciones.map(record => (record.metadata as { tipo: string }).tipo))
    expect([...tipos].sort()).toEqual(['CONCLUSIÓN', 'INICIAL', 'MODIFICACIÓN'])
    expect(s1RecordErrors(declaraciones, validators).slice(0, 3)).toEqual([])
  })

  it('carry nested assets, incomes and interests (large records)', () => {
    const withHouses = declaraciones.filter(record => JSON.stringify(record).includes('"bienInmueble"'))
    expect(withHouses.length).toBeGreaterThan(SIZE / 2)
    const bytes = JSON.stringify(declaraciones).length / SIZE
    expect(bytes).toBeGreaterThan(3000)
  })

  it('take planted declarations, keeping their type', () => {
    const [planted] = generateDeclaraciones({ seed: 1, size: 0, instituciones, extraRecords: [{ id: 'X1', metadata: { tipo: 'CONCLUSIÓN' } }] })
    expect(planted).toMatchObject({ id: 'X1', metadata: { tipo: 'CONCLUSIÓN' } })
    expect(s1RecordErrors([planted!], validators)).toEqual([])
  })
})
