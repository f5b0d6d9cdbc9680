/**
 * The store's schema as numbered migrations. A migration is never edited once released: a change
 * is a new entry at the end. `runMigrations` applies the pending ones when a store opens.
 *
 * The tree rules live in the schema as well as in code, so that no writer (an older build, a
 * script, a second process) can break them:
 * - a message's parent exists and is in the same conversation (trigger);
 * - nothing is inserted below a message whose ending closes the branch (trigger; see
 *   `endingClosesBranch`: before version 2, below any ending);
 * - an ending goes on a message with no replies, at most one per message (trigger, UNIQUE);
 * - a message never moves, and is deleted only with its conversation (triggers).
 *
 * Each append writes the messages table, two indexes and the conversation row; the parent rule
 * is a trigger rather than a self-referencing foreign key because that key would need a third
 * index, and with it one more page written per append.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const roleList = `'system', 'user', 'assistant', 'tool'`;

/** Raises unless `column` names a message of `NEW.conversation_id`. */
const sameConversation = (column: string, what: string) => `
  SELECT RAISE(ABORT, 'bailkit: ${what} must be a message of the same conversation')
   WHERE NEW.${column} IS NOT NULL
     AND (SELECT conversation_id FROM messages WHERE id = NEW.${column}) IS NOT NEW.conversation_id;`;

