/**
 * The typed event catalog: an event is declared once with `defineEvent<Payload>(name)`
 * in the module that owns it, listed in that module's manifest, and both
 * `publishEvent` and `defineJob` take the declaration (never a bare name), so a
 * publisher and its subscribers cannot disagree on the name or the payload.
 */
export type EventPayload = Record<string, unknown>;

declare const payloadType: unique symbol;

export type EventDefinition<TData extends EventPayload = EventPayload> = {
  readonly name: string;
  /** Type-level only: the payload this event carries. */
  readonly [payloadType]?: TData;
};

export type PayloadOf<E> = E extends EventDefinition<infer TData> ? TData : never;

/** Event names are `<module>/<what happened>` (e.g. `crm/import.requested`). */
const EVENT_NAME = /^[a-z][a-z0-9-]*\/[a-z0-9][a-z0-9._-]*$/;

export function defineEvent<TData extends EventPayload = Record<string, never>>(name: string): EventDefinition<TData> {
  if (!EVENT_NAME.test(name)) throw new Error(`event name "${name}" must look like "<module>/<entity>.<verb>" in lower case`);
  return { name };
}
