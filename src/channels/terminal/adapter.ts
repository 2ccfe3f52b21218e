import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { randomUUID } from 'node:crypto';

/**
 * An in-process adapter: the terminal (or any caller) hands it a line of text and gets the bot's
 * replies back as activities. It only translates, so the bot behaves exactly as on other channels.
 */
export class InProcessAdapter extends BotAdapter {
  private outbox: Partial<Activity>[] = [];

  constructor(
    private readonly conversationId: string = `terminal-${randomUUID()}`,
    private readonly userId = 'terminal-user',
    private readonly channelId = 'terminal',
  ) {
    super();
  }

  private base(): Partial<Activity> {
    return {
      channelId: this.channelId,
      serviceUrl: 'inprocess://terminal',
      conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: this.userId, name: '用户' },
      recipient: { id: 'assistant', name: '导办助手' },
      timestamp: new Date(),
      locale: 'zh-CN',
    };
  }

  /** Runs one turn for `text` and returns what the bot sent. */
  async say(logic: (c: TurnContext) => Promise<void>, text: string): Promise<Partial<Activity>[]> {
    return this.turn(logic, { ...this.base(), type: ActivityTypes.Message, id: randomUUID(), text });
  }

  /** The greeting a channel shows when someone opens the chat. */
  async open(logic: (c: TurnContext) => Promise<void>): Promise<Partial<Activity>[]> {
    const b = this.base();
    return this.turn(logic, { ...b, type: ActivityTypes.ConversationUpdate, id: randomUUID(), membersAdded: [b.from!] });
  }

  private async turn(logic: (c: TurnContext) => Promise<void>, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    this.outbox = [];
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
    return this.outbox;
  }

  async sendActivities(_c: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.outbox.push(...activities.filter((a) => a.type === ActivityTypes.Message || a.type === undefined));
    return activities.map(() => ({ id: randomUUID() }));
  }

  async updateActivity(): Promise<ResourceResponse | undefined> {
    throw new Error('终端不支持修改已发送的消息');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('终端不支持撤回消息');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (c: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continue' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}

/** Plain text for a terminal: the message, then its choices numbered. */
export function renderForTerminal(a: Partial<Activity>): string {
  const actions = a.suggestedActions?.actions ?? [];
  const choices = actions.length > 0 ? `\n  [${actions.map((x, i) => `${i + 1}:${x.title}`).join('  ')}]` : '';
  return `${a.text ?? ''}${choices}`;
}
