import type { Command } from '../nlu/commands.js';
import { eraseReply } from '../nlu/replies.js';
import type { Reply } from './reply.js';
import type { ConversationData, UserData } from './types.js';
import { newConversation, newUser } from './types.js';

/** What 删除我的信息 reaches beyond this conversation's own state: the 转人工 requests kept for the console. */
export interface PrivacyDeps {
  forgetHandovers?: (channel: string, conversationId: string) => Promise<number>;
}

export const isPrivacyCommand = (cmd: Command | null): boolean => cmd?.kind === 'erase' || cmd?.kind === 'withdraw';

const YES = '是，删除';
const NO = '否，保留';

/** The answer to the erase question: its own buttons, or any plain yes / no (是, 否, 1, 2). */
export function eraseAnswer(text: string, plain: (t: string) => boolean | undefined): boolean | undefined {
  return eraseReply(text, YES, NO) ?? plain(text.trim());
}

/** 删除我的信息: nothing is erased without a yes, and the citizen hears first what stays and why. */
export function askErase(conv: ConversationData, user: UserData): Reply[] {
  conv.confirm = { kind: 'erase' };
  const kept = user.cases.length > 0 ? `已提交的申请（${user.cases.map((c) => c.caseNo).join('、')}）由受理平台按其规定保存，不在这里删除。` : '';
  return [
    {
      text: `删除后，本次对话的回答、清单、申请表、对话记录、转人工记录和保存的个人资料都会清除，无法恢复。${kept}确定删除吗？\n1. ${YES}\n2. ${NO}`,
      actions: [YES, NO],
    },
  ];
}

/**
 * The yes: everything this service holds about the citizen in this conversation goes — the state of the
 * conversation (answers, cases put aside, transcript, unseen notices, the application), the user's
 * profile and consent, and the conversation's 转人工 requests. Only the channel address stays, so the
 * reply can be sent. Submitted cases are the acceptance platform's records (its own retention rules):
 * their 受理编号 are told once, so the citizen can still ask 12345 about them.
 */
export async function erase(deps: PrivacyDeps, conv: ConversationData, user: UserData): Promise<Reply[]> {
  const caseNos = user.cases.map((c) => c.caseNo);
  const reference = conv.reference;
  const id = reference?.conversation?.id;
  if (id && reference?.channelId) await deps.forgetHandovers?.(reference.channelId, id);
  for (const key of Object.keys(conv)) delete (conv as unknown as Record<string, unknown>)[key];
  Object.assign(conv, newConversation(), reference ? { reference } : {});
  for (const key of Object.keys(user)) delete (user as unknown as Record<string, unknown>)[key];
  Object.assign(user, newUser());
  const cases = caseNos.length > 0 ? `已提交的申请由受理平台按其规定保存，受理编号：${caseNos.join('、')}，请自行记下，可拨打 12345 凭编号查询。` : '';
  return [{ text: `已删除您在这里的回答、申请表、对话记录、转人工记录和保存的个人资料。${cases}如需办事，直接告诉我即可，会从头开始。` }];
}

export function keptAll(): Reply[] {
  return [{ text: '好的，没有删除，您的信息都还保留着。' }];
}

/** 撤回同意: the saved profile is deleted and never used to prefill again, until a new 同意并记住. */
export function withdrawConsent(user: UserData): Reply[] {
  user.profile = {};
  user.profileConsent = false;
  user.consentWithdrawnAt = new Date().toISOString();
  return [{ text: '已撤回您的同意：保存的个人资料已删除，以后填表不再自动带入，需要时请重新填写。' }];
}
