/** ITU-T E.118: ICCIDs of telecommunication cards start with the major industry identifier 89. */
const TELECOM_PREFIX = '89';

/** Luhn (ISO/IEC 7812-1) over all digits, the last being the check digit. */
export function hasValidLuhnCheckDigit(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Why an ICCID (already 19–20 digits) fails the strict checks, or undefined when it passes. */
export function strictIccidProblem(iccid: string): string | undefined {
  if (!iccid.startsWith(TELECOM_PREFIX)) return `must start with ${TELECOM_PREFIX} (strict ICCID checks are on)`;
  if (!hasValidLuhnCheckDigit(iccid)) return 'has a wrong Luhn check digit (strict ICCID checks are on)';
  return undefined;
}
