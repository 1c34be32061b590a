import { createClient, createUser, generatePassword, rotateClientSecret, setUserPassword, type AuthStore } from '@see/auth'
import { FEDERATED_SYSTEMS } from '@see/systems'

export interface DemoCredentials {
  clientId: string
  clientSecret: string
  username: string
  password: string
}

/**
 * A PDN-like client (password grant, the read scope of every federated system) and user for the demo and the tests. On a
 * database that already has them, the secret and password are renewed, since only their hashes
 * are stored and the caller needs them in clear.
 */
export async function ensureDemoAccess (store: AuthStore, names: { clientId: string, username: string }): Promise<DemoCredentials> {
  let clientSecret: string
  if (await store.findClient(names.clientId)) clientSecret = await rotateClientSecret(store, names.clientId)
  else clientSecret = (await createClient(store, { name: 'PDN (demostración)', clientId: names.clientId, scopes: FEDERATED_SYSTEMS.map(system => system.scope), passwordGrant: true })).secret
  const password = generatePassword()
  if (await store.findUser(names.username)) await setUserPassword(store, names.username, password)
  else await createUser(store, names.username, password)
  return { clientId: names.clientId, clientSecret, username: names.username, password }
}
