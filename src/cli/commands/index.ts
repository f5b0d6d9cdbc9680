import type { Command } from '../command.js';
import { auditCommand } from './audit.js';
import { benchCommand } from './bench.js';
import { chatCommand } from './chat.js';
import { datasetsCommand } from './datasets.js';
import { policyCommand } from './policy.js';
import { reportCommand } from './report.js';
import { serveSimCommand } from './serve-sim.js';
import { wordingsCommand } from './wordings.js';

/**
 * Every `bailkit` command, in the order help lists them. A command module stays thin: it parses
 * options and calls the same exported functions a library user calls.
 */
// biome-ignore lint/suspicious/noExplicitAny: commands differ in their option tables
export const commands: Command<any>[] = [
  benchCommand,
  datasetsCommand,
  wordingsCommand,
  reportCommand,
  serveSimCommand,
  auditCommand,
  policyCommand,
  chatCommand,
];
