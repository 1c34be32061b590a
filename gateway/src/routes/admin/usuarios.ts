import type { FastifyPluginAsync } from 'fastify'
import { createUser, generatePassword, setUserDisabled, setUserPassword } from '@see/auth'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import type { AdminPasswordInput, AdminUserInput } from '@see/openapi/types'
import { adminAudit } from './audit.js'
import { AdminNotFoundError, administer } from './errors.js'
import { userView } from './views.js'

interface UserParams { username: string }

/** The password to set, and whether the answer must show it (only when the server made it up). */
function passwordFor (given: string | undefined): { password: string, generated?: string } {
  if (given !== undefined) return { password: given }
  const password = generatePassword()
  return { password, generated: password }
}

/** `/admin/v1/usuarios`: users of the password grant. A generated password is shown once. */
const usuarios: FastifyPluginAsync = async (app) => {
  const error = ref(PUBLIC_SCHEMA_ID, 'Error')
  const errors = { 401: error, 403: error, 404: error, 422: error }
  const params = { type: 'object', required: ['username'], additionalProperties: false, properties: { username: ref(PUBLIC_SCHEMA_ID, 'AdminUsername') } }
  const { store } = app.oauth

  app.get('/', { schema: { response: { 200: ref(PUBLIC_SCHEMA_ID, 'AdminUserList'), ...errors } } }, async () =>
    ({ users: (await store.listUsers()).map(userView) }))

  app.post<{ Body: AdminUserInput }>('/', {
    schema: { body: ref(PUBLIC_SCHEMA_ID, 'AdminUserInput'), response: { 201: ref(PUBLIC_SCHEMA_ID, 'AdminUserCreated'), 409: error, ...errors } }
  }, async (request, reply) => {
    const { password, generated } = passwordFor(request.body.password)
    const user = await administer(createUser(store, request.body.username, password, adminAudit(app, request)))
    return reply.code(201).send({ user: userView(user), ...(generated !== undefined && { password: generated }) })
  })

  app.post<{ Params: UserParams, Body: AdminPasswordInput }>('/:username/contrasena', {
    schema: { params, body: ref(PUBLIC_SCHEMA_ID, 'AdminPasswordInput'), response: { 200: ref(PUBLIC_SCHEMA_ID, 'AdminPasswordChanged'), ...errors } }
  }, async request => {
    const { username } = request.params
    const { password, generated } = passwordFor(request.body.password)
    await administer(setUserPassword(store, username, password, adminAudit(app, request)))
    app.oauth.forgetCredentials('user', username)
    return { username, ...(generated !== undefined && { password: generated }) }
  })

  for (const [action, disabled] of [['deshabilitar', true], ['habilitar', false]] as const) {
    app.post<{ Params: UserParams }>(`/:username/${action}`, { schema: { params, response: { 200: ref(PUBLIC_SCHEMA_ID, 'AdminUser'), ...errors } } }, async request => {
      const { username } = request.params
      await administer(setUserDisabled(store, username, disabled, adminAudit(app, request)))
      app.oauth.forgetCredentials('user', username)
      const user = await store.findUser(username)
      if (user === undefined) throw new AdminNotFoundError(`No existe el usuario ${username}.`)
      return userView(user)
    })
  }
}

export default usuarios