const initial = `
CREATE TABLE conversations (
  id TEXT PRIMARY KEY NOT NULL,
  owner_id TEXT NOT NULL,
  title TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  active_leaf_id TEXT
);
CREATE INDEX conversations_by_owner ON conversations (owner_id);

CREATE TABLE messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  parent_id TEXT,
  -- The parent's seq as well as its id: a path is walked through the table's own key.
  parent_seq INTEGER,
  role TEXT NOT NULL CHECK (role IN (${roleList})),
  content TEXT NOT NULL CHECK (json_valid(content)),
  metadata TEXT NOT NULL CHECK (json_valid(metadata)),
  created_at INTEGER NOT NULL,
  CHECK ((parent_id IS NULL) = (parent_seq IS NULL))
);
-- Children in order (sibling "i of n", newest leaf), roots, and the cascade from conversations.
CREATE INDEX messages_by_parent ON messages (conversation_id, parent_id, seq);

CREATE TABLE policy_decisions (
  id TEXT PRIMARY KEY NOT NULL,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  message_id TEXT NOT NULL REFERENCES messages (id),
  outcome TEXT NOT NULL CHECK (outcome IN ('honoured', 'refused')),
  rule TEXT NOT NULL,
  request_trigger TEXT NOT NULL CHECK (request_trigger IN ('assistant', 'user_request')),
  reasons TEXT NOT NULL CHECK (json_valid(reasons)),
  instruction TEXT,
  show_crisis_resources INTEGER NOT NULL CHECK (show_crisis_resources IN (0, 1)),
  requested_reason TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX policy_decisions_by_conversation ON policy_decisions (conversation_id, created_at);
CREATE INDEX policy_decisions_by_message ON policy_decisions (message_id);

CREATE TABLE endings (
  id TEXT PRIMARY KEY NOT NULL,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  node_id TEXT NOT NULL UNIQUE REFERENCES messages (id),
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  reason TEXT,
  decision_id TEXT REFERENCES policy_decisions (id),
  created_at INTEGER NOT NULL,
  -- Only a policy decision can say the model chose to leave.
  CHECK (kind <> 'model_ended' OR decision_id IS NOT NULL),
  CHECK (
    (kind = 'model_ended' AND source = 'end_conversation_tool')
    OR (kind = 'user_ended' AND source IN ('user', 'end_conversation_tool'))
    OR (kind = 'safety_interrupted' AND source IN ('provider_content_filter', 'provider_refusal'))
    OR (kind = 'generation_failed' AND source IN ('transport', 'server'))
    OR (kind = 'truncated' AND source = 'provider_length')
  )
);
CREATE INDEX endings_by_conversation ON endings (conversation_id, created_at);
CREATE INDEX endings_by_decision ON endings (decision_id);

CREATE TABLE feedback (
  id TEXT PRIMARY KEY NOT NULL,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('rating', 'ending')),
  message_id TEXT REFERENCES messages (id),
  ending_id TEXT REFERENCES endings (id),
  rating TEXT CHECK (rating IN ('good', 'bad')),
  text TEXT,
  created_at INTEGER NOT NULL,
  CHECK (
    (kind = 'rating' AND message_id IS NOT NULL AND rating IS NOT NULL AND ending_id IS NULL)
    OR (kind = 'ending' AND ending_id IS NOT NULL AND text IS NOT NULL AND rating IS NULL AND message_id IS NULL)
  )
);
CREATE INDEX feedback_by_conversation ON feedback (conversation_id, created_at);
CREATE INDEX feedback_by_message ON feedback (message_id);
CREATE INDEX feedback_by_ending ON feedback (ending_id);

CREATE TRIGGER messages_parent_rules BEFORE INSERT ON messages
WHEN NEW.parent_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'bailkit: a parent must be a message of the same conversation')
   WHERE NOT EXISTS (
     SELECT 1 FROM messages
      WHERE seq = NEW.parent_seq AND id = NEW.parent_id AND conversation_id = NEW.conversation_id
   );
  SELECT RAISE(ABORT, 'bailkit: nothing can be added below a message that has an ending')
   WHERE EXISTS (SELECT 1 FROM endings WHERE node_id = NEW.parent_id);
END;

CREATE TRIGGER messages_stay_in_place BEFORE UPDATE OF seq, id, conversation_id, parent_id, parent_seq ON messages
BEGIN
  SELECT RAISE(ABORT, 'bailkit: a message cannot move to another parent or conversation');
END;

-- During a conversation's cascade the conversation row is already gone, so this lets it through.
CREATE TRIGGER messages_deleted_with_conversation BEFORE DELETE ON messages
WHEN EXISTS (SELECT 1 FROM conversations WHERE id = OLD.conversation_id)
BEGIN
  SELECT RAISE(ABORT, 'bailkit: a message is deleted only with its conversation');
END;

CREATE TRIGGER endings_rules BEFORE INSERT ON endings
BEGIN
  ${sameConversation('node_id', 'the message an ending is on')}
  SELECT RAISE(ABORT, 'bailkit: an ending can only be attached to a message with no replies')
   WHERE EXISTS (SELECT 1 FROM messages WHERE conversation_id = NEW.conversation_id AND parent_id = NEW.node_id);
  SELECT RAISE(ABORT, 'bailkit: an ending can only cite a decision of the same conversation')
   WHERE NEW.decision_id IS NOT NULL
     AND (SELECT conversation_id FROM policy_decisions WHERE id = NEW.decision_id) IS NOT NEW.conversation_id;
END;

CREATE TRIGGER endings_stay_in_place BEFORE UPDATE OF node_id, conversation_id ON endings
BEGIN
  SELECT RAISE(ABORT, 'bailkit: an ending cannot move to another message');
END;

CREATE TRIGGER policy_decisions_rules BEFORE INSERT ON policy_decisions
BEGIN
  ${sameConversation('message_id', 'the message a decision is about')}
END;

CREATE TRIGGER feedback_rules BEFORE INSERT ON feedback
BEGIN
  ${sameConversation('message_id', 'a rated message')}
  SELECT RAISE(ABORT, 'bailkit: feedback must be about an ending of the same conversation')
   WHERE NEW.ending_id IS NOT NULL
     AND (SELECT conversation_id FROM endings WHERE id = NEW.ending_id) IS NOT NEW.conversation_id;
END;
`;

// A reply stopped by a filter, the length limit or a failure no longer closes its branch: the
// user can write below it. The kinds are spelled out, as a released migration never changes.
const onlyChosenEndingsClose = `
DROP TRIGGER messages_parent_rules;
CREATE TRIGGER messages_parent_rules BEFORE INSERT ON messages
WHEN NEW.parent_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'bailkit: a parent must be a message of the same conversation')
   WHERE NOT EXISTS (
     SELECT 1 FROM messages
      WHERE seq = NEW.parent_seq AND id = NEW.parent_id AND conversation_id = NEW.conversation_id
   );
  SELECT RAISE(ABORT, 'bailkit: nothing can be added below a message whose ending closed the conversation')
   WHERE EXISTS (
     SELECT 1 FROM endings WHERE node_id = NEW.parent_id AND kind IN ('model_ended', 'user_ended')
   );
END;
`;

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'only chosen endings close a branch', sql: onlyChosenEndingsClose },
];

export const latestSchemaVersion: number = migrations.at(-1)?.version ?? 0;

/** Written to the file header so that another application's SQLite file is never migrated. */
export const bailkitApplicationId = 0x62616b31; // "bak1"
