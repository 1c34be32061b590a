/** A simulator was asked for something impossible (duplicate clave, duplicate record id, ...). */
export class SimulatorConfigError extends Error {
  readonly code = 'SIM_CONFIG'

  constructor (message: string) {
    super(message)
    this.name = 'SimulatorConfigError'
  }
}
