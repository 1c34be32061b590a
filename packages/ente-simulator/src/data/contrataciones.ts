import type { AnyRecord } from '@see/systems'
import { Random, seedFromString } from '../prng.js'
import type { Institucion } from '../types.js'
import { SimulatorConfigError } from '../errors.js'
import { addDays } from './dates.js'
import type { DatasetOptions } from './dataset.js'
import { AWARD_STATUSES, COMPRAS, METODOS, PROVEEDORES } from './ocds-catalogs.js'

// Simulated S6 records: OCDS 1.1.5 releases of the ente's contracting processes. Each process goes
// planning → tender → award → contract → implementation, as far as it has got, one release per
// stage, each release the whole state of the process at its date (OCDS allows either that or only
// what changed; a record's compiled release is the same). A provider's `size` counts releases.

/** The simulated entes' ocid prefix (OCDS registers prefixes; this one is fictional). */
export const SIMULATED_OCID_PREFIX = 'ocds-sim7ch'

/** An S6 release planted in a provider's data: the fields given replace those of a generated one. */
export type ExtraRelease = AnyRecord & { id?: string }

const STAGES = ['planning', 'tender', 'award', 'contract', 'implementation'] as const
type Stage = typeof STAGES[number]

type Supplier = typeof PROVEEDORES[number]

const at = (date: string, time = '10:00:00'): string => `${date}T${time}Z`
const money = (amount: number): AnyRecord => ({ amount: Math.round(amount * 100) / 100, currency: 'MXN' })

function partyOf (supplier: Supplier, roles: string[]): AnyRecord {
  return {
    id: `MX-RFC-${supplier.rfc}`,
    name: supplier.name,
    identifier: { scheme: 'MX-RFC', id: supplier.rfc, legalName: supplier.name },
    address: { locality: supplier.locality, region: 'Chiapas', countryName: 'México' },
    roles
  }
}

