export { BackendClient, type BackendClientOptions } from './backend-client.js';
export { Outbox, type OutboxEntry, type OutboxOptions, type OutboxState, type DeliveredInfo, type Submitter } from './outbox.js';
export { verifyWebhook, type WebhookCheck } from './webhook-receiver.js';
export { ApiError } from './contract/errors.js';
