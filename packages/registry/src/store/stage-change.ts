import type { RegistryConnection, RegistryStageChange } from '@see/openapi/types'
import { withTransaction } from '@see/db'
import { assertMayAccessEnte, assertOperator, type Actor } from '../model/actor.js'
import { RegistryError } from '../model/errors.js'
import { holdsApprovedConfig, isAllowedTransition, isEnteStep, requirementsOf, STAGE_TRANSITIONS, type TransitionRequirement } from '../model/stages.js'
import { appendAudit } from './audit.js'
import { pendingOf, readConnection, toRegistryConnection, type ConnectionRow } from './connection-rows.js'
import { assertSystem, notFoundConnection } from './connection-errors.js'
import type { Queryable, RegistryContext } from './context.js'
import { promotePending } from './pending-config.js'
import { appendStageHistory, everReached } from './stage-history.js'
import { assertValid } from './validate.js'

export async function assertRequirement (db: Queryable, row: ConnectionRow, requirement: TransitionRequirement): Promise<void> {
  if (requirement === 'passing-current-test') {
    if (row.test_id === null) {
      throw new RegistryError('REGISTRY_TEST_REQUIRED', 'Para aprobar la conexión se requiere una prueba de conexión exitosa; no hay ninguna.')
    }
    if (row.test_passed !== true) {
      throw new RegistryError('REGISTRY_TEST_REQUIRED', 'La última prueba de conexión falló; corrija la conexión y repita la prueba antes de aprobarla.')
    }
    if (row.test_config_version !== row.config_version) {
      throw new RegistryError('REGISTRY_TEST_REQUIRED', 'La última prueba exitosa corresponde a una configuración anterior; repita la prueba con la configuración vigente.')
    }
    return
  }
  if (!await everReached(db, row.ente_clave, row.system, 'produccion')) {
    throw new RegistryError('REGISTRY_INVALID_TRANSITION', 'Solo una conexión que estuvo en producción puede volver de la suspensión a mantenimiento; reinicie el proceso desde solicitud.')
  }
}

/**
 * Moves a connection to another stage (operators; an ente only its own connection, only through
 * its own steps solicitud → estandar → mecanismo → pruebas), if the transition table allows it and its
 * requirements hold; records who, when and why in the stage history and the audit log. Back in
 * the onboarding (`pruebas`, `solicitud`), a pending configuration becomes the connection's
 * configuration: the next approval will rest on a test of it anyway.
 */
export async function changeStage (ctx: RegistryContext, actor: Actor, ente: string, system: string, change: RegistryStageChange): Promise<RegistryConnection> {
  assertMayAccessEnte(actor, ente)
  assertSystem(system)
  const { stage: to, observations, configVersion: reviewed } = assertValid<RegistryStageChange>('RegistryStageChange', change)
  return await withTransaction(ctx.pool, async (client) => {
    const row = await readConnection(client, ente, system, true)
    if (row === undefined) throw notFoundConnection(ente, system)
    const from = row.stage
    // The configuration changed between the page the operator read and the click: never approve what was not reviewed.
    if (reviewed !== undefined && reviewed !== row.config_version) {
      throw new RegistryError('REGISTRY_CONFLICT', `La configuración de la conexión cambió: usted revisó la versión ${reviewed} y la vigente es la ${row.config_version}. Revise la configuración vigente y vuelva a intentarlo.`)
    }
    if (actor.kind === 'ente' && !isEnteStep(from, to)) assertOperator(actor, `llevar una conexión de ${from} a ${to}; el ente la avanza por sí mismo de solicitud a estandar, mecanismo y pruebas`)
    if (!isAllowedTransition(from, to)) {
      throw new RegistryError('REGISTRY_INVALID_TRANSITION',
        `No se puede pasar de ${from} a ${to}; desde ${from} se permite: ${STAGE_TRANSITIONS[from].join(', ')}.`)
    }
    for (const requirement of requirementsOf(from, to)) await assertRequirement(client, row, requirement)
    await client.query('UPDATE connections SET stage = $3, stage_changed_at = now(), updated_at = now() WHERE ente_clave = $1 AND system = $2', [ente, system, to])
    const pending = pendingOf(row)
    const applied = pending !== undefined && !holdsApprovedConfig(to) ? pending.config_version : undefined
    if (applied !== undefined) await promotePending(client, ente, system)
    await appendStageHistory(client, actor, ente, system, from, to, observations)
    const after = toRegistryConnection(await readConnection(client, ente, system) as ConnectionRow)
    await appendAudit(client, actor, 'connection.stage', {
      ente, system, before: { stage: from }, after: { stage: to, observations: observations ?? null, ...(applied !== undefined && { pendingConfigApplied: applied }) }
    })
    return after
  })
}
