import { describe, expect, it } from 'vitest'
import { hashSecret, verifySecret } from '../../src/secrets.js'
import { useCheapSecretHashing } from '../../src/testing.js'

describe('secret hashing cost', () => {
  it('hashes with argon2id at OWASP\'s minimum cost (19 MiB, 2 passes, 1 lane) unless a test lowers it', async () => {
    const stored = await hashSecret('correcto')
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifySecret(stored, 'correcto')).toBe(true)
    expect(await verifySecret(stored, 'incorrecto')).toBe(false)
  })

  it('lowers the cost for tests only until restored, and verifies hashes of either cost meanwhile', async () => {
    const production = await hashSecret('correcto')
    const restore = useCheapSecretHashing()
    try {
      const cheap = await hashSecret('correcto')
      expect(cheap).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/)
      expect(await verifySecret(cheap, 'correcto')).toBe(true)
      expect(await verifySecret(production, 'correcto')).toBe(true)
      expect(await verifySecret(undefined, 'correcto')).toBe(false)
    } finally {
      restore()
    }
    expect(await hashSecret('correcto')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })
})
