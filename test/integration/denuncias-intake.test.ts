import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultFleet } from '@see/ente-simulator'
import { wireGateway } from '@see/gateway'
import { profiles } from '@see/systems'
import { getJson, postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// Filing a denuncia through the gateway, end to end: accepted into the outbox (sealed), answered
// with a folio and a tracking code, delivered by the S5 service to the competent simulated ente —
// also when that ente is down at first — once per Idempotency-Key; and the public query of S5
// never carries anything of whoever filed.

const system = profiles.s5
const intake = system.intake!
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
const FILER = 'Rosa Elena Martínez Gutiérrez'

let federation: TestFederation
let url: string

beforeAll(async () => {
  federation = await startTestFederation('denuncias-intake', {
    entes: defaultFleet(2, { systems: [system.id], size: 10 }),
    systems: [system],
    intakeDelivery: { pollMs: 25, retryBaseMs: 20, retryMaxMs: 200 }
  })
  url = federation.gatewayUrl
})
afterAll(async () => await federation?.close())

async function file (body: object, key?: string): Promise<{ status: number, body: any }> {
  const response = await fetch(`${url}${intake.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key !== undefined && { 'idempotency-key': key }) },
    body: JSON.stringify(body)
  })
  return { status: response.status, body: await response.json() }
}

async function until (what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!await check()) {
    if (Date.now() > end) throw new Error(`not reached in time: ${what}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

describe('filing a denuncia through the gateway', () => {
  it('answers a folio and a code, delivers it once to the ente, and then shows it delivered', async () => {
    const ente = federation.simulator.providers[0]!
    const filing = {
      ente: ente.clave,
      tipoFalta: 'CEX',
      hechos: 'Me pidieron dinero en la ventanilla para entregar un certificado.',
      anonima: false,
      denunciante: { nombre: FILER, correo: 'rosa@correo.example' },
      adjuntos: [{ nombre: 'evidencia.pdf', contenido: PNG_1PX }]
    }
    const first = await file(filing, 'llave-denuncia-0001')
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body).toMatchObject({ folio: expect.stringMatching(/^DEN-\d{4}-/), codigoSeguimiento: expect.any(String), repetida: false })
    const again = await file(filing, 'llave-denuncia-0001')
    expect(again).toEqual({ status: 200, body: { folio: first.body.folio, recibidaEn: first.body.recibidaEn, repetida: true } })

    const track = async (): Promise<{ status: number, body: any }> => await postJson(`${url}${intake.trackingPath}`, { folio: first.body.folio, codigo: first.body.codigoSeguimiento })
    await until('delivered', async () => (await track()).body.estado === 'entregada')
    const kept = ente.filingsOf(system.id).kept
    expect([...kept.keys()]).toEqual([first.body.folio])
    expect(kept.get(first.body.folio)).toMatchObject({ folio: first.body.folio, denunciante: { nombre: FILER }, adjuntos: [{ nombre: 'evidencia.pdf', tipo: 'image/png' }] })
    const { rows } = await federation.database.pool.query('SELECT sealed FROM intake_outbox WHERE folio = $1', [first.body.folio])
    expect(rows).toEqual([{ sealed: null }])

    const wrong = await postJson(`${url}${intake.trackingPath}`, { folio: first.body.folio, codigo: 'AAAAA-AAAAA-AAAAA-AAAAA' })
    expect(wrong.status).toBe(404)
    expect(wrong.body).toEqual({ code: 'SEE_INTAKE_NOT_FOUND', message: expect.any(String) })
  })

  it('keeps a filing for an ente that is down and delivers it once the ente is back', async () => {
    const ente = federation.simulator.providers[1]!
    await ente.setFault('down')
    const receipt = await file({ ente: ente.clave, tipoFalta: 'PEC', hechos: 'Desvío de medicamentos del almacén central del hospital.', anonima: true }, 'llave-denuncia-0002')
    expect(receipt.status).toBe(201)
    await new Promise(resolve => setTimeout(resolve, 300))
    const pending = await postJson(`${url}${intake.trackingPath}`, { folio: receipt.body.folio, codigo: receipt.body.codigoSeguimiento })
    expect(pending.body).toMatchObject({ estado: 'recibida', ente: ente.clave, tipoFalta: 'PEC' })
    await ente.setFault('none')
    await until('delivered', async () => (await postJson(`${url}${intake.trackingPath}`, { folio: receipt.body.folio, codigo: receipt.body.codigoSeguimiento })).body.estado === 'entregada')
    expect([...ente.filingsOf(system.id).kept.keys()]).toEqual([receipt.body.folio])
  })

  it('refuses with a reason: an unknown ente, an attachment whose content is not an allowed type, a filer named in an anonymous one', async () => {
    const base = { tipoFalta: 'AUT', hechos: 'Abuso de autoridad en un operativo de tránsito municipal.', anonima: true }
    const unknown = await file({ ...base, ente: 'NOEXISTE' })
    expect(unknown.status).toBe(422)
    expect(unknown.body.code).toBe('SEE_INTAKE_UNKNOWN_ENTE')
    const ente = federation.simulator.providers[0]!.clave
    const disguised = await file({ ...base, ente, adjuntos: [{ nombre: 'acta.pdf', contenido: Buffer.from('#!/bin/sh\necho no soy un PDF\n').toString('base64') }] })
    expect(disguised.status).toBe(422)
    expect(disguised.body).toEqual({ code: 'SEE_INTAKE_ATTACHMENT', message: expect.stringContaining('según su contenido') })
    const named = await file({ ...base, ente, denunciante: { nombre: FILER } })
    expect(named.status).toBe(422)
    expect(named.body.code).toBe('SEE_INTAKE_INVALID')
  })

  it('publishes denuncias without any personal data of whoever filed them', async () => {
    const answer = await postJson(`${url}${system.paths.search}`, { pageSize: 200 }, await federation.bearer())
    expect(answer.status).toBe(200)
    expect(answer.body.results.length).toBeGreaterThan(0)
    const fields = new Set<string>(answer.body.results.flatMap((record: object) => Object.keys(record)))
    expect([...fields].filter(field => /denunciante|correo|telefono|nombre|hechos/i.test(field))).toEqual([])
    expect(JSON.stringify(answer.body)).not.toContain('Martínez Gutiérrez')
    const docs = await getJson(`${url}/docs/json`)
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining([intake.path, intake.trackingPath]))
  })
})

describe('the per-address limits of filing and tracking (INTAKE_FILINGS_PER_HOUR, INTAKE_TRACKING_PER_HOUR)', () => {
  let limited: Awaited<ReturnType<typeof wireGateway>>['app'] | undefined
  let limitedUrl: string

  beforeAll(async () => {
    // A second instance of the same deployment, with an operator's small limits.
    limited = (await wireGateway({
      platform: federation.platform,
      services: federation.services.map(({ system, running }) => ({ system, url: running.url })),
      registry: federation.registry,
      publicUrl: federation.gatewayUrl.replace(/:\d+$/, ':0'),
      logger: false,
      metrics: false,
      portal: false,
      intakeLimits: { filingsPerHour: 2, trackingPerHour: 3, trackedAddresses: 100 }
    })).app
    limitedUrl = await limited.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => await limited?.close())

  it('refuses the filing over the limit with 429, a message that says why and how long to wait, and Retry-After', async () => {
    const filing = { ente: federation.simulator.providers[0]!.clave, tipoFalta: 'AUT', hechos: 'Retención indebida de un vehículo en un operativo municipal.', anonima: true }
    const answers = []
    for (let i = 0; i < 3; i++) answers.push(await postJson(`${limitedUrl}${intake.path}`, filing, { 'idempotency-key': `llave-limite-000${i}` }))
    expect(answers.map(answer => answer.status)).toEqual([201, 201, 429])
    const refused = answers[2]!
    expect(refused.body).toEqual({ code: 'SEE_INTAKE_RATE_LIMITED', message: expect.stringContaining('límite: 2 por hora') })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000)
    // Tracking has a count of its own: 3 an hour here.
    const receipt = answers[0]!.body as { folio: string, codigoSeguimiento: string }
    const tracked = []
    for (let i = 0; i < 4; i++) tracked.push((await postJson(`${limitedUrl}${intake.trackingPath}`, { folio: receipt.folio, codigo: receipt.codigoSeguimiento })).status)
    expect(tracked).toEqual([200, 200, 200, 429])
    // The other instance, with the defaults, still takes this address's filings.
    expect((await file(filing, 'llave-limite-0009')).status).toBe(201)
  })
})
