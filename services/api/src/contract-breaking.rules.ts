/**
 * Breaking changes between two OpenAPI 3.1 documents, as pure functions: what a client written
 * against the base contract could see fail against the head one.
 *
 * Responses may only grow more precise (a client reads them): no removed operation, status, media
 * type or property, no property becoming optional or nullable, no new type, no enum value removed.
 * Requests may only grow more lenient (a client writes them): no new required property or
 * parameter, no removed property or parameter (bodies and query strings refuse unknown ones), no
 * narrower type or enum, no stricter constraint.
 */

type Json = Record<string, unknown>

export interface BreakingChange {
  /** The operationId, or `METHOD path` for an operation without one. */
  operation: string
  method: string
  path: string
  rule: string
  /** Where in the operation: `response 200 application/json /items/0/name`, `query cursor`… */
  where: string
  message: string
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/** Constraints a request may not tighten: `min` ones may not rise, `max` ones may not fall. */
const lowerBounds = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const
const upperBounds = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const

interface Side {
  doc: Json
}

function resolve(side: Side, schema: unknown, seen = 0): Json | undefined {
  if (!schema || typeof schema !== 'object') return undefined
  const s = schema as Json
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#/') && seen < 20) {
    const target = s.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (node, key) => (node as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        side.doc,
      )
    return resolve(side, target, seen + 1)
  }
  return s
}

/** The branches of a union (`anyOf`/`oneOf`), or the schema itself. */
function branches(side: Side, schema: Json): Json[] {
  const list = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined
  if (!Array.isArray(list)) return [schema]
  return list.flatMap((b) => {
    const r = resolve(side, b)
    return r ? branches(side, r) : []
  })
}

/** The JSON types a schema admits; undefined when it admits anything (no `type` anywhere). */
function typesOf(side: Side, schema: Json): Set<string> | undefined {
  const types = new Set<string>()
  for (const b of branches(side, schema)) {
    if (b.type === undefined) {
      if (b.const === null || (Array.isArray(b.enum) && b.enum.every((v) => v === null))) types.add('null')
      else if (Array.isArray(b.enum) && b.enum.every((v) => typeof v === 'string')) types.add('string')
      else return undefined
    } else for (const t of Array.isArray(b.type) ? b.type : [b.type]) types.add(String(t))
  }
  return types
}

/** The non-null branch of `T | null`, or the schema when it is not such a union. */
function unwrapped(side: Side, schema: Json): Json | undefined {
  const all = branches(side, schema)
  const others = all.filter((b) => !(b.type === 'null' || b.const === null))
  if (others.length === 1) return others[0]
  return all.length === 1 ? all[0] : undefined
}

const covers = (wide: Set<string>, narrow: Set<string>) =>
  [...narrow].every((t) => wide.has(t) || (t === 'integer' && wide.has('number')))

type Direction = 'request' | 'response'

interface Context {
  base: Side
  head: Side
  report: (rule: string, where: string, message: string) => void
  seen: Set<string>
}

