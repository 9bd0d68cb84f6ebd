import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as en from '@zxcvbn-ts/language-en'
import * as fr from '@zxcvbn-ts/language-fr'
import { Invalid } from './errors.js'

/**
 * zxcvbn's score (0–4) a password needs: 3, "safely unguessable" (about 10^8 guesses online and
 * 10^10 offline), what zxcvbn's authors advise for accounts that guard personal data.
 */
export const minimumPasswordScore = 3

let estimator: ZxcvbnFactory | undefined

/** Built on first use: the French and English dictionaries take a moment to load. */
function strengthEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  })
  return estimator
}

/**
 * zxcvbn's estimate of a password's strength (0 to 4), given what an attacker would try first: the
 * account's e-mail and name, and the product's own words.
 */
export function passwordScore(password: string, userInputs: readonly string[] = []): number {
  const words = userInputs.flatMap((s) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((s) => s.length >= 3)
  // zxcvbn's cost grows with the length; beyond 100 characters the first 100 decide.
  const result = strengthEstimator().check(password.slice(0, 100), [...words, 'trajectoires', 'plombiers', 'numerique'])
  return result.score
}

/**
 * Refuses a password a guesser would find (`validation_failed`, field issue `weak_password`), such
 * as `password1234`, `aaaaaaaaaaaa` or twelve spaces, however long it is.
 */
export function assertStrongPassword(password: string, field: string, userInputs: readonly string[] = []): void {
  if (passwordScore(password, userInputs) >= minimumPasswordScore) return
  throw Invalid([
    {
      field,
      code: 'weak_password',
      message:
        'is too easy to guess (a common word, name, date, repetition or keyboard sequence): use a passphrase of several unrelated words, or a generated password',
    },
  ])
}
