import { afterAll, describe, expect, it } from 'vitest'
import { API_CSP, createServer, pageSecurityHeaders } from '../../src/index.js'

// Every app built on createServer answers with security headers; a page route can ask for the
// page policy; what an error keeps for the log (`logDetail`) is logged and never sent.

describe('security headers of every app', async () => {
  const lines: Array<Record<string, unknown>> = []
  const app = await createServer({ name: 'test', logger: { level: 'info', stream: { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>) } } } })
  app.get('/datos', async () => ({ ok: true }))
  app.get('/pagina', { config: pageSecurityHeaders() }, async (_request, reply) => await reply.type('text/html').send('<!doctype html><p>hola</p>'))
  app.get('/rechazo', async () => {
    throw Object.assign(new Error('URL no permitida: revise la URL.'), { code: 'SEE_PRUEBA', statusCode: 422, logDetail: { host: 'interno', problem: 'dns' } })
  })
  afterAll(() => app.close())

  it('sends nosniff, DENY framing, no referrer and a CSP that loads nothing, on answers and on errors', async () => {
    for (const url of ['/datos', '/no-existe', '/rechazo']) {
      const answer = await app.inject({ url })
      expect(answer.headers['x-content-type-options'], url).toBe('nosniff')
      expect(answer.headers['x-frame-options'], url).toBe('DENY')
      expect(answer.headers['referrer-policy'], url).toBe('no-referrer')
      expect(answer.headers['content-security-policy'], url).toBe(Object.entries(API_CSP).map(([name, values]) => `${name} ${values.join(' ')}`).join(';'))
    }
  })

  it('gives a route that asks for it the page policy: own scripts only, never framed', async () => {
    const csp = String((await app.inject({ url: '/pagina' })).headers['content-security-policy'])
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    expect(csp).toMatch(/frame-ancestors 'none'/)
    expect(csp).not.toMatch(/script-src[^;]*'unsafe/)
  })

  it('logs an error\'s logDetail with the refusal and keeps it out of the answer', async () => {
    const answer = await app.inject({ url: '/rechazo' })
    expect(answer.statusCode).toBe(422)
    expect(answer.json()).toEqual({ code: 'SEE_PRUEBA', message: 'URL no permitida: revise la URL.' })
    expect(answer.body).not.toContain('interno')
    expect(lines.find(line => line.code === 'SEE_PRUEBA')).toMatchObject({ status: 422, detail: { host: 'interno', problem: 'dns' } })
  })
})
