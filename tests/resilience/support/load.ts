/** A small load for the resilience tests: concurrent workers creating tracks and reading, until told to stop. */
import { setTimeout as sleep } from 'node:timers/promises'

interface Answer {
  status: number
  contentType: string
  retryAfter: string | null
  code?: string | undefined
}

export interface Load {
  /** Ids of the tracks whose creation was acknowledged (201). */
  acknowledged: string[]
  /** Every answer, in arrival order; a network failure is status 0. */
  answers: Answer[]
  /** Acknowledged creations so far. */
  count(): number
  /** Answers by status and code, for failure messages: `{ "201": 40, "503 database_unavailable": 12 }`. */
  summary(): Record<string, number>
  /** Stops the workers and waits for their last requests. */
  stop(): Promise<void>
}

/** Names of tracks made by the load: `resilience <run> <worker>-<n>`. */
export const loadTrackPrefix = 'resilience '

/**
 * `workers` loops, each: create a track (POST /api/v1/tracks with the session), then read the
 * campuses. Records every status; keeps the ids of the acknowledged creations.
 */
export function startLoad(url: string, headers: Record<string, string>, workers = 4, run = 'load'): Load {
  const acknowledged: string[] = []
  const answers: Answer[] = []
  let running = true
  const record = async (response: Response): Promise<unknown> => {
    const contentType = response.headers.get('content-type') ?? ''
    const body = (await response.json().catch(() => undefined)) as { code?: string; id?: string } | undefined
    answers.push({
      status: response.status,
      contentType,
      retryAfter: response.headers.get('retry-after'),
      code: body?.code,
    })
    return body
  }
  const worker = async (w: number) => {
    for (let n = 0; running; n++) {
      try {
        const created = await fetch(`${url}/api/v1/tracks`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            name: `${loadTrackPrefix}${run} ${w}-${n}`,
            hours: 100 + (n % 400),
            components: ['technical_platform'],
          }),
        })
        const body = (await record(created)) as { id?: string } | undefined
        if (created.status === 201 && body?.id) acknowledged.push(body.id)
        await record(await fetch(`${url}/api/v1/campuses`, { headers }))
      } catch {
        answers.push({ status: 0, contentType: '', retryAfter: null })
        await sleep(20)
      }
    }
  }
  const done = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)))
  return {
    acknowledged,
    answers,
    count: () => acknowledged.length,
    summary: () => {
      const counts: Record<string, number> = {}
      for (const a of answers) {
        const key = a.code ? `${a.status} ${a.code}` : String(a.status)
        counts[key] = (counts[key] ?? 0) + 1
      }
      return counts
    },
    stop: async () => {
      running = false
      await done
    },
  }
}

/** Polls `check` every 50 ms until it returns true; fails with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`)
    await sleep(50)
  }
}
