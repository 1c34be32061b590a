import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultFleet } from '@see/ente-simulator'
import { isPrivatePath, profiles, SYSTEMS, type SystemProfile } from '@see/systems'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// The public portal over a real federation (simulated entes, services, gateway on loopback): every
// page fetched over HTTP as a browser would, compared with what the API answers for the same query.

const XSS_NAME = '<script>alert("nombre")</script>'
const XSS_SURNAME = '"><img src=x onerror=alert(1)>'

const PAGES_PER_MINUTE = 150

let federation: TestFederation
let url: string
const pages: string[] = []

interface Page { status: number, headers: Record<string, string | string[] | undefined>, body: string }

async function get (path: string, headers: Record<string, string> = {}): Promise<Page> {
  const answer = await request(`${url}${path}`, { headers })
  const body = await answer.body.text()
  if (answer.statusCode !== 304) pages.push(body)
  return { status: answer.statusCode, headers: answer.headers, body }
}

/** The detail links of a results table, in order. */
function detailLinks (body: string): string[] {
  return [...body.matchAll(/<a href="([^"]*\/registro\/[^"]*)">Ver detalle/g)].map(m => m[1]!.replaceAll('&#38;', '&').replaceAll('&#61;', '='))
}

function searchPathOf (system: SystemProfile): string {
  return `/consulta/${system.id}`
}

beforeAll(async () => {
  const providers = defaultFleet(3, { size: 12 })
  // An ente whose records carry markup: the portal must show it as text.
  providers[0]!.extraRecords = [{ nombres: XSS_NAME, primerApellido: XSS_SURNAME, segundoApellido: 'Peña' }]
  federation = await startTestFederation('portal', { entes: providers, latencyMs: 0, settings: { pageCache: false }, portal: { requestsPerMinute: PAGES_PER_MINUTE } })
  url = federation.gatewayUrl
})
afterAll(async () => await federation?.close())

describe('the portal home page', () => {
  it('lists every system of the law with its coverage, in Spanish, and links each federated one to its search', async () => {
    const home = await get('/')
    expect(home.status).toBe(200)
    expect(home.headers['content-type']).toMatch(/^text\/html; charset=utf-8/)
    expect(home.body).toMatch(/<html lang="es-MX">/)
    for (const system of SYSTEMS) expect(home.body).toContain(`id="sistema-${system.id}"`)
    for (const system of SYSTEMS) expect(home.body).toContain(`href="${searchPathOf(system)}"`)
    expect(home.body).toContain('3 entes conectados')
  })

  it('sends a CSP that runs no script and forbids framing, and no inline script or style', async () => {
    const home = await get('/')
    const csp = String(home.headers['content-security-policy'])
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("style-src 'self'")
    expect(csp).not.toContain('script-src')
    expect(home.body).not.toMatch(/<script|\sstyle=|\son\w+=/i)
    const css = await get('/portal/estilos.css')
    expect(css.status).toBe(200)
    expect(css.headers['content-type']).toMatch(/^text\/css/)
  })

  it('answers 304 to a revalidation with its ETag, and says how long it may be cached', async () => {
    const first = await get('/')
    expect(first.headers['cache-control']).toBe('public, max-age=60')
    const tag = String(first.headers.etag)
    expect(tag).not.toBe('undefined')
    const again = await get('/', { 'if-none-match': tag })
    expect(again.status).toBe(304)
    expect(again.body).toBe('')
  })
})

/** The sort fields a public client may use: none on a private field. */
const publicSorts = (system: SystemProfile): string[] => Object.entries(system.sorts).filter(([, path]) => !isPrivatePath(path, system.privateFields)).map(([field]) => field)

