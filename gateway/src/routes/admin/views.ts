import type { ClientRecord, UserRecord } from '@see/auth'
import type { AdminClient, AdminUser } from '@see/openapi/types'

/** A client as the admin API shows it: never its secret hash. */
export function clientView (client: ClientRecord): AdminClient {
  return {
    clientId: client.clientId,
    name: client.name,
    grants: client.grants,
    scopes: client.scopes,
    defaultScopes: client.defaultScopes,
    passwordGrant: client.passwordGrantAllowed,
    ...(client.enteClave !== null && { ente: client.enteClave }),
    disabled: client.disabled,
    createdAt: client.createdAt.toISOString(),
    secretRotatedAt: client.secretRotatedAt.toISOString()
  }
}

/** A user as the admin API shows it: never its password hash. */
export function userView (user: UserRecord): AdminUser {
  return {
    username: user.username,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    passwordChangedAt: user.passwordChangedAt.toISOString()
  }
}
