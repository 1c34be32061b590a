import { DeadlineExceededError } from '@see/kit'
import type { SearchRound } from './context.js'
import type { Deadline } from './deadline.js'

/**
 * Work running now, by key, shared by whoever asks for the same key meanwhile (single flight). An
 * entry lives while its work runs and is deleted when it settles, so the map holds at most one
 * entry per request in flight and a request arriving after the settle runs the work anew.
 */
export class Flights<T> {
  private readonly running = new Map<string, Promise<T>>()

  /**
   * The result of `work` for `key`: run now, or the run already under way for that key. A request
   * joining a run waits at most until its own deadline, then answers as a page that ran out of time
   * does (504); the run goes on for the others. The run's result, or its error, reaches everyone,
   * except an error `ownError` says belonged to the request that ran it: then a request that joined
   * it runs (or joins) the work once more, as its own.
   */
  async run (key: string, deadline: Deadline, work: () => Promise<T>, ownError?: (err: unknown) => boolean): Promise<T> {
    const shared = this.running.get(key)
    if (shared === undefined) return await this.lead(key, work)
    try {
      return await within(shared, deadline)
    } catch (err) {
      if (ownError?.(err) !== true) throw err
      return await this.run(key, deadline, work)
    }
  }

  private async lead (key: string, work: () => Promise<T>): Promise<T> {
    const flight = (async () => await work())().finally(() => {
      if (this.running.get(key) === flight) this.running.delete(key)
    })
    this.running.set(key, flight)
    return await flight
  }

  /** Keys running now (tests, diagnostics). */
  get size (): number {
    return this.running.size
  }
}

/** `shared`, or a deadline error when the request's own deadline comes first. */
async function within<T> (shared: Promise<T>, deadline: Deadline): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError('La página ordenada no se completó a tiempo; reintente: lo ya recorrido se conserva.')), deadline.remaining())
  })
  try {
    return await Promise.race([shared, expired])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * What each field of a round adds to the key of its sorted page: the answer's inputs, spelled out,
 * or `null` for what does not change the answer (who asks and until when, the state the work reads
 * and writes). Typed over every field of `SearchRound`, so a field added to it (a visibility flag)
 * does not compile until it is placed here: a public page must never share a privileged one's work.
 * The client is left out on purpose: the same page of the same query is the same answer whoever asks.
 */
const KEY_PARTS: { [K in keyof Required<SearchRound>]: ((value: SearchRound[K]) => unknown) | null } = {
  system: system => system.id,
  entes: entes => entes.map(ente => ente.clave),
  // Each ente's count key: its generation and the query (retired with them, as the frontiers are).
  countKeys: keys => [...keys],
  request: ({ query, sort, page, pageSize }) => [query, Object.entries(sort), page, pageSize],
  // The flights are kept per service (`sortedFlights`); the rest is read or written by the work.
  service: null,
  cache: null,
  prefixes: null,
  admission: null,
  settings: null,
  client: null,
  deadline: null,
  requestId: null,
  // A public page's records come without private fields: never shared with a privileged one.
  publicOnly: publicOnly => publicOnly
}

/** The key of a round's sorted page: requests with the same key get the same answer. */
export function sortedPageKey (round: SearchRound): string {
  const parts: Array<[string, unknown]> = []
  for (const [field, part] of Object.entries(KEY_PARTS) as Array<[keyof SearchRound, ((value: unknown) => unknown) | null]>) {
    if (part !== null) parts.push([field, part(round[field])])
  }
  return JSON.stringify(parts)
}

/**
 * Sorted pages being merged, per service that answers them (a system's, or a sandbox's). Kept
 * beside the service, so two services never share work, and dropped with it.
 */
const byService = new WeakMap<object, Flights<unknown>>()

export function sortedFlights<T> (service: object): Flights<T> {
  let flights = byService.get(service)
  if (flights === undefined) byService.set(service, flights = new Flights<unknown>())
  return flights as Flights<T>
}
