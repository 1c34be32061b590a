import { SimulatorConfigError } from '../errors.js'
import { Random, seedFromString } from '../prng.js'
import type { Institucion } from '../types.js'

// What every generator after S2's shares: ids, extra records and the fixed order, with the same
// rules as `generateRecords` (zero-padded numeric ids, extras after the generated records, each
// extra drawn from its own seed so adding one does not change the others).

export interface DatasetOptions<Extra> {
  seed: number
  size: number
  instituciones: readonly Institucion[]
  extraRecords?: readonly Extra[] | undefined
}

/** Builds one record from its draws; `extra` holds the fields a caller fixed. */
export type MakeRecord<Record, Extra> = (random: Random, id: string, institucion: Institucion, extra: Extra) => Record

function byId (a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** `size` generated records, then the extra ones, checked for unique ids and sorted by id. */
export function buildDataset<Record extends { id: string }, Extra extends { id?: string | undefined }> (
  options: DatasetOptions<Extra>,
  make: MakeRecord<Record, Extra>,
  none: Extra
): Record[] {
  const { seed, size, instituciones } = options
  const extras = options.extraRecords ?? []
  if (instituciones.length === 0) throw new SimulatorConfigError('Se requiere al menos una institución.')
  const width = Math.max(6, String(size + extras.length).length)
  const idAt = (index: number): string => String(index + 1).padStart(width, '0')
  const random = new Random(seed)
  const records = Array.from({ length: size }, (_, index) => make(random, idAt(index), random.pick(instituciones), none))
  extras.forEach((extra, index) => {
    const extraRandom = new Random(seedFromString(`${seed}:extra:${index}`))
    records.push(make(extraRandom, extra.id ?? idAt(size + index), instituciones[0] as Institucion, extra))
  })
  const ids = new Set<string>()
  for (const record of records) {
    if (ids.has(record.id)) throw new SimulatorConfigError(`El id «${record.id}» está repetido.`)
    ids.add(record.id)
  }
  return records.sort(byId)
}

/** The generated record with the caller's fields on top; `nested` objects merge one level deep. */
export function withExtra<Record extends object> (record: Record, extra: object, nested: keyof Record): Record {
  const merged = { ...record, ...extra } as Record
  const given = (extra as Partial<Record>)[nested]
  if (given !== undefined) merged[nested] = { ...record[nested], ...given }
  return merged
}