/** One process: every release it has published so far, in order. */
function makeProcess (random: Random, ocid: string, institucion: Institucion): AnyRecord[] {
  const compra = random.pick(COMPRAS)
  const metodo = random.pick(METODOS)
  const stages = STAGES.slice(0, random.int(2, STAGES.length))
  const buyerId = `MX-SIM-${institucion.siglas ?? institucion.clave ?? 'ENTE'}`
  const buyer = { id: buyerId, name: institucion.nombre }
  const items = compra.items.map((item, index) => ({
    id: String(index + 1),
    description: item.description,
    classification: { scheme: 'CUCOP', id: item.id, description: item.description },
    quantity: random.int(1, 400),
    unit: { name: item.unit, value: money(random.int(item.price[0], item.price[1])) }
  }))
  const estimate = items.reduce((sum, item) => sum + item.quantity * Number((item.unit.value).amount), 0)
  const year = random.int(2022, 2025)
  const planned = addDays(`${year}-01-10`, random.int(0, 300))
  const tenderStart = addDays(planned, random.int(10, 40))
  const tenderEnd = addDays(tenderStart, random.int(15, 45))
  const awarded = addDays(tenderEnd, random.int(5, 20))
  const signed = addDays(awarded, random.int(5, 15))
  const paid = addDays(signed, random.int(30, 200))
  const bidders = random.sample(PROVEEDORES, metodo.method === 'direct' ? 1 : random.int(2, 4))
  const winner = random.pick(bidders)
  const awardStatus = metodo.method === 'direct' ? 'active' : random.pick(AWARD_STATUSES)
  const awardValue = money(estimate * (0.85 + random.float() * 0.15))
  const publishesParties = random.chance(0.5)
  const dates: Record<Stage, string> = { planning: at(planned), tender: at(tenderStart), award: at(awarded, '12:00:00'), contract: at(signed, '13:00:00'), implementation: at(paid, '09:30:00') }

  const release = (stage: Stage, index: number): AnyRecord => {
    const reached = (s: Stage): boolean => STAGES.indexOf(stage) >= STAGES.indexOf(s)
    const parties: AnyRecord[] = [{ ...buyer, roles: ['buyer', 'procuringEntity'], address: { region: 'Chiapas', countryName: 'México' } }]
    const record: AnyRecord = {
      ocid,
      id: `${ocid}-${String(index + 1).padStart(2, '0')}-${stage}`,
      date: dates[stage],
      tag: [stage],
      initiationType: 'tender',
      language: 'es',
      buyer,
      planning: {
        rationale: `Necesidad de ${compra.title.toLowerCase()} de ${institucion.nombre}.`,
        budget: { description: `Presupuesto de egresos ${year}`, amount: money(estimate * 1.1), project: compra.title }
      }
    }
    if (reached('tender')) {
      for (const bidder of bidders) parties.push(partyOf(bidder, reached('award') && bidder === winner && awardStatus !== 'unsuccessful' ? ['tenderer', 'supplier'] : ['tenderer']))
      record.tender = {
        id: `${ocid}-tender`,
        title: compra.title,
        status: reached('award') ? 'complete' : 'active',
        procurementMethod: metodo.method,
        procurementMethodDetails: metodo.details,
        mainProcurementCategory: compra.category,
        value: money(estimate),
        items,
        tenderPeriod: { startDate: at(tenderStart), endDate: at(tenderEnd, '23:59:00') },
        numberOfTenderers: bidders.length,
        tenderers: bidders.map(bidder => ({ id: `MX-RFC-${bidder.rfc}`, name: bidder.name }))
      }
    } else {
      record.tender = { id: `${ocid}-tender`, title: compra.title, status: 'planning', procurementMethod: metodo.method, procurementMethodDetails: metodo.details, items }
    }
    if (reached('award')) {
      record.awards = [{
        id: `${ocid}-award-1`,
        title: `Fallo: ${compra.title}`,
        status: awardStatus,
        date: dates.award,
        value: awardValue,
        suppliers: awardStatus === 'unsuccessful' ? [] : [{ id: `MX-RFC-${winner.rfc}`, name: winner.name }],
        items
      }]
    }
    if (reached('contract') && awardStatus === 'active') {
      const contract: AnyRecord = {
        id: `${ocid}-contract-1`,
        awardID: `${ocid}-award-1`,
        title: `Contrato de ${compra.title.toLowerCase()}`,
        status: 'active',
        value: awardValue,
        period: { startDate: at(signed), endDate: at(addDays(signed, 365), '23:59:00') },
        dateSigned: dates.contract
      }
      if (reached('implementation')) {
        contract.implementation = {
          transactions: [{ id: `${ocid}-pago-1`, source: 'https://hacienda.chiapas.gob.mx', date: dates.implementation, value: money(Number(awardValue.amount) / 2), payer: buyer, payee: { id: `MX-RFC-${winner.rfc}`, name: winner.name } }]
        }
      }
      record.contracts = [contract]
    }
    // Early planning notices often name the buyer alone, with no parties section yet.
    if (stage !== 'planning' || publishesParties) record.parties = parties
    return record
  }
  return stages.map((stage, index) => release(stage, index))
}

function byId (a: AnyRecord, b: AnyRecord): number {
  return String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0
}

/**
 * A provider's S6 releases: `size` releases of whole processes (the last one cut short), then the
 * extra ones (each over a generated release), the same for the same options, sorted by id.
 */
export function generateContrataciones (options: DatasetOptions<ExtraRelease>): AnyRecord[] {
  const { seed, size, instituciones } = options
  if (instituciones.length === 0) throw new SimulatorConfigError('Se requiere al menos una institución.')
  const random = new Random(seed)
  const tag = (seed >>> 0).toString(36).toUpperCase()
  const releases: AnyRecord[] = []
  for (let process = 1; releases.length < size; process++) {
    const ocid = `${SIMULATED_OCID_PREFIX}-${tag}-${String(process).padStart(5, '0')}`
    releases.push(...makeProcess(random, ocid, random.pick(instituciones)).slice(0, size - releases.length))
  }
  ;(options.extraRecords ?? []).forEach((extra, index) => {
    const generated = makeProcess(new Random(seedFromString(`${seed}:extra:${index}`)), `${SIMULATED_OCID_PREFIX}-${tag}-X${String(index + 1).padStart(4, '0')}`, instituciones[0] as Institucion)[0] as AnyRecord
    releases.push({ ...generated, ...extra })
  })
  const ids = new Set<string>()
  for (const release of releases) {
    if (ids.has(String(release.id))) throw new SimulatorConfigError(`El id «${String(release.id)}» está repetido.`)
    ids.add(String(release.id))
  }
  return releases.sort(byId)
}
