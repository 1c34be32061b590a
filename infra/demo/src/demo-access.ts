import { createClient, createUser, generatePassword, REGISTRY_ADMIN_SCOPE, rotateClientSecret, setUserPassword, type AuthStore } from '@see/auth'
import { SYSTEMS } from '@see/systems'

export interface DemoCredentials {
  clientId: string
  clientSecret: string
  username: string
  password: string
}

/** The demo's operator: a client_credentials client of SESAECH's operators. */
export interface OperatorCredentials {
  clientId: string
  clientSecret: string
  scopes: string[]
}

/** A client's secret in clear: a new client's, or a renewed one where the database already has it (only hashes are stored). */
async function clientSecretOf (store: AuthStore, clientId: string, create: () => Promise<string>): Promise<string> {
  return await store.findClient(clientId) ? await rotateClientSecret(store, clientId) : await create()
}

/**
 * A PDN-like client (password grant, the read scope of every federated system) and user for the demo and the tests. On a
 * database that already has them, the secret and password are renewed, since only their hashes
 * are stored and the caller needs them in clear.
 */
export async function ensureDemoAccess (store: AuthStore, names: { clientId: string, username: string }): Promise<DemoCredentials> {
  const clientSecret = await clientSecretOf(store, names.clientId, async () =>
    (await createClient(store, { name: 'PDN (demostración)', clientId: names.clientId, scopes: SYSTEMS.map(system => system.scope), passwordGrant: true })).secret)
  const password = generatePassword()
  if (await store.findUser(names.username)) await setUserPassword(store, names.username, password)
  else await createUser(store, names.username, password)
  return { clientId: names.clientId, clientSecret, username: names.username, password }
}

/**
 * The demo's operator client (client_credentials): the Sistema Registral and the administration
 * (`registry:admin`) and every system's read scope, so an operator can try every operation. For the
 * demo only: a deployment creates its operators with the auth CLI.
 */
export async function ensureOperatorAccess (store: AuthStore, clientId: string): Promise<OperatorCredentials> {
  const scopes = [REGISTRY_ADMIN_SCOPE, ...SYSTEMS.map(system => system.scope)]
  const clientSecret = await clientSecretOf(store, clientId, async () =>
    (await createClient(store, { name: 'Operador de SESAECH (demostración)', clientId, scopes, defaultScopes: [REGISTRY_ADMIN_SCOPE], grants: ['client_credentials'] })).secret)
  return { clientId, clientSecret, scopes }
}
