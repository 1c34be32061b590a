import type { RegistryContact, RegistryEnte } from '@see/openapi/types'
import type { Queryable } from './context.js'

interface EnteRow {
  clave: string
  nombre: string
  siglas: string | null
  orden: RegistryEnte['orden']
  poder: RegistryEnte['poder']
  municipio: string | null
  created_at: Date
  updated_at: Date
}

interface ContactRow {
  ente_clave: string
  nombre: string
  cargo: string
  email: string
  telefono: string | null
}

function toContact (row: ContactRow): RegistryContact {
  const contact: RegistryContact = { nombre: row.nombre, cargo: row.cargo, email: row.email }
  if (row.telefono !== null) contact.telefono = row.telefono
  return contact
}

function toEnte (row: EnteRow, contacts: RegistryContact[]): RegistryEnte {
  const ente: RegistryEnte = {
    clave: row.clave,
    nombre: row.nombre,
    orden: row.orden,
    poder: row.poder,
    contacts,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString()
  }
  if (row.siglas !== null) ente.siglas = row.siglas
  if (row.municipio !== null) ente.municipio = row.municipio
  return ente
}

/** Entes (all, or those with the given claves) with their contacts, ordered by clave. */
export async function readEntes (db: Queryable, claves?: string[], lock = false): Promise<RegistryEnte[]> {
  const filter = claves === undefined ? '' : 'WHERE clave = ANY($1::text[])'
  const { rows } = await db.query<EnteRow>(
    `SELECT clave, nombre, siglas, orden, poder, municipio, created_at, updated_at FROM entes ${filter} ORDER BY clave COLLATE "C"${lock ? ' FOR UPDATE' : ''}`,
    claves === undefined ? [] : [claves])
  if (rows.length === 0) return []
  const contacts = await db.query<ContactRow>(
    'SELECT ente_clave, nombre, cargo, email, telefono FROM ente_contacts WHERE ente_clave = ANY($1::text[]) ORDER BY ente_clave, position',
    [rows.map(r => r.clave)])
  const byEnte = new Map<string, RegistryContact[]>()
  for (const row of contacts.rows) byEnte.set(row.ente_clave, [...(byEnte.get(row.ente_clave) ?? []), toContact(row)])
  return rows.map(row => toEnte(row, byEnte.get(row.clave) ?? []))
}

export async function writeContacts (db: Queryable, clave: string, contacts: RegistryContact[]): Promise<void> {
  await db.query('DELETE FROM ente_contacts WHERE ente_clave = $1', [clave])
  for (const [position, c] of contacts.entries()) {
    await db.query(
      'INSERT INTO ente_contacts (ente_clave, position, nombre, cargo, email, telefono) VALUES ($1, $2, $3, $4, $5, $6)',
      [clave, position, c.nombre, c.cargo, c.email, c.telefono ?? null])
  }
}