/** Compares two schemas in one direction, reporting what a client could see break. */
function compareSchemas(ctx: Context, direction: Direction, baseRaw: unknown, headRaw: unknown, where: string) {
  // Recursive schemas come back through references: compare a pair of references once.
  const baseRef = (baseRaw as Json | undefined)?.$ref
  const headRef = (headRaw as Json | undefined)?.$ref
  if (typeof baseRef === 'string' && typeof headRef === 'string') {
    const key = `${direction}|${baseRef}|${headRef}`
    if (ctx.seen.has(key)) return
    ctx.seen.add(key)
  }
  const base = resolve(ctx.base, baseRaw)
  const head = resolve(ctx.head, headRaw)
  if (!base || !head) return
  const at = where || '/'

  const baseTypes = typesOf(ctx.base, base)
  const headTypes = typesOf(ctx.head, head)
  if (direction === 'response') {
    if (baseTypes && !headTypes) ctx.report('type_changed', at, 'may now be of any type')
    else if (baseTypes && headTypes && !covers(baseTypes, headTypes)) {
      const added = [...headTypes].filter((t) => !covers(baseTypes, new Set([t])))
      if (added.length === 1 && added[0] === 'null') ctx.report('became_nullable', at, 'may now be null')
      else ctx.report('type_changed', at, `type ${[...baseTypes].join('|')} became ${[...headTypes].join('|')}`)
    }
  } else if (headTypes && (!baseTypes || !covers(headTypes, baseTypes))) {
    ctx.report(
      'type_changed',
      at,
      `type ${baseTypes ? [...baseTypes].join('|') : 'any'} became ${[...headTypes].join('|')}`,
    )
  }

  const b = unwrapped(ctx.base, base)
  const h = unwrapped(ctx.head, head)
  if (!b || !h) return

  // Enums: a response may not lose a value (the brief's rule); a request may not lose one either.
  const baseEnum = Array.isArray(b.enum) ? b.enum : b.const !== undefined ? [b.const] : undefined
  const headEnum = Array.isArray(h.enum) ? h.enum : h.const !== undefined ? [h.const] : undefined
  if (baseEnum && headEnum) {
    const removed = baseEnum.filter((v) => !headEnum.some((w) => JSON.stringify(w) === JSON.stringify(v)))
    if (removed.length)
      ctx.report(
        direction === 'response' ? 'enum_value_removed' : 'enum_narrowed',
        at,
        `no longer ${direction === 'response' ? 'returns' : 'accepts'} ${removed.map((v) => JSON.stringify(v)).join(', ')}`,
      )
  } else if (direction === 'request' && !baseEnum && headEnum) {
    ctx.report('enum_narrowed', at, `now accepts only ${headEnum.map((v) => JSON.stringify(v)).join(', ')}`)
  }

  if (direction === 'request') {
    for (const k of lowerBounds) {
      const was = b[k] as number | undefined
      const now = h[k] as number | undefined
      if (now !== undefined && (was === undefined || now > was))
        ctx.report('stricter_constraint', at, `${k} ${was ?? 'none'} → ${now}`)
    }
    for (const k of upperBounds) {
      const was = b[k] as number | undefined
      const now = h[k] as number | undefined
      if (now !== undefined && (was === undefined || now < was))
        ctx.report('stricter_constraint', at, `${k} ${was ?? 'none'} → ${now}`)
    }
    for (const k of ['pattern', 'format', 'multipleOf'] as const) {
      if (h[k] !== undefined && h[k] !== b[k])
        ctx.report('stricter_constraint', at, `${k} ${JSON.stringify(b[k] ?? null)} → ${JSON.stringify(h[k])}`)
    }
    if (h.uniqueItems === true && b.uniqueItems !== true) ctx.report('stricter_constraint', at, 'uniqueItems added')
    if (h.additionalProperties === false && b.additionalProperties !== false && (b.type === 'object' || b.properties))
      ctx.report('stricter_constraint', at, 'additional properties are now refused')
  }

  // Objects.
  const bProps = (b.properties ?? {}) as Json
  const hProps = (h.properties ?? {}) as Json
  const bRequired = new Set((b.required ?? []) as string[])
  const hRequired = new Set((h.required ?? []) as string[])
  for (const name of Object.keys(bProps)) {
    const child = `${where}/${name}`
    if (!(name in hProps)) {
      if (direction === 'response') ctx.report('property_removed', child, 'property removed from the response')
      else if (h.additionalProperties === false)
        ctx.report('property_removed', child, 'no longer accepted (unknown properties are refused)')
      continue
    }
    if (direction === 'response' && bRequired.has(name) && !hRequired.has(name))
      ctx.report('became_optional', child, 'may now be absent')
    if (direction === 'request' && !bRequired.has(name) && hRequired.has(name))
      ctx.report('new_required', child, 'is now required')
    compareSchemas(ctx, direction, bProps[name], hProps[name], child)
  }
  if (direction === 'request') {
    for (const name of Object.keys(hProps)) {
      if (!(name in bProps) && hRequired.has(name))
        ctx.report('new_required', `${where}/${name}`, 'new required property')
    }
  }
  if (b.items && h.items) compareSchemas(ctx, direction, b.items, h.items, `${where}/items`)
  if (b.additionalProperties && h.additionalProperties && typeof b.additionalProperties === 'object')
    compareSchemas(ctx, direction, b.additionalProperties, h.additionalProperties, `${where}/*`)
}

interface Parameter {
  name: string
  in: string
  required?: boolean
  schema?: unknown
}

function parametersOf(side: Side, pathItem: Json, op: Json): Map<string, Parameter> {
  const all = [...((pathItem.parameters ?? []) as unknown[]), ...((op.parameters ?? []) as unknown[])]
  const map = new Map<string, Parameter>()
  for (const p of all) {
    const r = resolve(side, p) as Parameter | undefined
    if (r) map.set(`${r.in} ${r.in === 'header' ? r.name.toLowerCase() : r.name}`, r)
  }
  return map
}

const mediaOf = (side: Side, holder: unknown): Record<string, Json> =>
  (resolve(side, holder)?.content ?? {}) as Record<string, Json>

