/**
 * LISTEN on one PostgreSQL channel over a dedicated connection (outside the pool, which hands its
 * connections to whoever asks). The subscription reports whether it is live: a caller may trust
 * that it has heard every notification only while `connected` is true, and must re-read whatever
 * it tracks when it becomes true again (notifications sent while it was down are lost).
 */
import type { PGlite } from '@electric-sql/pglite'
import type { Client } from 'pg'

export interface ListenHandlers {
  onNotify(payload: string): void
  /** Called with true once LISTEN is in place (again), with false as soon as the connection is lost. */
  onState(connected: boolean): void
}

export interface ChannelListener {
  readonly connected: boolean
  /** The PostgreSQL backend listening (undefined on PGlite or while disconnected), for diagnostics. */
  readonly backendPid?: number | undefined
  close(): Promise<void>
}

export interface PostgresListenOptions {
  /** First wait before reconnecting (ms); doubles up to `maxRetryMs`. */
  retryMs?: number
  maxRetryMs?: number
  /** A round trip on the connection this often (ms), so that a silently dead link is noticed. */
  heartbeatMs?: number
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`

export function listenPostgres(
  connectionString: string,
  channel: string,
  handlers: ListenHandlers,
  options: PostgresListenOptions = {},
): ChannelListener {
  const retryMs = options.retryMs ?? 1000
  const maxRetryMs = options.maxRetryMs ?? 5000
  const heartbeatMs = options.heartbeatMs ?? 5000
  let connected = false
  let closed = false
  let wait = retryMs
  let client: Client | undefined
  let retryTimer: NodeJS.Timeout | undefined
  let heartbeat: NodeJS.Timeout | undefined

  const setState = (on: boolean) => {
    if (connected === on) return
    connected = on
    handlers.onState(on)
  }

  const lost = (which: Client) => {
    if (which !== client) return
    client = undefined
    clearInterval(heartbeat)
    setState(false)
    which.removeAllListeners('notification')
    which.on('error', () => {})
    void which.end().catch(() => {})
    if (closed) return
    retryTimer = setTimeout(() => void connect(), wait)
    retryTimer.unref()
    wait = Math.min(wait * 2, maxRetryMs)
  }

  async function connect() {
    const { default: pg } = await import('pg')
    const c = new pg.Client({
      connectionString,
      keepAlive: true,
      // A heartbeat that gets no answer in time counts as a lost connection.
      query_timeout: heartbeatMs,
      application_name: 'trajectoires-listener',
    })
    client = c
    c.on('error', () => lost(c))
    c.on('end', () => lost(c))
    c.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotify(message.payload ?? '')
    })
    try {
      await c.connect()
      await c.query(`LISTEN ${quoteIdent(channel)}`)
    } catch {
      lost(c)
      return
    }
    if (closed || client !== c) {
      void c.end().catch(() => {})
      return
    }
    wait = retryMs
    heartbeat = setInterval(() => {
      c.query('select 1').catch(() => lost(c))
    }, heartbeatMs)
    heartbeat.unref()
    setState(true)
  }

  void connect()

  return {
    get connected() {
      return connected
    },
    get backendPid() {
      return connected ? (client as unknown as { processID?: number } | undefined)?.processID : undefined
    },
    async close() {
      closed = true
      clearTimeout(retryTimer)
      clearInterval(heartbeat)
      const c = client
      client = undefined
      setState(false)
      if (c) await c.end().catch(() => {})
    },
  }
}

/**
 * PGlite is one in-process database: every write goes through this very client, and it hands out
 * the notifications of a statement before that statement's promise resolves.
 */
export async function listenPglite(
  client: PGlite,
  channel: string,
  handlers: ListenHandlers,
): Promise<ChannelListener> {
  const unlisten = await client.listen(channel, (payload) => handlers.onNotify(payload))
  let connected = true
  handlers.onState(true)
  return {
    get connected() {
      return connected
    },
    async close() {
      if (!connected) return
      connected = false
      handlers.onState(false)
      await unlisten().catch(() => {})
    },
  }
}
