/**
 * The fields of a partial update (PATCH) that the request gives, as they are: a field left out
 * keeps its stored value, `null` is a value.
 */
export function givenFields<T extends object, K extends keyof T>(
  input: T,
  keys: readonly K[],
): { [P in K]?: Exclude<T[P], undefined> } {
  const fields: { [P in K]?: Exclude<T[P], undefined> } = {}
  for (const key of keys) {
    const value = input[key]
    if (value !== undefined) fields[key] = value as Exclude<T[K], undefined>
  }
  return fields
}
