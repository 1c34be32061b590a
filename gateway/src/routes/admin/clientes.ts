import type { FastifyPluginAsync } from 'fastify'
import { createClient, recordClientTokensRevoked, rotateClientSecret, setClientDisabled, type ClientInput } from '@see/auth'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import type { AdminClientInput } from '@see/openapi/types'
import { adminAudit } from './audit.js'
import { AdminNotFoundError, administer } from './errors.js'
import { clientView } from './views.js'

interface ClientParams { clientId: string }

function clientInput (body: AdminClientInput): ClientInput {
  return {
    name: body.name,
    scopes: body.scopes,
    ...(body.clientId !== undefined && { clientId: body.clientId }),
    ...(body.defaultScopes !== undefined && { defaultScopes: body.defaultScopes }),
    ...(body.grants !== undefined && { grants: body.grants }),
    ...(body.passwordGrant !== undefined && { passwordGrant: body.passwordGrant }),
    ...(body.ente !== undefined && { enteClave: body.ente })
  }
}

/**
 * `/admin/v1/clientes`: OAuth2 clients. A secret is shown once, when created or rotated.
 * Rotating, disabling and `revocar-tokens` revoke every token already issued to the client, on
 * every instance, and answer once the revocation holds (within the auth directory's ttl + 1 s).
 */
const clientes: FastifyPluginAsync = async (app) => {
  const error = ref(PUBLIC_SCHEMA_ID, 'Error')
  const errors = { 401: error, 403: error, 404: error, 422: error }
  const params = { type: 'object', required: ['clientId'], additionalProperties: false, properties: { clientId: ref(PUBLIC_SCHEMA_ID, 'AdminClientId') } }
  const client = ref(PUBLIC_SCHEMA_ID, 'AdminClient')
  const { store } = app.oauth

  async function found (clientId: string): Promise<ReturnType<typeof clientView>> {
    const record = await store.findClient(clientId)
    if (record === undefined) throw new AdminNotFoundError(`No existe el cliente ${clientId}.`)
    return clientView(record)
  }

  app.get('/', { schema: { response: { 200: ref(PUBLIC_SCHEMA_ID, 'AdminClientList'), ...errors } } }, async () =>
    ({ clients: (await store.listClients()).map(clientView) }))

  app.post<{ Body: AdminClientInput }>('/', {
    schema: { body: ref(PUBLIC_SCHEMA_ID, 'AdminClientInput'), response: { 201: ref(PUBLIC_SCHEMA_ID, 'AdminClientCreated'), 409: error, ...errors } }
  }, async (request, reply) => {
    const { client: created, secret } = await administer(createClient(store, clientInput(request.body), adminAudit(app, request)), true)
    return reply.code(201).send({ client: clientView(created), clientSecret: secret })
  })

  app.get<{ Params: ClientParams }>('/:clientId', { schema: { params, response: { 200: client, ...errors } } }, async request =>
    await found(request.params.clientId))

  app.post<{ Params: ClientParams }>('/:clientId/secreto', {
    schema: { params, response: { 200: ref(PUBLIC_SCHEMA_ID, 'AdminClientSecret'), ...errors } }
  }, async request => {
    const { clientId } = request.params
    const clientSecret = await administer(rotateClientSecret(store, clientId, adminAudit(app, request)))
    await app.oauth.revokeClientTokens(clientId)
    return { clientId, clientSecret }
  })

  app.post<{ Params: ClientParams }>('/:clientId/revocar-tokens', {
    schema: { params, response: { 200: ref(PUBLIC_SCHEMA_ID, 'AdminClientTokensRevoked'), ...errors } }
  }, async request => {
    const { clientId } = request.params
    await found(clientId)
    const revokedBefore = await app.oauth.revokeClientTokens(clientId)
    await recordClientTokensRevoked(clientId, adminAudit(app, request))
    return { clientId, revokedBefore: revokedBefore.toISOString() }
  })

  for (const [action, disabled] of [['deshabilitar', true], ['habilitar', false]] as const) {
    app.post<{ Params: ClientParams }>(`/:clientId/${action}`, { schema: { params, response: { 200: client, ...errors } } }, async request => {
      const { clientId } = request.params
      await administer(setClientDisabled(store, clientId, disabled, adminAudit(app, request)))
      if (disabled) await app.oauth.revokeClientTokens(clientId)
      else app.oauth.forgetCredentials('client', clientId)
      return await found(clientId)
    })
  }
}

export default clientes
