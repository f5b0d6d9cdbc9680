import { useEffect, useState } from 'react';
import { endingClosesBranch } from '../../src/core/ending.js';
import { Composer } from './components/composer.js';
import { CrisisPanel } from './components/crisis-panel.js';
import { Menu, Plus } from './components/icons.js';
import { Sidebar } from './components/sidebar.js';
import { Thread, useFollow } from './components/thread.js';
import { useChat } from './use-chat.js';

export function App() {
  const chat = useChat();
  const { view, streaming, actions } = chat;
  const [menuOpen, setMenuOpen] = useState(false);
  const follow = useFollow();
  // biome-ignore lint/correctness/useExhaustiveDependencies: another conversation starts at its end
  useEffect(() => {
    follow.toEnd(true);
  }, [chat.currentId, view?.conversation.id]);
  const messages = view?.messages ?? [];
  const last = messages.at(-1);
  const ending = streaming ? null : (last?.ending ?? null);
  /** The assistant or the user ended this branch: its notice is in the thread, and no message box. */
  const closed = ending !== null && endingClosesBranch[ending.kind];
  const waiting = !streaming && last?.role === 'user' && last.ending === null;
  const title = view?.conversation.title ?? (chat.currentId === null ? 'New chat' : '');
  const empty = messages.length === 0 && !streaming;
  const maxChars = chat.info?.limits.messageChars ?? Number.POSITIVE_INFINITY;

  useEffect(() => {
    document.title = title ? `${title} · bailkit chat` : 'bailkit chat';
  }, [title]);

  // Escape closes the conversation list on a narrow window.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMenuOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const newChat = () => {
    setMenuOpen(false);
    actions.newChat();
  };

  return (
    <div className={`app${menuOpen ? ' menu-open' : ''}`}>
      <aside className="sidebar">
        <Sidebar
          conversations={chat.conversations}
          currentId={chat.currentId}
          onOpen={(id) => {
            setMenuOpen(false);
            actions.open(id);
          }}
          onNewChat={newChat}
          onClose={() => setMenuOpen(false)}
        />
      </aside>
      <button
        type="button"
        className="scrim"
        aria-label="Close conversations"
        tabIndex={-1}
        onClick={() => setMenuOpen(false)}
      />
      <main className="main">
        <header className="topbar">
          <button
            type="button"
            className="icon-button menu-button"
            aria-label="Show conversations"
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen(!menuOpen)}
          >
            <Menu />
          </button>
          <h1 className="title">{title}</h1>
          {chat.info && (
            <span className="model" title="The model answering in this chat">
              {chat.info.model.spec}
              {chat.info.model.simulated && <span className="tag warn">simulated</span>}
            </span>
          )}
          <button type="button" className="icon-button topbar-new" aria-label="New chat" onClick={newChat}>
            <Plus />
          </button>
        </header>
        <div className="thread" ref={follow.ref} onScroll={follow.onScroll}>
          {empty ? (
            <div className="welcome">
              <h2>How can I help?</h2>
              <p>
                In rare cases of persistent abuse this assistant may end a conversation. If it does, you can
                still edit an earlier message to continue from there, or start a new chat at any time.
              </p>
            </div>
          ) : (
            <Thread
              messages={messages}
              streaming={streaming}
              busy={chat.busy}
              actions={actions}
              followKey={`${chat.crisisText !== null}:${ending?.id ?? ''}`}
              follow={follow}
              maxChars={maxChars}
            />
          )}
        </div>
        <div className="bottom">
          {chat.crisisText && <CrisisPanel text={chat.crisisText} />}
          {chat.error && (
            <div className="error-banner" role="alert">
              <span>{chat.error}</span>
              <button type="button" className="button ghost" onClick={actions.dismissError}>
                Dismiss
              </button>
            </div>
          )}
          {closed ? null : waiting && view?.generating ? (
            <p className="waiting" role="status">
              The assistant is still answering…
            </p>
          ) : waiting && last ? (
            <div className="waiting" role="status">
              <span>This message has no reply yet.</span>
              <button type="button" className="button secondary" onClick={() => void actions.reply(last.id)}>
                Get a reply
              </button>
            </div>
          ) : (
            <Composer
              onSend={(text) => void actions.send(text)}
              onStop={streaming && !streaming.lost ? () => void actions.stop() : null}
              disabled={chat.busy}
              maxChars={maxChars}
            />
          )}
        </div>
      </main>
    </div>
  );
}
