/** Where botbuilder's ConversationState keeps a conversation (its namespace is empty, hence the final slash). */
export function conversationKey(channelId: string, conversationId: string): string {
  return `${channelId}/conversations/${conversationId}/`;
}
