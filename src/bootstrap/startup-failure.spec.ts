import { describeStartupFailure } from './startup-failure';

const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('describeStartupFailure', () => {
  it('says that PostgreSQL cannot be reached, with where it tried, and points at DATABASE_URL', () => {
    expect(describeStartupFailure(failure('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.7:5432'), undefined)).toBe(
      'The database cannot be reached (connect ECONNREFUSED 10.0.0.7:5432): check DATABASE_URL and that PostgreSQL runs.',
    );
  });

  it('says that PostgreSQL refuses the login or knows no such database', () => {
    expect(describeStartupFailure(failure('28P01', 'password authentication failed for user "esim"'), undefined)).toBe(
      'PostgreSQL refuses the connection (password authentication failed for user "esim"): check DATABASE_URL.',
    );
    expect(describeStartupFailure(failure('3D000', 'database "esim" does not exist'), undefined)).toMatch(/^PostgreSQL refuses/);
  });

  it('gives the first line of anything else', () => {
    expect(describeStartupFailure(new Error('first\nsecond'), undefined)).toBe('first');
  });
});
