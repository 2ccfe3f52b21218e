import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';

/**
 * For channels nobody listens on between turns (the terminal, the console, a WeChat account without
 * an AppSecret): a notice runs as a turn like any other, so the conversation's state is loaded and
 * saved, but sending fails, and the bot keeps what it wanted to say for the user's next message.
 */
export class OfflineAdapter extends BotAdapter {
  override async sendActivities(_context: TurnContext, _activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    throw new Error('这个通道不能主动发消息');
  }

  override async updateActivity(): Promise<void> {
    throw new Error('这个通道不能修改已发的消息');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('这个通道不能撤回消息');
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'notice' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
