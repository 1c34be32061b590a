import type { RegistryEnte, RegistryEnteInput, RegistryEntePatch } from '@see/openapi/types'
import { withTransaction } from '@see/db'
import { assertMayAccessEnte, assertOperator, notFoundEnte, type Actor } from '../model/actor.js'
import { RegistryError } from '../model/errors.js'
import { appendAudit } from './audit.js'
import type { RegistryContext } from './context.js'
import { readEntes, writeContacts } from './ente-rows.js'
import { assertValid } from './validate.js'

function assertMunicipioFits (ente: { orden: string, municipio?: string | undefined }): void {
  if (ente.orden === 'municipal' && ente.municipio === undefined) {
    throw new RegistryError('REGISTRY_INVALID_INPUT', 'Un ente municipal requiere el municipio.')
  }
}

/** Registers an ente (operators only). */
export async function createEnte (ctx: RegistryContext, actor: Actor, input: RegistryEnteInput): Promise<RegistryEnte> {
  assertOperator(actor, 'registrar entes')
  const ente = assertValid<RegistryEnteInput>('RegistryEnteInput', input)
  assertMunicipioFits(ente)
  return await withTransaction(ctx.pool, async (client) => {
    const inserted = await client.query(
      `INSERT INTO entes (clave, nombre, siglas, orden, poder, municipio) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (clave) DO NOTHING RETURNING clave`,
      [ente.clave, ente.nombre, ente.siglas ?? null, ente.orden, ente.poder, ente.municipio ?? null])
    if (inserted.rowCount === 0) throw new RegistryError('REGISTRY_CONFLICT', `Ya existe un ente con la clave ${ente.clave}.`)
    await writeContacts(client, ente.clave, ente.contacts ?? [])
    const [created] = await readEntes(client, [ente.clave])
    await appendAudit(client, actor, 'ente.create', { ente: ente.clave, after: created })
    return created as RegistryEnte
  })
}

const ENTE_OWN_FIELDS = new Set(['contacts'])

/**
 * Changes an ente. Operators change anything but the clave; an ente's own client may change only
 * its contacts. `contacts`, when present, replaces the whole list.
 */
export async function updateEnte (ctx: RegistryContext, actor: Actor, clave: string, patch: RegistryEntePatch): Promise<RegistryEnte> {
  assertMayAccessEnte(actor, clave)
  const changes = assertValid<RegistryEntePatch>('RegistryEntePatch', patch)
  if (actor.kind === 'ente' && Object.keys(changes).some(field => !ENTE_OWN_FIELDS.has(field))) {
    throw new RegistryError('REGISTRY_FORBIDDEN', 'Un ente solo puede actualizar sus contactos; los demás datos los cambia un operador del registro.')
  }
  return await withTransaction(ctx.pool, async (client) => {
    const [before] = await readEntes(client, [clave], true)
    if (before === undefined) throw notFoundEnte(clave)
    const { contacts, ...fields } = changes
    const merged = { ...before, ...fields }
    assertMunicipioFits(merged)
    await client.query(
      'UPDATE entes SET nombre = $2, siglas = $3, orden = $4, poder = $5, municipio = $6, updated_at = now() WHERE clave = $1',
      [clave, merged.nombre, merged.siglas ?? null, merged.orden, merged.poder, merged.municipio ?? null])
    if (contacts !== undefined) await writeContacts(client, clave, contacts)
    const [after] = await readEntes(client, [clave])
    await appendAudit(client, actor, 'ente.update', { ente: clave, before, after })
    return after as RegistryEnte
  })
}

export async function getEnte (ctx: RegistryContext, actor: Actor, clave: string): Promise<RegistryEnte> {
  assertMayAccessEnte(actor, clave)
  const [ente] = await readEntes(ctx.pool, [clave])
  if (ente === undefined) throw notFoundEnte(clave)
  return ente
}

/** Every ente for operators; only its own for an ente's client. */
export async function listEntes (ctx: RegistryContext, actor: Actor): Promise<RegistryEnte[]> {
  return await readEntes(ctx.pool, actor.kind === 'ente' ? [actor.ente] : undefined)
}
