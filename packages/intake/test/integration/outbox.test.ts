import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '@see/db'
import { openTestDatabase, TEST_DATABASE_URL, testDatabaseKinds, type TestDatabase } from '@see/db/testing'
import type { KeyRing } from '@see/kit'
import { Deliverer, IntakeOutbox, type Delivery } from '../../src/index.js'
import { FACTS, FILER_NAME, identifiedFiling, PNG_1PX, postFiling, startEnteInbox, TEST_RING, testKeys } from '../support/fixtures.js'

// The outbox of filings on a real database: durable and sealed from the moment of acceptance,
// idempotent, trackable only with the code, and delivered exactly once from the ente's point of
// view — across an ente that is down and a deliverer killed with SIGKILL mid-delivery.

const kinds = await testDatabaseKinds('intake/outbox.test.ts')

describe.each(kinds)('the intake outbox on %s', (kind) => {
  let db: TestDatabase
  let keys: KeyRing
  let outbox: IntakeOutbox

  beforeAll(async () => {
    db = await openTestDatabase(kind)
    await migrate(db.pool)
    keys = testKeys()
    outbox = new IntakeOutbox({ pool: db.pool, keys, system: 's5', trackingMaxFailures: 3, trackingBlockMs: 60_000 })
  })
  afterAll(async () => await db?.close())

  it('stores a filing sealed: the table holds no clear personal data, facts or attachment', async () => {
    const receipt = await outbox.accept(identifiedFiling(), 'clave-1')
    expect(receipt).toMatchObject({ folio: expect.stringMatching(/^S5-\d{4}-[0-9A-Z]{10}$/), codigoSeguimiento: expect.stringMatching(/^([0-9A-Z]{5}-){3}[0-9A-Z]{5}$/), repetida: false })
    const { rows } = await db.pool.query('SELECT * FROM intake_outbox WHERE folio = $1', [receipt.folio])
    const stored = JSON.stringify(rows[0])
    for (const secret of [FILER_NAME, 'Martínez', 'rosa.martinez', '9611234567', FACTS.slice(0, 30), PNG_1PX.toString('base64').slice(0, 24), receipt.codigoSeguimiento!]) {
      expect(stored).not.toContain(secret)
    }
    expect(rows[0].sealed).toMatch(/^enc1:t1:/)
    const audit = await db.pool.query("SELECT after FROM audit_log WHERE action = 'intake.received'")
    expect(JSON.stringify(audit.rows)).not.toContain('Martínez')
  })

  it('is one filing for one Idempotency-Key; the same key with another body is refused', async () => {
    const first = await outbox.accept(identifiedFiling({ tipoFalta: 'PEC' }), 'clave-2')
    const again = await outbox.accept(identifiedFiling({ tipoFalta: 'PEC' }), 'clave-2')
    expect(again).toEqual({ folio: first.folio, recibidaEn: first.recibidaEn, repetida: true })
    await expect(outbox.accept(identifiedFiling({ tipoFalta: 'AUT' }), 'clave-2')).rejects.toMatchObject({ code: 'SEE_INTAKE_KEY_REUSED', statusCode: 409 })
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM intake_outbox WHERE summary->>'tipoFalta' = 'PEC'")
    expect(rows[0].n).toBe(1)
  })

  it('judges attachments by their content, not their name, and says why it refuses one', async () => {
    const fake = { nombre: 'acta.pdf', contenido: Buffer.from('MZ\x90\x00 no soy un PDF').toString('base64') }
    await expect(outbox.accept(identifiedFiling({ adjuntos: [fake] }))).rejects.toMatchObject({ code: 'SEE_INTAKE_ATTACHMENT', message: expect.stringContaining('tipo no admitido') })
    const big = { nombre: 'foto.png', contenido: Buffer.concat([PNG_1PX, Buffer.alloc(4 * 1024 * 1024)]).toString('base64') }
    await expect(outbox.accept(identifiedFiling({ adjuntos: [big] }))).rejects.toMatchObject({ code: 'SEE_INTAKE_ATTACHMENT', message: expect.stringContaining('máximo') })
    await expect(outbox.accept(identifiedFiling({ anonima: true }))).rejects.toMatchObject({ code: 'SEE_INTAKE_INVALID' })
  })

  it('shows the status to the folio and its code only; wrong codes show nothing and block the folio', async () => {
    const receipt = await outbox.accept({ ente: 'SSA', tipoFalta: 'AUT', hechos: FACTS, anonima: true })
    expect(await outbox.track(receipt.folio, receipt.codigoSeguimiento!.toLowerCase())).toMatchObject({ folio: receipt.folio, estado: 'recibida', ente: 'SSA', tipoFalta: 'AUT' })
    await expect(outbox.track(receipt.folio, 'AAAAA-AAAAA-AAAAA-AAAAA')).rejects.toMatchObject({ code: 'SEE_INTAKE_NOT_FOUND', statusCode: 404 })
    await expect(outbox.track('S5-2026-NOEXISTE00', receipt.codigoSeguimiento!)).rejects.toMatchObject({ code: 'SEE_INTAKE_NOT_FOUND' })
    for (let i = 0; i < 2; i++) await expect(outbox.track(receipt.folio, 'BBBBB-BBBBB-BBBBB-BBBBB')).rejects.toMatchObject({ code: 'SEE_INTAKE_NOT_FOUND' })
    await expect(outbox.track(receipt.folio, receipt.codigoSeguimiento!)).rejects.toMatchObject({ code: 'SEE_INTAKE_TRACKING_BLOCKED', statusCode: 429 })
  })

  it('retries while the ente is down or failing, then delivers once and wipes the personal data', async () => {
    const fresh = new IntakeOutbox({ pool: db.pool, keys, system: 's5-entrega' })
    const receipt = await fresh.accept(identifiedFiling(), 'entrega-1')
    // Where the deliverer sends: first an address nothing listens on, then a failing ente, then a healthy one.
    let target = ''
    const deliverer = new Deliverer({
      outbox: fresh,
      retryBaseMs: 1,
      retryMaxMs: 5,
      send: async (_clave, delivery, key) => await postFiling(target, delivery, key)
    })
    // Down: nothing listens.
    const probe = await startEnteInbox('ok')
    target = probe.url
    await probe.close()
    expect(await deliverer.round()).toBe(1)
    await new Promise(resolve => setTimeout(resolve, 20))
    const ente = await startEnteInbox('error')
    target = ente.url
    expect(await deliverer.round()).toBe(1)
    await new Promise(resolve => setTimeout(resolve, 20))
    ente.mode = 'ok'
    expect(await deliverer.round()).toBe(1)
    expect(await fresh.pendingCount()).toBe(0)
    expect(ente.calls).toEqual([receipt.folio, receipt.folio])
    const delivered = ente.filings.get(receipt.folio) as Delivery
    expect(delivered).toMatchObject({ folio: receipt.folio, hechos: FACTS, denunciante: { nombre: FILER_NAME }, adjuntos: [{ nombre: 'recibo.jpg', tipo: 'image/png' }] })
    const { rows } = await db.pool.query('SELECT sealed, attempts, last_error FROM intake_outbox WHERE folio = $1', [receipt.folio])
    expect(rows[0]).toEqual({ sealed: null, attempts: 3, last_error: null })
    expect(await fresh.track(receipt.folio, receipt.codigoSeguimiento!)).toMatchObject({ estado: 'entregada', entregadaEn: expect.any(String) })
    await ente.close()
  })

  // The deliverer runs in a process of its own, which cannot open the test's in-process PGlite: this
  // case runs on PostgreSQL only (present under CI, where its absence fails the suite).
  it.runIf(kind === 'postgresql')('delivers exactly once after the deliverer is killed (SIGKILL) mid-delivery and the ente comes back', async () => {
    const system = 's5-muerte'
    const mine = new IntakeOutbox({ pool: db.pool, keys, system })
    const receipt = await mine.accept({ ente: 'SSA', tipoFalta: 'CEX', hechos: FACTS, anonima: true }, 'muerte-1')
    const ente = await startEnteInbox('hang')
    const script = fileURLToPath(new URL('../support/deliverer-process.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, INTAKE_TEST_DATABASE_URL: TEST_DATABASE_URL, INTAKE_TEST_SCHEMA: db.schema, INTAKE_TEST_KEYS: TEST_RING, INTAKE_TEST_SYSTEM: system, INTAKE_TEST_ENTE_URL: ente.url },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    // Killed once the ente holds the request: the delivery is in flight, unacknowledged.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes(`claimed ${receipt.folio}`)) setTimeout(resolve, 100) })
      child.once('exit', code => reject(new Error(`deliverer exited early (${String(code)})`)))
    })
    while (ente.calls.length === 0) await new Promise(resolve => setTimeout(resolve, 10))
    child.kill('SIGKILL')
    await new Promise(resolve => child.once('exit', resolve))
    expect(await mine.pendingCount()).toBe(1)

    ente.mode = 'ok'
    const deliverer = new Deliverer({ outbox: mine, pollMs: 20, send: async (_clave, delivery, key) => await postFiling(ente.url, delivery, key) })
    deliverer.start()
    while (await mine.pendingCount() > 0) await new Promise(resolve => setTimeout(resolve, 50))
    await deliverer.stop()
    expect(ente.calls).toEqual([receipt.folio, receipt.folio])
    expect([...ente.filings.keys()]).toEqual([receipt.folio])
    await ente.close()
  })
})
