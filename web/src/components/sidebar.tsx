import type { ApiConversationSummary } from '../../../src/server/api-types.js';
import { Plus } from './icons.js';

const endedTag: Record<string, string> = {
  model_ended: 'ended',
  user_ended: 'ended',
  safety_interrupted: 'filtered',
  generation_failed: 'failed',
  truncated: 'cut off',
};

export function Sidebar({
  conversations,
  currentId,
  onOpen,
  onNewChat,
  onClose,
}: {
  conversations: ApiConversationSummary[];
  currentId: string | null;
  onOpen: (id: string) => void;
  onNewChat: () => void;
  /** Closes the list where it slides in over the chat (narrow windows). */
  onClose: () => void;
}) {
  return (
    <nav className="sidebar-inner" aria-label="Conversations">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          b
        </span>
        <span>bailkit chat</span>
        <button
          type="button"
          className="icon-button drawer-close"
          aria-label="Close conversations"
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <button type="button" className="button new-chat" onClick={onNewChat}>
        <Plus />
        <span>New chat</span>
      </button>
      <h2 className="sidebar-heading">Conversations</h2>
      {conversations.length === 0 ? (
        <p className="muted sidebar-empty">Your conversations will appear here.</p>
      ) : (
        <ul className="conversation-list">
          {conversations.map((conversation) => (
            <li key={conversation.id}>
              <a
                href={`/c/${encodeURIComponent(conversation.id)}`}
                aria-current={conversation.id === currentId ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  onOpen(conversation.id);
                }}
              >
                <span className="conversation-title">
                  {conversation.title?.trim() ? conversation.title : 'New conversation'}
                </span>
                {conversation.endedKind && <span className="tag">{endedTag[conversation.endedKind]}</span>}
              </a>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