describe.each(SYSTEMS.map(system => ({ system, name: system.pdnId })))('the search page of $name', ({ system }) => {
  const api = async (body: unknown): Promise<any> => (await postJson(`${url}${system.paths.search!}`, body, await federation.bearer())).body

  it('shows the first page of everything with the total the API gives, and every ente answering', async () => {
    const page = await get(searchPathOf(system))
    expect(page.status).toBe(200)
    const expected = await api({ page: 1, pageSize: 10 })
    expect(page.body).toContain(`Registros 1 a 10 de ${String(expected.pagination.totalRows)}.`)
    expect(detailLinks(page.body).length).toBe(10)
    expect(page.body).toContain('Respondieron los 3 entes conectados.')
    expect(page.headers['cache-control']).toBe('public, max-age=30')
    // Every public filter of the profile has a labelled control; the requester and private fields
    // are never asked of the public (the API would refuse a public client's filter on them).
    for (const [name, spec] of Object.entries(system.filters)) {
      if (spec.kind === 'requester') continue
      const control = new RegExp(`name="${name}(\\.min)?"`)
      if ('path' in spec && isPrivatePath(spec.path, system.privateFields)) expect(page.body, name).not.toMatch(control)
      else expect(page.body, name).toMatch(control)
    }
    for (const field of Object.keys(system.sorts)) {
      expect(page.body.includes(`value="${field}:asc"`), field).toBe(publicSorts(system).includes(field))
    }
    for (const id of page.body.matchAll(/<input type="(?:text|number|date)" id="([^"]+)"/g)) expect(page.body).toContain(`<label for="${id[1]!}">`)
  })

  it('fits a slow phone: the page and its stylesheet weigh under 100 KB together', async () => {
    const page = await get(searchPathOf(system))
    const css = await get('/portal/estilos.css')
    expect(Buffer.byteLength(page.body) + Buffer.byteLength(css.body)).toBeLessThan(100 * 1024)
  })

  it('sorts and pages as the API does, with the query in the URL', async () => {
    const [field] = publicSorts(system)
    expect(field).toBeDefined()
    const page2 = await get(`${searchPathOf(system)}?orden=${field!}:desc&tamano=25&pagina=2`)
    expect(page2.status).toBe(200)
    const expected = await api({ page: 2, pageSize: 25, sort: { [field!]: 'desc' } })
    const ids = detailLinks(page2.body).map(link => decodeURIComponent(link.split('/registro/')[1]!.split('?')[0]!))
    expect(ids).toEqual(expected.results.map((r: { id: string }) => r.id))
    expect(page2.body).toContain('rel="prev"')
    expect(page2.body).toContain(`<option value="${field!}:desc" selected>`)
    // The links carry the search: the previous page keeps the sort and the page size.
    const prev = /<a href="([^"]+)" rel="prev">/.exec(page2.body)![1]!.replaceAll('&#38;', '&').replaceAll('&#61;', '=')
    expect(prev).toBe(`${searchPathOf(system)}?orden=${field!}%3Adesc&tamano=25`)
  })

  it('opens the detail of a result with every public field', async () => {
    const page = await get(searchPathOf(system))
    const [link] = detailLinks(page.body)
    const detail = await get(link!)
    expect(detail.status).toBe(200)
    const id = decodeURIComponent(link!.split('/registro/')[1]!.split('?')[0]!)
    expect(detail.body).toContain(`<code>${id.replaceAll('=', '&#61;')}</code>`)
    expect(detail.body).toContain('Volver a la búsqueda')
    const missing = await get(`${searchPathOf(system)}/registro/${encodeURIComponent('NOEXISTE:1')}`)
    expect(missing.status).toBe(404)
  })

  it('exports the current result as CSV and JSON, the same records the API pages through', async () => {
    const [field] = publicSorts(system)
    const expected = await api({ page: 1, pageSize: 200, sort: { [field!]: 'asc' } })
    const json = await get(`${searchPathOf(system)}/exportar.json?orden=${field!}:asc`)
    expect(json.status).toBe(200)
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="see-chiapas-/)
    const exported = JSON.parse(json.body)
    expect(exported.totalRows).toBe(expected.pagination.totalRows)
    expect(exported.results.map((r: { id: string }) => r.id)).toEqual(expected.results.map((r: { id: string }) => r.id))
    const csv = await get(`${searchPathOf(system)}/exportar.csv?orden=${field!}:asc`)
    expect(csv.status).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n')
    expect(lines[0]!.split(',')).toContain('id')
    expect(lines.length).toBe(1 + expected.pagination.totalRows)
  })

  it('refuses a bad page number with a page that says why', async () => {
    const bad = await get(`${searchPathOf(system)}?pagina=cero`)
    expect(bad.status).toBe(400)
    expect(bad.body).toContain('La página debe ser un número entero')
  })
})

