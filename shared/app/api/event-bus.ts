import type { ApiEvents, EventName } from './contract';

/** An event as a name/payload pair; checking the name narrows the payload. */
export type EventArgs = { [E in EventName]: [name: E, payload: ApiEvents[E]] }[EventName];

/** A listener for every event, as adapters forward them. */
export type AnyEventListener = (...args: EventArgs) => void;

/**
 * A tiny typed emitter for `ApiEvents`: handlers emit, adapters forward.
 */
export interface EventBus {
  emit<E extends EventName>(name: E, payload: ApiEvents[E]): void;
  onAny(listener: AnyEventListener): () => void;
}

/** Creates an `EventBus`; a throwing listener never stops the others. */
export function createEventBus(): EventBus {
  const listeners = new Set<AnyEventListener>();
  return {
    emit(name, payload) {
      for (const listener of listeners) {
        try {
          listener(...([name, payload] as EventArgs));
        } catch {
          // A broken subscriber (a closed window, a gone SSE client) must not break the core.
        }
      }
    },
    onAny(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
