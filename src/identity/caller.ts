/** Who is calling: for now only the tenant; the identity issue adds the app, user and permissions. */
export interface Caller {
  readonly tenantId: string;
}

/**
 * Until bearer tokens are verified, every request runs as this one tenant. Data is tenant-scoped from
 * day one, so turning identity on changes who the caller is, not how data is stored.
 */
export const DEFAULT_TENANT_ID = '00000000-0000-0000-0000-000000000001';
