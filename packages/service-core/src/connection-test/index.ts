export { runConnectionTest, type ConnectionTestOptions } from './runner.js'
