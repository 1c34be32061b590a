import type { SystemProfile } from '../profile.js'

/**
 * S6: contrataciones abiertas (SESNA's OAS 1.0 envelope; records are OCDS 1.1.5 releases). The
 * query keys are the OCDS-nested ones the national S6 service uses (NOTES.md §6), nested in the
 * request as OCDS nests them (`{tender: {title}}`), and the OAS 1.0's flat ones; text keys match any value of a list
 * (`parties.name` of every party). Tender period and release date bounds are inclusive: a bare date
 * as the upper bound covers its whole day. Every release is validated against the OCDS 1.1.5
 * release schema (`standard`).
 */
export const s6: SystemProfile = {
  id: 's6',
  pdnId: 'S6',
  title: 'Contrataciones abiertas',
  scope: 'read:contrataciones',
  scopeDescription: 'S6: consultar contrataciones públicas.',
  paths: { search: '/contrataciones-abiertas' },
  servicePort: 3106,
  schemas: { request: 'ContratacionesRequest', query: 'ContratacionesQuery', response: 'ContratacionesResponse', record: 'Release' },
  standard: 'ocds-1.1.5-release',
  filters: {
    id: { kind: 'id' },
    ocid: { kind: 'text', path: 'ocid' },
    'buyer.name': { kind: 'text', path: 'buyer.name' },
    'parties.name': { kind: 'text', path: 'parties.name' },
    'parties.roles': { kind: 'anyOf', path: 'parties.roles' },
    'tender.title': { kind: 'text', path: 'tender.title' },
    'tender.procurementMethod': { kind: 'anyOf', path: 'tender.procurementMethod' },
    'tender.tenderPeriod.startDate': { kind: 'date', path: 'tender.tenderPeriod.startDate', bound: 'from' },
    'tender.tenderPeriod.endDate': { kind: 'date', path: 'tender.tenderPeriod.endDate', bound: 'to' },
    'tender.items.description': { kind: 'text', path: 'tender.items.description' },
    'awards.title': { kind: 'text', path: 'awards.title' },
    'awards.status': { kind: 'anyOf', path: 'awards.status' },
    'awards.suppliers.name': { kind: 'text', path: 'awards.suppliers.name' },
    'awards.items.description': { kind: 'text', path: 'awards.items.description' },
    'contracts.title': { kind: 'text', path: 'contracts.title' },
    // The OAS 1.0's own flat keys, the same filters under the names SESNA's S6 specification gives them.
    title: { kind: 'text', path: 'awards.title' },
    buyerName: { kind: 'text', path: 'buyer.name' },
    procurementMethod: { kind: 'anyOf', path: 'tender.procurementMethod' },
    awardStatus: { kind: 'anyOf', path: 'awards.status' },
    supplierName: { kind: 'text', path: 'awards.suppliers.name' },
    tenderStartDate: { kind: 'date', path: 'tender.tenderPeriod.startDate', bound: 'from' },
    tenderEndDate: { kind: 'date', path: 'tender.tenderPeriod.endDate', bound: 'to' },
    itemDescription: { kind: 'text', path: 'awards.items.description' },
    numberOfTenderers: { kind: 'equals', path: 'tender.numberOfTenderers' },
    since: { kind: 'date', path: 'date', bound: 'from' },
    until: { kind: 'date', path: 'date', bound: 'to' },
    rfcSolicitante: { kind: 'requester' }
  },
  // The OAS 1.0 sort keys (`title`, `buyerName`), and the release's `ocid` and `date`.
  sorts: {
    title: 'tender.title',
    buyerName: 'buyer.name',
    ocid: 'ocid',
    date: 'date'
  },
  requester: 'query',
  // Open contracting is public by definition: nothing to withhold.
  privateFields: [],
  official: { file: 's6/OAS_API_Contrataciones_Abiertas.json', response: 'contratacionesAbiertas' },
  example: { page: 1, pageSize: 5, query: { tender: { procurementMethod: ['open'] } }, sort: { date: 'desc' } }
}
