import { printReport } from '@see/kit'
import { checkGatewayEnvironment } from './check.js'

// `see-gateway` starts the gateway; `see-gateway check` validates the environment and exits.
const [command, ...rest] = process.argv.slice(2)
if (command === 'check' && rest.length === 0) {
  process.exitCode = printReport('see-gateway', await checkGatewayEnvironment(), line => { process.stdout.write(`${line}\n`) })
} else if (command === undefined || command === 'start') {
  await import('./server.js')
} else {
  process.stderr.write('Uso: see-gateway [start|check]\n  start  inicia el gateway (por omisión)\n  check  valida las variables de entorno sin iniciar\n')
  process.exitCode = 2
}
