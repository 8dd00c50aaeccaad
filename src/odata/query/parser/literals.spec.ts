import {
  parseBinaryValue,
  parseDateTimeOffsetValue,
  parseDateValue,
  parseDurationValue,
  parseEnumValue,
  parseGuidValue,
  parseNumberValue,
  parseTimeOfDayValue,
} from './literals';

describe('literal values', () => {
  it.each<[string, string, number | string]>([
    ['0', 'Edm.Int32', 0],
    ['+42', 'Edm.Int32', 42],
    ['-2147483648', 'Edm.Int32', -2147483648],
    ['2147483648', 'Edm.Int64', 2147483648],
    ['-9223372036854775808', 'Edm.Int64', '-9223372036854775808'],
    ['9223372036854775808', 'Edm.Decimal', '9223372036854775808'],
    ['0.000000000000001', 'Edm.Decimal', 0.000000000000001],
    ['123456789.1234567', 'Edm.Decimal', '123456789.1234567'],
    ['1e-101', 'Edm.Double', 1e-101],
    ['1e400', 'Edm.Decimal', '1e400'],
  ])('number %s is %s %p', (text, type, value) => {
    expect(parseNumberValue(text)).toEqual({ type, value });
  });

  it.each(['42.', '.1', '1e', '+INF', '1,5', '--1'])('rejects the number %j', (text) => {
    expect(() => parseNumberValue(text, 3)).toThrow(/Invalid number .* at position 3/);
  });

  it('validates calendar dates, including leap years', () => {
    expect(parseDateValue('2000-02-29')).toBe('2000-02-29');
    expect(parseDateValue('-0004-02-29')).toBe('-0004-02-29');
    expect(() => parseDateValue('1900-02-29')).toThrow(/Invalid day/);
    expect(() => parseDateValue('2012-13-01')).toThrow(/Invalid month/);
    expect(() => parseDateValue('02012-01-01')).toThrow(/cannot start with 0/);
  });

  it('normalizes date-times and times of day', () => {
    expect(parseDateTimeOffsetValue('1972-06-30T23:59:60Z')).toBe('1972-06-30T23:59:60Z');
    expect(parseDateTimeOffsetValue('2012-09-03T14:53-03:30')).toBe('2012-09-03T14:53:00-03:30');
    expect(() => parseDateTimeOffsetValue('2012-09-03T14:53+24:00')).toThrow(/Invalid time zone offset/);
    expect(parseTimeOfDayValue('11:22:33.4444444')).toBe('11:22:33.4444444');
    expect(() => parseTimeOfDayValue('11:60')).toThrow(/Invalid minute/);
    expect(() => parseTimeOfDayValue('11:22:33.1234567890123')).toThrow(/Invalid time of day/);
  });

  it.each(['P', 'PT', 'P1DT', 'P1Y', 'P1M', '+P1D', 'P1.5D'])('rejects the duration %j', (text) => {
    expect(() => parseDurationValue(text)).toThrow(/Invalid duration/);
  });

  it('accepts day-time durations', () => {
    expect(parseDurationValue('-p6dt23h59m59.9999s')).toBe('-P6DT23H59M59.9999S');
    expect(parseDurationValue('PT0S')).toBe('PT0S');
  });

  it('checks GUIDs, enum values and base64url binaries', () => {
    expect(parseGuidValue('01234567-89AB-CDEF-0123-456789ABCDEF')).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(() => parseGuidValue('01234567-89ab-cdef-0123-456789abcde')).toThrow(/Invalid GUID/);
    expect(parseEnumValue('Solid,Yellow,+42')).toBe('Solid,Yellow,+42');
    expect(() => parseEnumValue('Solid,,Yellow', 10)).toThrow(/Invalid enumeration member "".* at position 16/);
    expect(parseBinaryValue('AQIDBA==')).toBe('AQIDBA==');
    expect(() => parseBinaryValue('AQI+')).toThrow(/Invalid base64url/);
  });
});
