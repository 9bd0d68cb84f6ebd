import { AppError } from './errors.js'

/** The `charset` parameter of a Content-Type, lower-cased and unquoted; undefined without one. */
function charsetOf(contentType: string | string[] | undefined): string | undefined {
  const value = Array.isArray(contentType) ? contentType[0] : contentType
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(value ?? '')
  return match ? match[1]!.toLowerCase() : undefined
}

/**
 * The encoding a body declares with `charset`, as the WHATWG Encoding Standard names it (`utf-8`,
 * `windows-1252` for `iso-8859-1` and `latin1`...); undefined without a charset. A charset this
 * server cannot decode is a 415: read as UTF-8, its text would be stored garbled.
 */
export function declaredEncoding(contentType: string | string[] | undefined): string | undefined {
  const charset = charsetOf(contentType)
  if (charset === undefined) return undefined
  try {
    // `replacement` is the Standard's name for encodings refused as unsafe (ISO-2022-KR...).
    const encoding = new TextDecoder(charset).encoding
    if (encoding !== 'replacement') return encoding
  } catch {
    // An unknown label: refused below.
  }
  throw new AppError(
    415,
    'unsupported_media_type',
    `charset=${charset.slice(0, 40)} is not an encoding this API reads: send the body in UTF-8 (charset=utf-8, or no charset).`,
  )
}
