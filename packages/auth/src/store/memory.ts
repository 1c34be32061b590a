import type { AuditEvent } from '../audit.js'
import { AuthStoreError, type AuthStore, type ClientRecord, type RefreshFamily, type UserRecord } from './types.js'

interface StoredToken {
  familyId: string
  issuedAt: Date
  expiresAt: Date
  usedAt: Date | null
}

export interface MemoryAuthStore extends AuthStore {
  /** Audit events recorded so far, for assertions. */
  readonly auditEvents: AuditEvent[]
}

/** An in-process store for unit tests only: nothing survives the process, nothing is shared. */
export function memoryAuthStore (): MemoryAuthStore {
  const clients = new Map<string, ClientRecord>()
  const users = new Map<string, UserRecord>()
  const families = new Map<string, RefreshFamily>()
  const tokens = new Map<string, StoredToken>()
  const auditEvents: AuditEvent[] = []
  const copy = <T>(value: T): T => structuredClone(value)

  return {
    auditEvents,
    async findClient (clientId) {
      const client = clients.get(clientId)
      return client === undefined ? undefined : copy(client)
    },
    async listClients () {
      return [...clients.values()].map(copy).sort((a, b) => a.clientId.localeCompare(b.clientId))
    },
    async createClient (client) {
      if (clients.has(client.clientId)) throw new AuthStoreError('SEE_AUTH_DUPLICATE', `El cliente ${client.clientId} ya existe.`)
      const now = new Date()
      const record: ClientRecord = { ...copy(client), disabled: client.disabled ?? false, createdAt: now, secretRotatedAt: now }
      clients.set(client.clientId, record)
      return copy(record)
    },
    async setClientSecret (clientId, secretHash) {
      const client = clients.get(clientId)
      if (client === undefined) return false
      Object.assign(client, { secretHash, secretRotatedAt: new Date() })
      return true
    },
    async setClientDisabled (clientId, disabled) {
      const client = clients.get(clientId)
      if (client === undefined) return false
      client.disabled = disabled
      return true
    },
    async findUser (username) {
      const user = users.get(username)
      return user === undefined ? undefined : copy(user)
    },
    async listUsers () {
      return [...users.values()].map(copy).sort((a, b) => a.username.localeCompare(b.username))
    },
    async createUser (user) {
      if (users.has(user.username)) throw new AuthStoreError('SEE_AUTH_DUPLICATE', `El usuario ${user.username} ya existe.`)
      const now = new Date()
      const record: UserRecord = { ...user, disabled: user.disabled ?? false, createdAt: now, passwordChangedAt: now }
      users.set(user.username, record)
      return copy(record)
    },
    async setUserPassword (username, passwordHash) {
      const user = users.get(username)
      if (user === undefined) return false
      Object.assign(user, { passwordHash, passwordChangedAt: new Date() })
      return true
    },
    async setUserDisabled (username, disabled) {
      const user = users.get(username)
      if (user === undefined) return false
      user.disabled = disabled
      return true
    },
    async createRefreshFamily (family) {
      families.set(family.familyId, { ...copy(family), createdAt: new Date(), revokedAt: null })
    },
    async addRefreshToken (token) {
      tokens.set(token.tokenHash, { familyId: token.familyId, issuedAt: new Date(), expiresAt: token.expiresAt, usedAt: null })
    },
    async spendRefreshToken (tokenHash, now) {
      const token = tokens.get(tokenHash)
      const family = token === undefined ? undefined : families.get(token.familyId)
      if (token === undefined || family === undefined) return { status: 'unknown' }
      if (family.revokedAt !== null) return { status: 'revoked', family: copy(family) }
      if (token.usedAt !== null) return { status: 'reused', family: copy(family) }
      if (token.expiresAt <= now || family.expiresAt <= now) return { status: 'expired', family: copy(family) }
      token.usedAt = now
      return { status: 'spent', family: copy(family) }
    },
    async findRefreshToken (tokenHash) {
      const token = tokens.get(tokenHash)
      const family = token === undefined ? undefined : families.get(token.familyId)
      if (token === undefined || family === undefined) return undefined
      return { family: copy(family), issuedAt: token.issuedAt, expiresAt: token.expiresAt, usedAt: token.usedAt }
    },
    async revokeRefreshFamily (familyId, now) {
      const family = families.get(familyId)
      if (family === undefined || family.revokedAt !== null) return false
      family.revokedAt = now
      return true
    },
    async purge (now, auditBefore) {
      let removed = 0
      for (const [id, family] of families) {
        if (family.expiresAt > now) continue
        families.delete(id)
        removed++
        for (const [hash, token] of tokens) if (token.familyId === id && tokens.delete(hash)) removed++
      }
      if (auditBefore !== undefined) {
        const kept = auditEvents.filter(e => e.at >= auditBefore)
        removed += auditEvents.length - kept.length
        auditEvents.splice(0, auditEvents.length, ...kept)
      }
      return removed
    },
    async recordAudit (event) {
      auditEvents.push(copy(event))
    },
    async recordAudits (events) {
      auditEvents.push(...events.map(copy))
    },
    async revokeClientRefreshFamilies (clientId, now) {
      let revoked = 0
      for (const family of families.values()) {
        if (family.clientId !== clientId || family.revokedAt !== null) continue
        family.revokedAt = now
        revoked++
      }
      return revoked
    }
  }
}
