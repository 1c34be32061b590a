import { Writable } from 'node:stream'
import type { FastifyServerOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { createServer } from '../../src/index.js'
import { loggerOptions, redactUrl, requestSerializer } from '../../src/logger.js'

function capture (): { stream: Writable, lines: () => string[] } {
  const chunks: string[] = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString())
      done()
    }
  })
  return { stream, lines: () => chunks.join('').split('\n').filter(line => line !== '') }
}

describe('redactUrl', () => {
  it('replaces the values of credential parameters and keeps the rest as it was', () => {
    expect(redactUrl('/x?access_token=abc')).toBe('/x?access_token=[redactado]')
    expect(redactUrl('/x?a=1&token=t&client_secret=s&password=p&refresh_token=r&b=%20')).toBe(
      '/x?a=1&token=[redactado]&client_secret=[redactado]&password=[redactado]&refresh_token=[redactado]&b=%20'
    )
  })

  it('catches encoded and differently cased names, and repeated parameters', () => {
    expect(redactUrl('/x?access%5Ftoken=abc&Password=p&token=1&token=2')).toBe('/x?access%5Ftoken=[redactado]&Password=[redactado]&token=[redactado]&token=[redactado]')
  })

  it('leaves URLs without credentials untouched', () => {
    for (const url of ['/x', '/x?', '/x?tokens=1', '/x?access_token', '/x?a=%E0%A4%A', '/x?%E0%A4%A=1']) expect(redactUrl(url)).toBe(url)
  })
})

describe('the req serializer', () => {
  it("keeps Fastify's default fields", () => {
    expect(requestSerializer({ method: 'GET', url: '/v1?token=x', headers: { 'accept-version': '1' }, host: 'see', ip: '10.0.0.1', socket: { remotePort: 4000 } })).toEqual({
      method: 'GET', url: '/v1?token=[redactado]', version: '1', host: 'see', remoteAddress: '10.0.0.1', remotePort: 4000
    })
  })

  it('keeps a token passed as ?access_token= out of the request log', async () => {
    const { stream, lines } = capture()
    const logger = { ...(loggerOptions('test') as object), stream } as FastifyServerOptions['logger']
    const app = await createServer({ name: 'test', logger, maxEventLoopDelay: 0 })
    app.get('/x', async () => ({ ok: true }))
    const res = await app.inject({ url: '/x?access_token=SECRETO&pagina=2', remoteAddress: '10.1.2.3' })
    expect(res.statusCode).toBe(200)
    const missing = await app.inject({ url: '/nada?client_secret=SECRETO' })
    expect(missing.statusCode).toBe(404)
    await app.close()

    const output = lines()
    // Not a hex string: request ids and times are, and would contain one by chance.
    expect(output.join('\n')).not.toContain('SECRETO')
    const incoming = output.map(line => JSON.parse(line) as { msg?: string, req?: Record<string, unknown> }).filter(line => line.msg === 'incoming request')
    expect(incoming[0]?.req).toMatchObject({ method: 'GET', url: '/x?access_token=[redactado]&pagina=2', remoteAddress: '10.1.2.3' })
    expect(incoming[1]?.req).toMatchObject({ url: '/nada?client_secret=[redactado]' })
  })
})
