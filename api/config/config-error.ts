/** A setting that cannot work; start-up stops with this message, which says what to change. */
export class ConfigError extends Error {}
