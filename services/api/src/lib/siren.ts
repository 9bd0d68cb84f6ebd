/** A SIREN is 9 digits whose Luhn sum is a multiple of 10. */
export function isValidSiren(value: string): boolean {
  if (!/^[0-9]{9}$/.test(value)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) {
    let digit = Number(value[8 - i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}
