import { describe, expect, it } from 'vitest'
import { assertSafeUrl, isForbiddenAddress, type RegistryError, type Resolver, type UrlPolicy } from '../../src/index.js'
import { codeOf } from '../support/errors.js'

const strict: UrlPolicy = { allowHttp: false, allowedHosts: [] }
const demo: UrlPolicy = { allowHttp: true, allowedHosts: ['127.0.0.1'] }
const resolveTo = (...addresses: string[]): Resolver => async () => addresses.map(address => ({ address, family: address.includes(':') ? 6 : 4 }))

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '169.254.0.1',
    '100.64.0.1', '100.100.100.200', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '255.255.255.255', '198.18.0.1',
    '::', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::127.0.0.1', 'fe80::1', 'fe80::1%eth0',
    'fc00::1', 'fd00:ec2::254', 'ff02::1', '64:ff9b::a00:1', '2002:7f00:1::', '2001::1', '2001:db8::1'
  ])('forbids %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true)
  })

  it.each(['8.8.8.8', '200.57.1.10', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false)
  })

  it('forbids what is not an address at all', () => {
    expect(isForbiddenAddress('localhost')).toBe(true)
  })
})

describe('assertSafeUrl', () => {
  const publicName = resolveTo('200.57.1.10')

  it('accepts https to a public address', async () => {
    expect((await assertSafeUrl('https://api.ente.gob.mx/v1', strict, publicName)).hostname).toBe('api.ente.gob.mx')
    expect(await codeOf(assertSafeUrl('https://8.8.8.8/', strict))).toBeUndefined()
  })

  it('refuses http unless the policy allows it', async () => {
    expect(await codeOf(assertSafeUrl('http://api.ente.gob.mx', strict, publicName))).toBe('REGISTRY_UNSAFE_URL')
    expect(await codeOf(assertSafeUrl('http://api.ente.gob.mx', { ...strict, allowHttp: true }, publicName))).toBeUndefined()
    expect(await codeOf(assertSafeUrl('ftp://api.ente.gob.mx', { ...strict, allowHttp: true }, publicName))).toBe('REGISTRY_UNSAFE_URL')
  })

  it.each([
    'https://10.0.0.5/', 'https://192.168.0.1/', 'https://127.0.0.1:8443/', 'https://[::1]/', 'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/', 'https://169.254.169.254/latest/meta-data', 'https://[fd00:ec2::254]/', 'https://100.64.1.1/',
    'https://0.0.0.0/', 'https://2130706433/', 'https://0x7f.1/', 'https://[fe80::1]/'
  ])('refuses the internal address in %s', async (url) => {
    expect(await codeOf(assertSafeUrl(url, strict))).toBe('REGISTRY_UNSAFE_URL')
  })

  it('refuses a name that resolves to loopback (localhost) unless the address is allow-listed', async () => {
    expect(await codeOf(assertSafeUrl('https://localhost:9443/', strict))).toBe('REGISTRY_UNSAFE_URL')
    expect(await codeOf(assertSafeUrl('http://localhost:9443/', demo))).toBeUndefined()
    expect(await codeOf(assertSafeUrl('http://127.0.0.1:9443/', demo))).toBeUndefined()
  })

  it('refuses a name if any of its addresses is internal, and a name that does not resolve', async () => {
    expect(await codeOf(assertSafeUrl('https://mixto.gob.mx', strict, resolveTo('200.57.1.10', '10.0.0.1')))).toBe('REGISTRY_UNSAFE_URL')
    const missing: Resolver = async () => { throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' }) }
    expect(await codeOf(assertSafeUrl('https://no-existe.gob.mx', strict, missing))).toBe('REGISTRY_UNSAFE_URL')
  })

  it('says the same about a name that resolves internally and one that does not exist, keeping what DNS said for the log only', async () => {
    const refusal = async (url: string, resolve: Resolver): Promise<RegistryError> => await assertSafeUrl(url, strict, resolve).then(
      () => { throw new Error(`${url} was accepted`) }, (err: RegistryError) => err)
    const missing: Resolver = async () => { throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) }
    const internal = await refusal('https://vm/', resolveTo('127.0.0.1'))
    const mixed = await refusal('https://mixto.gob.mx', resolveTo('200.57.1.10', '10.0.0.1'))
    const absent = await refusal('https://no-existe/', missing)
    expect(internal.message).toBe(absent.message)
    expect(mixed.message).toBe(absent.message)
    for (const err of [internal, mixed, absent]) {
      expect(err.message).toMatch(/^URL no permitida/)
      expect(err.message).not.toMatch(/127\.0\.0\.1|10\.0\.0\.1|ENOTFOUND|vm|no-existe|mixto/)
    }
    expect(internal.logDetail).toEqual({ host: 'vm', problem: 'internal-address', forbidden: ['127.0.0.1'], resolved: 1 })
    expect(mixed.logDetail).toEqual({ host: 'mixto.gob.mx', problem: 'internal-address', forbidden: ['10.0.0.1'], resolved: 2 })
    expect(absent.logDetail).toEqual({ host: 'no-existe', problem: 'dns', dnsCode: 'ENOTFOUND' })
  })

  it('accepts allow-listed names and CIDR ranges', async () => {
    expect(await codeOf(assertSafeUrl('https://simulador.interno', { ...strict, allowedHosts: ['simulador.interno'] }, resolveTo('10.0.0.7')))).toBeUndefined()
    expect(await codeOf(assertSafeUrl('https://10.20.0.7', { ...strict, allowedHosts: ['10.20.0.0/16'] }))).toBeUndefined()
    expect(await codeOf(assertSafeUrl('https://10.21.0.7', { ...strict, allowedHosts: ['10.20.0.0/16'] }))).toBe('REGISTRY_UNSAFE_URL')
  })

  it('refuses credentials in the URL and what is not a URL', async () => {
    await expect(assertSafeUrl('https://user:pass@api.ente.gob.mx', strict, publicName)).rejects.toThrow(/usuario ni contraseña/)
    expect(await codeOf(assertSafeUrl('no es url', strict))).toBe('REGISTRY_UNSAFE_URL')
  })
})
