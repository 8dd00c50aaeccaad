/** ITU-T E.118: ICCIDs of telecommunication cards start with the major industry identifier 89. */
const TELECOM_PREFIX = '89';

/** The Luhn (ISO/IEC 7812-1) check digit that completes `payload`. */
export function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let digit = payload.charCodeAt(payload.length - 1 - i) - 48;
    // Counting from the right of the payload, every first, third… digit is doubled (the check digit follows).
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether the last digit is the Luhn check digit of the ones before it. */
export function hasValidLuhnCheckDigit(digits: string): boolean {
  return digits.length > 1 && luhnCheckDigit(digits.slice(0, -1)) === digits[digits.length - 1];
}

/** Why an ICCID (already 19–20 digits) fails the strict checks, or undefined when it passes. */
export function strictIccidProblem(iccid: string): string | undefined {
  if (!iccid.startsWith(TELECOM_PREFIX)) return `must start with ${TELECOM_PREFIX} (strict ICCID checks are on)`;
  if (!hasValidLuhnCheckDigit(iccid)) return 'has a wrong Luhn check digit (strict ICCID checks are on)';
  return undefined;
}
