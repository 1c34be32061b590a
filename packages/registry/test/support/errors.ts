/** The `code` of the error a promise rejects with, or undefined when it resolves. */
export async function codeOf (promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
    return undefined
  } catch (err) {
    return (err as { code?: string }).code
  }
}
