/** Who is calling, as established from a verified bearer token. */
export interface Caller {
  readonly tenantId: string;
  /** The client application (`azp` in v2 tokens, `appid` in v1). */
  readonly appId: string;
  /** Delegated scopes (`scp`) or application roles (`roles`). */
  readonly permissions: ReadonlySet<string>;
  /** True for an application token (app-only, `roles`), false for a delegated user token. */
  readonly isApp: boolean;
}
