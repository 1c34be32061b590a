import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { request } from 'undici'

const fixture = fileURLToPath(new URL('../fixtures/slow-server.ts', import.meta.url))
const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url))

describe('graceful shutdown', () => {
  it('finishes the request in flight on SIGTERM, then exits 0 and accepts nothing new', async () => {
    const child = spawn(tsx, [fixture], { stdio: ['ignore', 'pipe', 'inherit'] })
    const [chunk] = await once(child.stdout, 'data') as [Buffer]
    const url = chunk.toString().trim()
    const inFlight = request(`${url}/slow`)
    await new Promise(resolve => setTimeout(resolve, 150))
    child.kill('SIGTERM')
    const response = await inFlight
    expect(response.statusCode).toBe(200)
    expect(await response.body.json()).toEqual({ done: true })
    const [code] = await once(child, 'exit') as [number]
    expect(code).toBe(0)
    await expect(request(`${url}/slow`)).rejects.toThrow()
  })
})