describe('ente answers are untrusted', () => {
  const s2 = profiles.s2
  it('shows markup from an ente as text on the results and the detail pages, and neutralises formulas in CSV', async () => {
    const page = await get(`${searchPathOf(s2)}?nombres=${encodeURIComponent(XSS_NAME)}`)
    expect(page.status).toBe(200)
    expect(detailLinks(page.body).length).toBe(1)
    expect(page.body).not.toContain('<script')
    expect(page.body).not.toContain('<img')
    expect(page.body).toContain('&#60;script&#62;')
    const detail = await get(detailLinks(page.body)[0]!)
    expect(detail.body).not.toContain('<script')
    expect(detail.body).not.toContain('<img')
    expect(detail.body).toContain('&#60;img src&#61;x onerror&#61;alert(1)&#62;')
    const csv = await get(`${searchPathOf(s2)}/exportar.csv?nombres=${encodeURIComponent(XSS_NAME)}`)
    expect(csv.body).toContain(XSS_NAME.replaceAll('"', '""'))
  })
})

describe('a partial answer', () => {
  it('names the ente that failed on the page, and is not cached', async () => {
    const system = SYSTEMS[0]!
    const ente = federation.simulator.providers[1]!
    await ente.setFault('error-500')
    try {
      // A query not asked before: no ente's count is cached, so every ente is asked and one fails.
      const text = Object.entries(system.filters).find(([, spec]) => spec.kind === 'text' && !isPrivatePath(spec.path, system.privateFields))![0]
      const page = await get(`${searchPathOf(system)}?${text}=sin-coincidencias-${Date.now()}`)
      expect(page.status).toBe(200)
      expect(page.body).toContain('Respuesta parcial: respondieron 2 de 3 entes.')
      expect(page.body).toContain('No hay registros que coincidan')
      expect(page.body).toMatch(new RegExp(`<span class="falla">[^<]+</span> \\(${ente.clave}\\): `))
      expect(page.headers['cache-control']).toBe('no-store')
    } finally {
      await ente.setFault('none')
    }
  })
})

describe('a page the entes cannot complete', () => {
  it('says so with the API\'s message, status and Retry-After, never a page with a hole', async () => {
    const system = SYSTEMS[0]!
    // Counted first (counts are cached), then the ente holding the page's records fails.
    expect((await get(`${searchPathOf(system)}?tamano=10&pagina=2`)).status).toBe(200)
    const [holder] = [...federation.simulator.providers].sort((a, b) => a.clave < b.clave ? -1 : 1)
    await holder!.setFault('error-500')
    try {
      const page = await get(`${searchPathOf(system)}?tamano=10&pagina=2`)
      expect(page.status).toBe(503)
      expect(page.headers['retry-after']).toBeDefined()
      expect(page.headers['cache-control']).toBe('no-store')
      expect(page.body).toContain('No se pudo completar la búsqueda')
    } finally {
      await holder!.setFault('none')
    }
  })
})

describe('no secret reaches a page', () => {
  it('holds no token, client secret, password or ente credential in anything served', async () => {
    expect(pages.length).toBeGreaterThan(10)
    const secrets = [
      federation.credentials.clientSecret, federation.credentials.password, federation.operator.clientSecret,
      ...federation.simulator.providers.flatMap(p => [p.credentials.clientSecret, p.credentials.password, p.staticToken])
    ].filter(secret => secret.length >= 8)
    for (const body of pages) {
      expect(body).not.toMatch(/eyJ[\w-]+\.[\w-]+\./)
      expect(body).not.toMatch(/bearer/i)
      for (const secret of secrets) expect(body.includes(secret)).toBe(false)
    }
  })
})

// Last: it spends the address's quota of the minute.
describe('the per-address limit', () => {
  it('answers a page saying when to come back once an address exceeds its pages a minute, and the API is not affected', async () => {
    let limited: Page | undefined
    for (let i = 0; i <= PAGES_PER_MINUTE && limited === undefined; i++) {
      const answer = await get('/portal/estilos.css')
      if (answer.status === 429) limited = answer
    }
    expect(limited).toBeDefined()
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0)
    expect(limited!.headers['content-type']).toMatch(/^text\/html/)
    expect(limited!.body).toContain('Demasiadas consultas')
    const system = SYSTEMS[0]!
    // The API's own quotas are per client, not the portal's per address: the same address still reaches it.
    expect((await postJson(`${url}${system.paths.search}`, { page: 1, pageSize: 1 }, await federation.bearer())).status).not.toBe(429)
  })
})