/** Every breaking change from `base` to `head`. */
export function breakingChanges(baseDoc: Json, headDoc: Json): BreakingChange[] {
  const base: Side = { doc: baseDoc }
  const head: Side = { doc: headDoc }
  const changes: BreakingChange[] = []
  const basePaths = (baseDoc.paths ?? {}) as Record<string, Json>
  const headPaths = (headDoc.paths ?? {}) as Record<string, Json>

  for (const [path, baseItem] of Object.entries(basePaths)) {
    const headItem = headPaths[path]
    for (const method of methods) {
      const baseOp = baseItem[method] as Json | undefined
      if (!baseOp) continue
      const operation = typeof baseOp.operationId === 'string' ? baseOp.operationId : `${method.toUpperCase()} ${path}`
      const report = (rule: string, where: string, message: string) =>
        changes.push({ operation, method: method.toUpperCase(), path, rule, where, message })
      const headOp = headItem?.[method] as Json | undefined
      if (!headOp) {
        report(headItem ? 'operation_removed' : 'path_removed', '', `${method.toUpperCase()} ${path} was removed`)
        continue
      }
      const ctx: Context = { base, head, report, seen: new Set() }

      // Parameters.
      const baseParams = parametersOf(base, baseItem, baseOp)
      const headParams = parametersOf(head, headItem!, headOp)
      for (const [key, p] of baseParams) {
        const h = headParams.get(key)
        if (!h) {
          if (p.in !== 'header') report('parameter_removed', key, 'no longer accepted')
          continue
        }
        if (!p.required && h.required) report('new_required', key, 'is now required')
        compareSchemas(ctx, 'request', p.schema, h.schema, key)
      }
      for (const [key, h] of headParams) {
        if (!baseParams.has(key) && h.required) report('new_required', key, 'new required parameter')
      }

      // Request body.
      const baseBody = resolve(base, baseOp.requestBody)
      const headBody = resolve(head, headOp.requestBody)
      if (headBody?.required && !baseBody?.required)
        report('new_required', 'request body', 'a request body is now required')
      if (baseBody && headBody) {
        const hMedia = mediaOf(head, headBody)
        for (const [type, media] of Object.entries(mediaOf(base, baseBody))) {
          if (!hMedia[type]) report('media_type_removed', `request ${type}`, 'no longer accepted')
          else compareSchemas(ctx, 'request', media.schema, hMedia[type]!.schema, `request ${type} `)
        }
      }

      // Responses: successful ones (errors are problem+json, added by one hook).
      const baseResponses = (baseOp.responses ?? {}) as Record<string, unknown>
      const headResponses = (headOp.responses ?? {}) as Record<string, unknown>
      for (const [status, baseResponse] of Object.entries(baseResponses)) {
        if (!/^[23]/.test(status)) continue
        const headResponse = headResponses[status]
        if (!headResponse) {
          report('response_removed', `response ${status}`, `status ${status} is no longer returned`)
          continue
        }
        const hMedia = mediaOf(head, headResponse)
        for (const [type, media] of Object.entries(mediaOf(base, baseResponse))) {
          if (!hMedia[type]) report('media_type_removed', `response ${status} ${type}`, 'no longer returned')
          else compareSchemas(ctx, 'response', media.schema, hMedia[type]!.schema, `response ${status} ${type} `)
        }
      }
    }
  }
  return changes
}

/** A `Breaking: <operationId or path> — reason` line of the Unreleased section. */
export interface IntendedBreak {
  name: string
  reason: string
}

/** The breaking changes CHANGELOG.md's Unreleased section names as intended. */
export function intendedBreaks(changelog: string): IntendedBreak[] {
  const lines = changelog.split(/\r?\n/)
  const start = lines.findIndex((l) => /^##\s+\[?unreleased\]?/i.test(l.trim()))
  if (start < 0) return []
  const found: IntendedBreak[] = []
  for (const line of lines.slice(start + 1)) {
    if (/^##\s/.test(line)) break
    const m = /^\s*(?:[-*]\s+)?Breaking:\s*`?([^\s`]+(?:\s+\/[^\s`]*)?)`?\s+[—–-]+\s+(\S.*)$/.exec(line)
    if (m) found.push({ name: m[1]!, reason: m[2]!.trim() })
  }
  return found
}

/** Whether a change is named by an intended break: its operationId, its path, or `METHOD path`. */
export function isIntended(change: BreakingChange, intended: IntendedBreak[]): boolean {
  return intended.some(
    (i) => i.name === change.operation || i.name === change.path || i.name === `${change.method} ${change.path}`,
  )
}
