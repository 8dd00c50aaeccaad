import { hasValidLuhnCheckDigit, strictIccidProblem } from './iccid';

describe('ICCID checks', () => {
  it.each(['8944500102198304826', '89014103211118510720', '79927398713'])('accepts the valid Luhn number %s', (digits) => {
    expect(hasValidLuhnCheckDigit(digits)).toBe(true);
  });

  it.each(['8944500102198304827', '89014103211118510721', '79927398710'])('rejects the wrong check digit in %s', (digits) => {
    expect(hasValidLuhnCheckDigit(digits)).toBe(false);
  });

  it('requires the telecom prefix 89 in strict mode', () => {
    expect(strictIccidProblem('1944500102198304820')).toMatch(/must start with 89/);
  });

  it('passes a real-world ICCID', () => {
    expect(strictIccidProblem('8944500102198304826')).toBeUndefined();
  });
});
