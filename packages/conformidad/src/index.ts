export { main, EXIT, type Io } from './main.js'
export { parseInvocation, usage, UsageError, type Invocation } from './args.js'
export type { JsonReport } from './report.js'
