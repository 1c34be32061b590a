/** The audience of access tokens for the public API: the gateway's own URL plus `/api`. */
export function apiAudience (publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api`
}
