import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { as, call, createKey, createTestApp, freshDatabase, type TestContext } from './helpers.js'

let t: TestContext
beforeAll(async () => {
  t = await createTestApp({ corsOrigins: ['https://partner.example'] })
})
afterAll(() => t.close())

describe('every route declares who may call it', () => {
  it('refuses to start with a route that declares no access', async () => {
    const { database, drop } = await freshDatabase()
    try {
      const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '' }), database)
      expect(() => app.get('/api/v1/secrets', async () => 'all of them')).toThrow(
        /GET \/api\/v1\/secrets declares no access/,
      )
      expect(() =>
        app.get('/api/v1/typo', { config: { access: { allow: ['network_boss' as 'network_admin'] } } }, async () => ''),
      ).toThrow(/unknown role or scope network_boss/)
      await app.close()
    } finally {
      await drop()
    }
  })

  it('publishes the security schemes and, on each operation, its requirement and who may call it', async () => {
    const doc = (await call(t.app, { method: 'GET', url: '/api/openapi.json' })).data
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'session'])
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'trj_session' })
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p as object)) as Array<{
      operationId: string
      security?: unknown[]
      description: string
      responses: Record<string, unknown>
    }>
    for (const op of operations) {
      expect(op.security, op.operationId).toEqual(expect.any(Array))
      expect(op.description, op.operationId).toMatch(/\*\*Access:\*\* /)
      expect(op.responses['429'], op.operationId).toBeDefined()
    }
    const cohorts = doc.paths['/api/v1/cohorts'].get
    expect(cohorts.security).toEqual([{ session: [] }, { apiKey: ['records:read'] }])
    expect(cohorts.description).toMatch(/campus_staff \(their campuses only\); or an API key with `records:read`/)
    expect(cohorts.responses['401']).toBeDefined()
    expect(cohorts.responses['403']).toBeDefined()
    expect(doc.paths['/api/v1/users'].post.security).toEqual([{ session: [] }])
    expect(doc.paths['/healthz'].get.security).toEqual([])
  })
})

describe('security headers and CORS', () => {
  it('sends a content security policy and the usual hardening headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/campuses' })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toMatch(/default-src 'self'/)
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    expect(csp).toMatch(/object-src 'none'/)
    expect(csp).toMatch(/frame-ancestors 'none'/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' })
    expect(docs.headers['content-security-policy']).toBe(csp)
  })

  it('answers CORS for the configured origins only', async () => {
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/cohorts',
      headers: {
        origin: 'https://partner.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    })
    expect(preflight.statusCode).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('https://partner.example')
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/authorization/)
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined()
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/v1/campuses',
      headers: { origin: 'https://evil.example' },
    })
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('Idempotency-Key belongs to its caller', () => {
  it('does not replay one caller’s answer to another using the same key', async () => {
    const campus = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/campuses',
      payload: { name: 'Plombiers du numérique Chelles', inseeCode: '77108', status: 'open' },
    })
    const learner = {
      campusId: campus.data.id,
      reference: 'IDEM-1',
      birthYear: 2000,
      sex: 'female',
      diplomaAtEntry: 'none',
      referrer: 'self',
    }
    const post = (caller: Parameters<typeof call>[0]) =>
      call(caller, {
        method: 'POST',
        url: '/api/v1/learners',
        headers: { 'idempotency-key': 'shared-key' },
        payload: learner,
      })
    const first = await post(t.admin)
    expect(first.statusCode).toBe(201)
    expect((await post(t.admin)).headers['idempotent-replayed']).toBe('true')
    // The same key from a partner's script is its own: the request runs (and meets the learner already there).
    const key = await createKey(t.admin, { scopes: ['enrolments:write'] })
    const other = await post(as(t.app, key.headers))
    expect(other.headers['idempotent-replayed']).toBeUndefined()
    expect(other.statusCode).toBe(409)
  })
})

describe('pnpm admin:create', () => {
  it('creates an administrator and prints a generated password once', async () => {
    const { spawn } = await import('node:child_process')
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/admin-create.ts',
        '--email',
        'First.Admin@Example.org',
        '--name',
        'First Admin',
        '--generate',
      ],
      {
        cwd: new URL('..', import.meta.url).pathname,
        env: { ...process.env, DATA_DIR: 'memory://', DATABASE_URL: '', ADMIN_PASSWORD: '', PASSWORD_HASH_COST: '10' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code, output).toBe(0)
    expect(output).toMatch(/Created network administrator first\.admin@example\.org/)
    expect(output).toMatch(/Generated password \(shown once, store it now\): [A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}/)
  })

  it('refuses a password a guesser would find', async () => {
    const { spawn } = await import('node:child_process')
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/admin-create.ts', '--email', 'weak.admin@example.org', '--name', 'Weak Admin'],
      {
        cwd: new URL('..', import.meta.url).pathname,
        env: {
          ...process.env,
          DATA_DIR: 'memory://',
          DATABASE_URL: '',
          ADMIN_PASSWORD: 'password1234',
          PASSWORD_HASH_COST: '10',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code, output).toBe(65)
    expect(output).toMatch(/Refused: The password is too easy to guess/)
  })
})
