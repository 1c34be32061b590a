export { runConnectionTest, type Check, type ConnectionTestOptions, type ConnectionTestReport } from './runner.js'
export { PROBLEMS, type Problem, type ProblemCode } from './problems.js'
