import { printReport } from '@see/kit'
import { SYSTEMS } from '@see/systems'
import { checkServiceEnvironment } from './check.js'
import { runSystemService } from './server.js'

// `see-service <sistema> [start|check]`: any federated system's service, chosen from the profiles.
const [id, command = 'start', ...rest] = process.argv.slice(2)
const system = SYSTEMS.find(s => s.id === id)
const usage = `Uso: see-service <sistema> [start|check]\n  sistema: ${SYSTEMS.map(s => s.id).join(', ')}\n  start  inicia el servicio (por omisión)\n  check  valida las variables de entorno sin iniciar\n`
if (system === undefined || rest.length > 0 || !['start', 'check'].includes(command)) {
  process.stderr.write(id === undefined || system !== undefined ? usage : `«${id}» no es un sistema federado.\n${usage}`)
  process.exitCode = 2
} else if (command === 'check') {
  process.exitCode = printReport(`see-service ${system.id}`, await checkServiceEnvironment(system), line => { process.stdout.write(`${line}\n`) })
} else {
  await runSystemService(system)
}
