import { describe, expect, it } from 'vitest'
import { FeedCache, nextPath } from '../../src/protocols/ocds-releases.js'

// An ocds-releases ente's `links.next` is followed only under the URL the registry holds for it:
// the SSRF guard and the ente's credentials are for that URL, not for wherever a page points.

const BASE = 'https://datos.ente.gob.mx/ocds/entregas'

describe('links.next of an OCDS release package feed', () => {
  it('is the path under the registered URL, absolute or relative', () => {
    expect(nextPath(BASE, 'https://datos.ente.gob.mx/ocds/entregas?page=2')).toBe('?page=2')
    expect(nextPath(BASE, '/ocds/entregas/2024/pagina-3.json')).toBe('/2024/pagina-3.json')
    expect(nextPath(`${BASE}/`, `${BASE}?cursor=abc`)).toBe('?cursor=abc')
  })

  it('reads a relative link against the page that holds it, not against the registered URL', () => {
    expect(nextPath(BASE, 'pagina-3.json', `${BASE}/2024/pagina-2.json`)).toBe('/2024/pagina-3.json')
    expect(nextPath(BASE, '../2025/pagina-1.json', `${BASE}/2024/pagina-9.json`)).toBe('/2025/pagina-1.json')
    // Relative to the page, the same link may leave the registered URL: still refused.
    expect(() => nextPath(BASE, '../../admin', `${BASE}/2024/pagina-2.json`)).toThrow(expect.objectContaining({ code: 'ENTE_BAD_SHAPE' }))
  })

  it('follows a registered URL with a query: the next page adds to it, and may not change it', () => {
    const withQuery = `${BASE}?anio=2024`
    expect(nextPath(withQuery, `${BASE}?anio=2024&page=2`)).toBe('&page=2')
    expect(nextPath(withQuery, '?anio=2024&page=3', `${withQuery}&page=2`)).toBe('&page=3')
    for (const next of [`${BASE}?anio=2023&page=2`, `${BASE}?page=2`, `${BASE}&page=2`]) {
      expect(() => nextPath(withQuery, next), next).toThrow(expect.objectContaining({ code: 'ENTE_BAD_SHAPE' }))
    }
    // Without a query in the registered URL, `&` cannot extend its path.
    expect(() => nextPath(BASE, `${BASE}&x=1`)).toThrow(expect.objectContaining({ code: 'ENTE_BAD_SHAPE' }))
  })

  it('ends the feed when absent or null', () => {
    expect(nextPath(BASE, undefined)).toBeUndefined()
    expect(nextPath(BASE, null)).toBeUndefined()
  })

  it('is refused outside the registered URL: another host, scheme, port or path', () => {
    for (const next of ['https://otro.example/ocds/entregas?page=2', 'http://datos.ente.gob.mx/ocds/entregas?page=2', 'https://datos.ente.gob.mx:8443/ocds/entregas?page=2', 'https://datos.ente.gob.mx/admin', 'https://datos.ente.gob.mx/ocds/entregas-privadas', 'https://169.254.169.254/latest/meta-data', 42]) {
      expect(() => nextPath(BASE, next), String(next)).toThrow(expect.objectContaining({ code: 'ENTE_BAD_SHAPE' }))
    }
  })
})

describe('the cache of feeds read', () => {
  const feed = (size: number): { releases: Array<{ id: string }>, dropped: number } => ({ releases: Array.from({ length: size }, (_, i) => ({ id: String(i) })), dropped: 0 })

  it('reads a feed once for every search that asks while it is fresh', async () => {
    const cache = new FeedCache()
    let reads = 0
    const read = async (): Promise<ReturnType<typeof feed>> => { reads++; return feed(3) }
    const answers = await Promise.all([cache.get('a', read), cache.get('a', read), cache.get('a', read)])
    expect(answers.map(a => a.releases.length)).toEqual([3, 3, 3])
    expect(reads).toBe(1)
    await cache.get('b', read)
    expect(reads).toBe(2)
  })

  it('keeps a failed read too, so a failing feed is not read again by every search', async () => {
    const cache = new FeedCache()
    let reads = 0
    const failing = async (): Promise<never> => { reads++; throw new Error('caído') }
    await expect(cache.get('a', failing)).rejects.toThrow('caído')
    await expect(cache.get('a', failing)).rejects.toThrow('caído')
    expect(reads).toBe(1)
  })

  it('is not shared between two caches (a connection test reads the ente itself)', async () => {
    let reads = 0
    const read = async (): Promise<ReturnType<typeof feed>> => { reads++; return feed(1) }
    await new FeedCache().get('a', read)
    await new FeedCache().get('a', read)
    expect(reads).toBe(2)
  })
})
