import type { XmlFields } from './xml.js';

/** What an incoming message asks of the adapter. */
export type Inbound = { kind: 'text'; text: string } | { kind: 'greet' } | { kind: 'reply'; text: string } | { kind: 'none' };

export const VOICE_UNREADABLE = '抱歉，暂时无法识别语音。请直接打字告诉我您要办什么事，比如「我要卖房，要准备什么？」';
export const UNSUPPORTED = '目前我只能看懂文字和语音消息。请打字告诉我您要办什么事，或点下方菜单选择事项。';

/** Menu keys: `BUNDLE_<id>` opens a bundle, PROGRESS and HELP ask what the bot already understands. */
export const MENU_TEXT: Record<string, string> = { PROGRESS: '我的申请到哪了', HELP: '帮助' };

export function toInbound(msg: XmlFields, bundleName: (id: string) => string | undefined): Inbound {
  switch (msg.MsgType) {
    case 'text':
      return { kind: 'text', text: msg.Content ?? '' };
    case 'voice': {
      const said = (msg.Recognition ?? '').trim().replace(/[。．.！!]+$/, '');
      return said ? { kind: 'text', text: said } : { kind: 'reply', text: VOICE_UNREADABLE };
    }
    case 'event':
      return eventInbound(msg, bundleName);
    default:
      return { kind: 'reply', text: UNSUPPORTED };
  }
}

function eventInbound(msg: XmlFields, bundleName: (id: string) => string | undefined): Inbound {
  const event = (msg.Event ?? '').toLowerCase();
  if (event === 'subscribe') return { kind: 'greet' };
  if (event !== 'click') return { kind: 'none' }; // unsubscribe, VIEW, SCAN, LOCATION, enter_agent: nothing to say
  const key = msg.EventKey ?? '';
  const fixed = MENU_TEXT[key];
  if (fixed) return { kind: 'text', text: fixed };
  const name = key.startsWith('BUNDLE_') ? bundleName(key.slice('BUNDLE_'.length)) : undefined;
  return name ? { kind: 'text', text: name } : { kind: 'reply', text: '这个菜单项暂时不可用，请直接打字告诉我您要办什么事。' };
}

/**
 * WeChat retries carry the same MsgId; events have none, so time + event identify them. A MsgId is unique
 * only within one account's messages from one user: the key is (account, openid, id), so another user or
 * account sending the same MsgId never gets the first one's stored reply.
 */
export function dedupeKey(msg: XmlFields): string {
  const id = msg.MsgId ? `m${msg.MsgId}` : `e${msg.CreateTime ?? ''}:${msg.Event ?? ''}`;
  return [msg.ToUserName ?? '', msg.FromUserName ?? '', id].map(encodeURIComponent).join('/');
}
