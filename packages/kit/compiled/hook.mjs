// Module resolution hook of the production launch: every import also matches the `see-dist` export
// condition, so each workspace package resolves to its compiled `dist/` instead of its TypeScript
// source. Equivalent to `node --conditions=see-dist`, without asking the operator for the flag.
export async function resolve (specifier, context, nextResolve) {
  return await nextResolve(specifier, { ...context, conditions: [...context.conditions, 'see-dist'] })
}
