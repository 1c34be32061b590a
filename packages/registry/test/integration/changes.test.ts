import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { testDatabaseKinds } from '@see/db/testing'
import {
  changeStage, memoryChangeBus, redisChangeBus, registryDirectories, type RegistryChange, type RegistryContext, type RegistryDirectories
} from '../../src/index.js'
import { enteAtStage, openRegistryTest, operator, type RegistryTest } from '../support/registry.js'
import { createRedisClient } from '@see/redis'
import { redisForTests, redisServerAvailable, startPrivateRedis, uniquePrefix } from '@see/redis/testing'

const kinds = await testDatabaseKinds('registry/changes.test.ts')
const sharedRedis = await redisForTests('registry/changes.test.ts')
const withRedis = sharedRedis !== undefined
const withRedisServer = redisServerAvailable('registry/changes.test.ts')
const uniqueChannel = (): string => `${uniquePrefix()}registry:changes`
// Subscriptions are commands too: give them room beyond the services' 100 ms bound.
const testRedis = (url: string) => createRedisClient(url, { commandTimeoutMs: 2_000 })

describe('registry change buses', () => {
  it('in process: listeners run before publish resolves, a failing one does not stop the others', async () => {
    const warnings: unknown[] = []
    const bus = memoryChangeBus({ warn: obj => warnings.push(obj) })
    const heard: RegistryChange[] = []
    bus.subscribe(() => { throw new Error('roto') })
    const off = bus.subscribe(async (change) => { heard.push(change) })
    await bus.publish({ ente: 'SHCH', system: 's2', action: 'connection.stage' })
    expect(heard).toEqual([{ ente: 'SHCH', system: 's2', action: 'connection.stage' }])
    expect(warnings).toHaveLength(1)
    off()
    await bus.publish({ ente: 'SSA', action: 'ente.update' })
    expect(heard).toHaveLength(1)
  })

  it.runIf(withRedis)('over Redis: another process hears each change once; the publisher hears its own directly, not twice', async () => {
    const channel = uniqueChannel()
    const [redisA, redisB] = [testRedis(sharedRedis!), testRedis(sharedRedis!)]
    await Promise.all([once(redisA, 'ready'), once(redisB, 'ready')])
    const a = redisChangeBus(redisA, { channel })
    const b = redisChangeBus(redisB, { channel })
    try {
      expect(await Promise.all([a.subscribed, b.subscribed])).toEqual([true, true])
      const heardA: RegistryChange[] = []
      const heardB: RegistryChange[] = []
      a.subscribe(change => { heardA.push(change) })
      b.subscribe(change => { heardB.push(change) })
      await a.publish({ ente: 'FGE', system: 's2', action: 'connection.stage' })
      expect(heardA).toEqual([{ ente: 'FGE', system: 's2', action: 'connection.stage' }])
      await vi.waitFor(() => { expect(heardB).toEqual([{ ente: 'FGE', system: 's2', action: 'connection.stage' }]) }, { timeout: 5_000, interval: 20 })
      await b.publish({ ente: 'PJE', action: 'ente.update' })
      await vi.waitFor(() => { expect(heardA.map(c => c.ente)).toEqual(['FGE', 'PJE']) }, { timeout: 5_000, interval: 20 })
      expect(heardA).toHaveLength(2)
    } finally {
      await Promise.all([a.close(), b.close()])
      redisA.disconnect()
      redisB.disconnect()
    }
  })
})

describe('registry changes when Redis is away at start', () => {
  it.runIf(withRedisServer)('keep reaching this process, and reach the others once Redis is back', async () => {
    // A Redis of the test's own, stopped before the buses start and brought back later.
    const server = await startPrivateRedis()
    await server.stop()
    const url = server.url
    const channel = uniqueChannel()
    const [redisA, redisB] = [testRedis(url), testRedis(url)]
    const a = redisChangeBus(redisA, { channel })
    const b = redisChangeBus(redisB, { channel })
    const heardA: string[] = []
    const heardB: string[] = []
    a.subscribe(change => { heardA.push(change.ente) })
    b.subscribe(change => { heardB.push(change.ente) })
    try {
      await a.publish({ ente: 'SIN-REDIS', action: 'ente.update' })
      expect(heardA).toEqual(['SIN-REDIS'])
      await server.restart()
      await vi.waitFor(async () => {
        await b.publish({ ente: 'CON-REDIS', action: 'ente.update' })
        expect(heardA).toContain('CON-REDIS')
      }, { timeout: 10_000, interval: 200 })
      expect(heardB.every(ente => ente === 'CON-REDIS')).toBe(true)
    } finally {
      await Promise.all([a.close(), b.close()])
      redisA.disconnect()
      redisB.disconnect()
      await server.stop()
    }
  })
})

describe.each(kinds)('registry directories on %s', (kind) => {
  let t: RegistryTest
  let ctx: RegistryContext
  const opened: RegistryDirectories[] = []
  beforeAll(async () => {
    t = await openRegistryTest(kind)
    ctx = t.ctx
    await enteAtStage(ctx, 'SEFIN', 'produccion')
    await enteAtStage(ctx, 'IEPC', 'pruebas')
  })
  afterAll(async () => {
    for (const d of opened) d.close()
    await t.close()
  })

  it('splits production from the sandbox (pruebas and mantenimiento)', async () => {
    const directories = await registryDirectories(ctx, { refreshMs: 0 })
    opened.push(directories)
    expect(directories.production.list('s2').map(e => e.clave)).toEqual(['SEFIN'])
    expect(directories.sandbox.list('s2').map(e => [e.clave, e.stage, e.configVersion])).toEqual([['IEPC', 'pruebas', 1]])
  })

  it('reloads at once on an announced change and tells its listeners which ente changed', async () => {
    const bus = memoryChangeBus()
    const directories = await registryDirectories(ctx, { refreshMs: 0, changes: bus })
    opened.push(directories)
    const changed: string[] = []
    directories.onChange(ente => { changed.push(ente) })
    await changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'mantenimiento' })
    await bus.publish({ ente: 'SEFIN', system: 's2', action: 'connection.stage' })
    expect(directories.production.list('s2')).toEqual([])
    expect(directories.sandbox.list('s2').map(e => e.clave)).toEqual(['IEPC', 'SEFIN'])
    expect(changed).toEqual(['SEFIN'])
    await changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'produccion' })
    await bus.publish({ ente: 'SEFIN', system: 's2', action: 'connection.stage' })
    expect(directories.production.list('s2').map(e => e.clave)).toEqual(['SEFIN'])
  })

  it('catches up by polling a change nobody announced, and names the ente that changed', async () => {
    const directories = await registryDirectories(ctx, { refreshMs: 50 })
    opened.push(directories)
    const changed: string[] = []
    directories.onChange(ente => { changed.push(ente) })
    await changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'suspendida' })
    await vi.waitFor(() => { expect(changed).toContain('SEFIN') }, { timeout: 10_000, interval: 50 })
    expect(directories.production.list('s2')).toEqual([])
    expect(changed).not.toContain('IEPC')
  })
})
