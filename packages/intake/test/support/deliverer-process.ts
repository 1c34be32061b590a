import pg from 'pg'
import { parseKeyRing } from '@see/kit'
import { Deliverer, IntakeOutbox } from '../../src/index.js'
import { postFiling } from './fixtures.js'

// A deliverer in a process of its own, so a test can kill it with SIGKILL in the middle of a
// delivery: INTAKE_TEST_DATABASE_URL/SCHEMA, INTAKE_TEST_KEYS, INTAKE_TEST_SYSTEM,
// INTAKE_TEST_ENTE_URL. It prints
// "claimed <folio>" once it sent a filing.

const pool = new pg.Pool({ connectionString: process.env.INTAKE_TEST_DATABASE_URL, max: 2, options: `-c search_path=${process.env.INTAKE_TEST_SCHEMA ?? 'public'}` })
const outbox = new IntakeOutbox({ pool, keys: parseKeyRing('SEE_CREDENTIALS_KEYS', process.env.INTAKE_TEST_KEYS), system: process.env.INTAKE_TEST_SYSTEM ?? 's5' })
const deliverer = new Deliverer({
  outbox,
  pollMs: 50,
  leaseMs: 2000,
  send: async (_ente, delivery, key) => {
    process.stdout.write(`claimed ${key}\n`)
    return await postFiling(process.env.INTAKE_TEST_ENTE_URL ?? '', delivery, key)
  }
})
deliverer.start()
