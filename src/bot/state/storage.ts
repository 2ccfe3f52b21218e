/**
 * The key-value store the bot keeps its state in, which the layers above src/bot (the outbox) persist to
 * as well. botbuilder's interface, named here so that they do not import botbuilder themselves: a move to
 * its successor changes this line, not them.
 */
export type { Storage } from 'botbuilder';
