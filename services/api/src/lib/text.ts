import { Invalid } from './errors.js'

/** Lower-case and strip accents, so that "chalons" matches "Châlons-en-Champagne". */
export function searchKey(...parts: Array<string | null | undefined>): string {
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .toLowerCase()
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * A name as stored: trimmed, and refused (`validation_failed`, code `blank`) when nothing but
 * spaces was sent, which the schema's `minLength` lets through.
 */
export function nameOf(value: string, field: string): string {
  const name = value.trim()
  if (name === '') throw Invalid([{ field, code: 'blank', message: 'must not be only spaces' }])
  return name
}
