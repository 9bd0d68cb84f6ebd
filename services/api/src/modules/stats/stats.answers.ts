// The statistics' answers ready to send: cached by the normalised question with their ETag, and the
// last answer to each question kept for network staff while an import's refresh runs.
import { Lru, digest, matchesEtag } from './stats.cache.js'

/** An answer ready to send: its ETag and the serialised body, or a 304. */
export interface Answer {
  etag: string
  notModified: boolean
  contentType: string
  body: string
  /** The release a public answer was read from (`stats.public-store.ts` keeps such answers). */
  release?: string | undefined
  /** The data version the figures were computed for (a release's, for answers read from one). */
  dataVersion?: number
  /**
   * Newer writes are not in these figures yet and are being added: an import's refresh still running
   * (network staff get the last answer to the same question), or a new release being built.
   */
  updating?: boolean
}

export interface Cached {
  contentType: string
  body: string
  etag?: string
}

interface AnswerMeta {
  dataVersion: number
  updating: boolean
  release?: string | undefined
}

/** The question an answer is to, whatever the data version and the day. */
const lastKey = (key: Record<string, unknown>) => JSON.stringify({ ...key, data: null, day: null })

export function createAnswerCache(size: number) {
  const cache = new Lru<Cached>(size)
  /** Network staff's last answer to each question, whatever its data version: served while an import's refresh runs. */
  const lastAnswers = new Lru<Cached & { dataVersion: number }>(size)

  /**
   * Runs a cacheable computation: ETag from the data version and the normalised request. What it
   * reads is up to date already: a release, or facts the caller has settled (`placement`).
   */
  async function answer(
    key: unknown,
    ifNoneMatch: string | string[] | undefined,
    produce: () => Promise<Cached>,
    meta: AnswerMeta,
  ): Promise<Answer> {
    const cacheKey = JSON.stringify(key)
    let hit = cache.get(cacheKey)
    const etag = hit?.etag ?? `W/"${digest(cacheKey)}"`
    if (matchesEtag(ifNoneMatch, etag)) return { etag, notModified: true, contentType: '', body: '', ...meta }
    if (!hit) {
      hit = { ...(await produce()), etag }
      cache.set(cacheKey, hit)
    }
    return { etag, notModified: false, contentType: hit.contentType, body: hit.body, ...meta }
  }

  return {
    answer,

    /** Whether the answer to `key` is cached. */
    has: (key: unknown) => cache.get(JSON.stringify(key)) !== undefined,

    /** `answer`, keeping what it produces as the last answer to the question (network staff). */
    answerKeepingLast(
      key: Record<string, unknown>,
      ifNoneMatch: string | string[] | undefined,
      produce: () => Promise<Cached>,
      meta: AnswerMeta,
    ): Promise<Answer> {
      return answer(
        key,
        ifNoneMatch,
        async () => {
          const made = await produce()
          const etag = `W/"${digest(JSON.stringify(key))}"`
          lastAnswers.set(lastKey(key), { ...made, etag, dataVersion: meta.dataVersion })
          return made
        },
        meta,
      )
    },

    /**
     * Network staff while an import's refresh is still running after the wait: the last answer to the
     * same question (its data version said), or, never asked before, the figures of the facts and cubes
     * as they stand (the pending rows not in them yet); neither cached as the current version's answer.
     */
    async whileUpdating(
      key: Record<string, unknown>,
      ifNoneMatch: string | string[] | undefined,
      produce: () => Promise<Cached>,
      dataVersion: number,
    ): Promise<Answer> {
      const last = lastAnswers.get(lastKey(key))
      const served = last ?? {
        ...(await produce()),
        etag: `W/"${digest(`${JSON.stringify(key)}|updating`)}"`,
        dataVersion,
      }
      const etag = served.etag!
      const meta = { etag, dataVersion: served.dataVersion, updating: true }
      if (matchesEtag(ifNoneMatch, etag)) return { ...meta, notModified: true, contentType: '', body: '' }
      return { ...meta, notModified: false, contentType: served.contentType, body: served.body }
    },

    clear() {
      cache.clear()
      lastAnswers.clear()
    },
  }
}
