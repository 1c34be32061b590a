import { afterAll, describe, expect, it } from 'vitest'
import { createServer } from '../../src/index.js'

describe('HTTP conventions of every SEE server', async () => {
  const app = await createServer({ name: 'test', logger: false })
  app.post('/busqueda', {
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['pageSize'],
        properties: {
          pageSize: { type: 'integer', minimum: 1, maximum: 200 },
          nombres: { type: 'string', minLength: 1 },
          sort: { type: 'string', enum: ['asc', 'desc'] }
        }
      }
    }
  }, async () => ({ ok: true }))
  app.get('/entes/:clave', async request => request.params)
  app.route({ method: ['GET', 'PATCH'], url: '/conexiones/:sistema', handler: async () => ({ ok: true }) })
  afterAll(() => app.close())

  it('answers a path that exists with another method 405, naming the methods it takes in Allow', async () => {
    const wrong = await app.inject({ method: 'GET', url: '/busqueda?page=2' })
    expect(wrong.statusCode).toBe(405)
    expect(wrong.headers.allow).toBe('POST')
    expect(wrong.json()).toEqual({ code: 'SEE_METHOD_NOT_ALLOWED', message: 'El método GET no está permitido en /busqueda; use POST.' })
  })

  it('matches parametric paths and counts the HEAD Fastify serves for every GET', async () => {
    const deleted = await app.inject({ method: 'DELETE', url: '/entes/SEFIN' })
    expect(deleted.statusCode).toBe(405)
    expect(deleted.headers.allow).toBe('GET, HEAD')
    const posted = await app.inject({ method: 'POST', url: '/conexiones/s2' })
    expect(posted.headers.allow).toBe('GET, HEAD, PATCH')
    expect((await app.inject({ method: 'OPTIONS', url: '/busqueda' })).headers.allow).toBe('POST')
  })

  it('keeps 404 for paths no route has, whatever the method', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const missing = await app.inject({ method, url: '/no-existe' })
      expect(missing.statusCode).toBe(404)
      expect(missing.headers.allow).toBeUndefined()
      expect(missing.json().code).toBe('SEE_NOT_FOUND')
    }
  })

  it('names every problem of an invalid body in one 422 {code, message}', async () => {
    const answer = await app.inject({ method: 'POST', url: '/busqueda', payload: { pageSize: 500, nombres: '', sort: 'arriba', rfc: 'X' } })
    expect(answer.statusCode).toBe(422)
    const body = answer.json()
    expect(Object.keys(body).sort()).toEqual(['code', 'message'])
    expect(body.code).toBe('SEE_VALIDATION')
    expect(body.message).toContain('body no debe tener propiedades adicionales ("rfc")')
    expect(body.message).toContain('body/pageSize debe ser <= 200')
    expect(body.message).toContain('body/nombres no debe tener menos de 1 carácter')
    expect(body.message).toContain('body/sort debe ser uno de: "asc", "desc"')
    expect(body.message).toMatch(/^Solicitud inválida: .+; .+; .+; .+$/)
  })

  it('names a missing field and a wrong type in Spanish words', async () => {
    const answer = await app.inject({ method: 'POST', url: '/busqueda', payload: { nombres: 7 } })
    expect(answer.json().message).toBe('Solicitud inválida: body debe tener la propiedad requerida pageSize; body/nombres debe ser texto')
  })
})
