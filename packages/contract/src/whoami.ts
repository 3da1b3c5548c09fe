/**
 * `GET /v1/whoami`: who a bearer token is. A client that works for one tenant (e.g. `onboard
 * resume`) compares `tenantId` with the tenant it recorded before it writes anything.
 */
export type WhoAmI =
  | {
      readonly kind: 'tenant';
      /** The tenant the token reaches. */
      readonly tenantId: string;
      /** A stable, non-secret id of the token (derived from its stored hash). */
      readonly tokenId: string;
    }
  | { readonly kind: 'admin'; readonly tokenId: string };
