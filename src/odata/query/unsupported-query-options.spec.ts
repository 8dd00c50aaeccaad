import { AppError } from '../../common/app-error';
import { rejectUnsupportedQueryOptions } from './unsupported-query-options';

describe('rejectUnsupportedQueryOptions', () => {
  it.each(['$filter', '$TOP', 'top', 'Select', '$apply', '$whatever'])('answers %s with notImplemented', (option) => {
    expect(() => rejectUnsupportedQueryOptions({ [option]: '1' })).toThrow(AppError);
    expect(() => rejectUnsupportedQueryOptions({ [option]: '1' })).toThrow(/not supported/);
  });

  it('lets custom options and supported ones through', () => {
    expect(() => rejectUnsupportedQueryOptions({ tracking: 'x', $top: '1' }, new Set(['top']))).not.toThrow();
  });
});
