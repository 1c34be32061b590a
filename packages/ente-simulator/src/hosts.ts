/** The base URL clients use to reach a server bound to `host`: a wildcard bind is reached through loopback. */
export function baseUrl (host: string, port: number): string {
  if (host === '0.0.0.0' || host === '') return `http://127.0.0.1:${port}`
  if (host === '::') return `http://[::1]:${port}`
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`
}
