/**
 * Token administration (admin token only). A token is named by its id, `tok_` + the first 16 hex
 * digits of the sha256 core stores (the same id `GET /v1/whoami` reports); the token itself is
 * shown once, when created or rotated.
 *
 * - `GET /v1/tokens[?tenant=ID]` -> `TokenList`
 * - `POST /v1/tokens` `CreateTokenRequest` -> 201 `CreatedToken`
 * - `POST /v1/tokens/{id}/rotate` -> 201 `CreatedToken` (a new token for the same owner; the old
 *   one is revoked at once)
 * - `DELETE /v1/tokens/{id}` -> 204 (revoked; the last admin token cannot be)
 */
export interface TokenInfo {
  readonly id: string;
  /** The tenant the token reaches; null for an admin token. */
  readonly tenantId: string | null;
  readonly createdAt: string;
}

export interface TokenList {
  readonly tokens: readonly TokenInfo[];
}

export interface CreateTokenRequest {
  /** The tenant the new token reaches; null for a new admin token. */
  readonly tenantId: string | null;
}

export interface CreatedToken extends TokenInfo {
  /** The token; core stores only its hash, so it is never shown again. */
  readonly token: string;
  /** On rotation: the id of the token it replaced (now revoked). */
  readonly replaced?: string;
}
