import type { ZxcvbnFactory } from '@zxcvbn-ts/core'
import { Invalid } from './errors.js'

/**
 * zxcvbn's score (0–4) a password needs: 3, "safely unguessable" (about 10^8 guesses online and
 * 10^10 offline), what zxcvbn's authors advise for accounts that guard personal data.
 */
export const minimumPasswordScore = 3

let estimator: Promise<ZxcvbnFactory> | undefined

/**
 * Loaded and built on first use: the French and English dictionaries are 16 MB of heap, which an
 * API that sets no password after it starts (most of them: passwords are set at account creation
 * and changes) would otherwise keep for nothing (docs/benchmarks.md, "The API at rest on PGlite").
 */
function strengthEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en, fr] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-fr'),
    ])
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    })
  })()
  return estimator
}

/**
 * zxcvbn's estimate of a password's strength (0 to 4), given what an attacker would try first: the
 * account's e-mail and name, and the product's own words.
 */
export async function passwordScore(password: string, userInputs: readonly string[] = []): Promise<number> {
  const words = userInputs.flatMap((s) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((s) => s.length >= 3)
  // zxcvbn's cost grows with the length; beyond 100 characters the first 100 decide.
  const result = (await strengthEstimator()).check(password.slice(0, 100), [
    ...words,
    'trajectoires',
    'plombiers',
    'numerique',
  ])
  return result.score
}

/**
 * Refuses a password a guesser would find (`validation_failed`, field issue `weak_password`), such
 * as `password1234`, `aaaaaaaaaaaa` or twelve spaces, however long it is.
 */
export async function assertStrongPassword(
  password: string,
  field: string,
  userInputs: readonly string[] = [],
): Promise<void> {
  if ((await passwordScore(password, userInputs)) >= minimumPasswordScore) return
  throw Invalid([
    {
      field,
      code: 'weak_password',
      message:
        'is too easy to guess (a common word, name, date, repetition or keyboard sequence): use a passphrase of several unrelated words, or a generated password',
    },
  ])
}
