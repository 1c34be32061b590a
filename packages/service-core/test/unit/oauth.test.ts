import { describe, expect, it } from 'vitest'
import { parseTokenAnswer, tokenRequestFor, tokenUrlOf } from '../../src/ente-client/oauth.js'
import { thrownCode } from '../support/thrown.js'

describe('tokenRequestFor', () => {
  it('sends the password grant with client credentials in Basic AND in the body, as the PDN does', () => {
    const { headers, body } = tokenRequestFor({ kind: 'oauth2-password', clientId: 'cli', clientSecret: 'sec', username: 'u', password: 'p&=', scope: 'read' })
    expect(headers.authorization).toBe(`Basic ${Buffer.from('cli:sec').toString('base64')}`)
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({
      grant_type: 'password', username: 'u', password: 'p&=', client_id: 'cli', client_secret: 'sec', scope: 'read'
    })
  })

  it('sends the client-credentials grant without user fields', () => {
    const { body } = tokenRequestFor({ kind: 'oauth2-client-credentials', clientId: 'cli', clientSecret: 'sec' })
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({ grant_type: 'client_credentials', client_id: 'cli', client_secret: 'sec' })
  })

  it('fails with ENTE_AUTH_FAILED naming the missing registry fields (never their values)', () => {
    expect(() => tokenRequestFor({ kind: 'oauth2-password', clientId: 'cli', clientSecret: 'sec' })).toThrow(/username, password/)
    expect(thrownCode(() => tokenRequestFor({ kind: 'oauth2-client-credentials', clientId: 'cli' }))).toBe('ENTE_AUTH_FAILED')
  })
})

describe('tokenUrlOf', () => {
  it('uses tokenUrl when given, else /oauth/token under the base URL', () => {
    expect(tokenUrlOf({ protocol: 'sesna-v1', baseUrl: 'https://e.example/api/', auth: { kind: 'none' }, maxConnections: 1 }).href).toBe('https://e.example/api/oauth/token')
    expect(tokenUrlOf({ protocol: 'sesna-v1', baseUrl: 'https://e.example', tokenUrl: 'https://auth.example/t', auth: { kind: 'none' }, maxConnections: 1 }).href).toBe('https://auth.example/t')
  })
})

describe('parseTokenAnswer', () => {
  it('reads the access token and its lifetime', () => {
    expect(parseTokenAnswer({ access_token: 'abc', token_type: 'bearer', expires_in: 300 })).toEqual({ accessToken: 'abc', expiresInS: 300 })
    expect(parseTokenAnswer({ access_token: 'abc', expires_in: '300' })).toEqual({ accessToken: 'abc', expiresInS: 300 })
    expect(parseTokenAnswer({ access_token: 'abc' })).toEqual({ accessToken: 'abc', expiresInS: undefined })
  })

  it.each([
    [null], [[]], [{}], [{ access_token: '' }], [{ access_token: 7 }], [{ access_token: 'x', token_type: 'mac' }]
  ])('refuses %j with ENTE_AUTH_FAILED', answer => {
    expect(thrownCode(() => parseTokenAnswer(answer))).toBe('ENTE_AUTH_FAILED')
  })
})
