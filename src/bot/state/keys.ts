/**
 * Where botbuilder's ConversationState and UserState keep a conversation and a user (their namespace is
 * empty, hence the final slash). One definition: the console, the status notices and the guards read the
 * same records the bot writes.
 */
export const conversationKey = (channelId: string, conversationId: string): string => `${channelId}/conversations/${conversationId}/`;
export const userKey = (channelId: string, userId: string): string => `${channelId}/users/${userId}/`;
