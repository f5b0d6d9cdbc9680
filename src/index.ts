/**
 * bailkit's library entry: everything a user needs, face by face. Each face has its own entry
 * too, for an app that wants only one: `bailkit/core` (conversation trees, endings, the
 * end-conversation policy, bail methods; zod only), `bailkit/providers`, `bailkit/store`,
 * `bailkit/bench`, `bailkit/chat`, `bailkit/server`, `bailkit/audit`, `bailkit/policy`.
 */

export * from './audit/index.js';
export * from './bench/index.js';
export * from './core/index.js';
export * from './policy/index.js';
export * from './providers/index.js';
export * from './providers/simulated/index.js';
export * from './providers/simulated/server/index.js';
