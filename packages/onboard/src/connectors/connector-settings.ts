/** Settings every connector receives, resolved once from `SourceOptions` by the registry. */
export interface ConnectorSettings {
  /** Timezone of naive timestamps (IANA name), checked. */
  readonly timeZone: string;
  /** Where warnings go (MySQL zero dates, unreadable values). */
  readonly warn: (message: string) => void;
}
