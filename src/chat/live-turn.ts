import type { ChatEvent, ChatEventListener } from './chat-event.js';

/** The abort reason of a turn the user stopped (a shutdown aborts with no reason of its own). */
export const stoppedByUser = 'stopped by the user';

/**
 * A turn while it runs: what it has reported so far and who else is listening. A page that was
 * reloaded, or a second tab, joins it with `watch` and gets the turn from its start (the text
 * deltas so far merged into one per kind and model call), then every event as it comes.
 */
export class LiveTurn {
  readonly ownerId: string;
  readonly conversationId: string;
  /** The node the model answers below. */
  readonly parentId: string;
  readonly controller = new AbortController();
  /** The nodes this turn stored so far: the page's leaf may be any of them. */
  readonly #nodeIds = new Set<string>();
  readonly #events: ChatEvent[] = [];
  readonly #watchers = new Set<{ onEvent: ChatEventListener; onEnd: () => void }>();

  constructor(ownerId: string, conversationId: string, parentId: string) {
    this.ownerId = ownerId;
    this.conversationId = conversationId;
    this.parentId = parentId;
  }

  /** Whether the model is answering below `nodeId` in this turn. */
  answers(nodeId: string): boolean {
    return nodeId === this.parentId || this.#nodeIds.has(nodeId);
  }

  record(event: ChatEvent): void {
    if (event.type === 'message' || event.type === 'user-message') this.#nodeIds.add(event.message.id);
    const last = this.#events.at(-1);
    if ((event.type === 'text-delta' || event.type === 'reasoning-delta') && last?.type === event.type) {
      this.#events[this.#events.length - 1] = { type: event.type, text: last.text + event.text };
    } else {
      this.#events.push(event);
    }
    for (const watcher of this.#watchers) watcher.onEvent(event);
  }

  /** Replays the turn so far into `onEvent`, then follows it; `onEnd` when it is over. */
  watch(onEvent: ChatEventListener, onEnd: () => void): () => void {
    for (const event of this.#events) onEvent(event);
    const watcher = { onEvent, onEnd };
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  end(): void {
    for (const watcher of this.#watchers) watcher.onEnd();
    this.#watchers.clear();
  }
}
