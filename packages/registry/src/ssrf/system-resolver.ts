import { lookup } from 'node:dns/promises'
import type { Resolver } from './policy.js'

/** The operating system's resolver (what net.connect would use), asked for every address. */
export const systemResolver: Resolver = async (hostname) => await lookup(hostname, { all: true, verbatim: true })
