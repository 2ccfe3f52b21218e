import { WebhookEvent } from '../../acceptance/contract/webhook.js';
import { body, json, ok, SIGNED, type Json } from '../../acceptance/contract/openapi-parts.js';
import { BundlesResponse, ChecklistRequest, ChecklistResponse, ErrorResponse, HealthResponse, ParseRequest, ReadyResponse, ParseResponse } from './bot-api.js';

/** The bot server's HTTP API (served at /api/openapi.json). */
export function botServerOpenApi(): Json {
  const error = (d: string) => ({ description: d, content: json(ErrorResponse) });
  return {
    openapi: '3.1.0',
    info: {
      title: '一件事一次办 导办助手 · bot server',
      version: '1',
      description:
        "The JSON API over the knowledge, the engine and the understanding, the Bot Framework endpoint, the acceptance backend's webhook, health and metrics.",
    },
    paths: {
      '/healthz': { get: { summary: 'Liveness, with the bundle count and memory', responses: { 200: ok('alive', HealthResponse) } } },
      '/readyz': {
        get: {
          summary: 'Readiness: 503 while starting or draining',
          responses: { 200: ok('taking turns', ReadyResponse), 503: ok('starting or draining (Retry-After)', ReadyResponse) },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus counters (bearer METRICS_TOKEN when set)',
          responses: {
            200: { description: 'the Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } },
            401: error('METRICS_TOKEN set and not sent'),
          },
        },
      },
      '/api/bundles': { get: { summary: "The ten bundles in the work plan's order", responses: { 200: ok('the bundles', BundlesResponse) } } },
      '/api/nlu/parse': {
        post: {
          summary: 'What the understanding reads from one message',
          requestBody: body(ParseRequest),
          responses: {
            200: ok('the reading', ParseResponse),
            400: error('not JSON or no text'),
            413: error('body too large'),
            429: error('too many requests'),
          },
        },
      },
      '/api/checklist': {
        post: {
          summary: 'The merged checklist, the next question and the merged form for a bundle and answers',
          requestBody: body(ChecklistRequest),
          responses: {
            200: ok('checklist, next question, form', ChecklistResponse),
            400: error('unknown answer keys or wrong types, each named'),
            404: error('no such bundle'),
            429: error('too many requests'),
          },
        },
      },
      '/api/messages': {
        post: {
          summary: 'Bot Framework activities (JWT-checked with a Microsoft App ID; anonymous only for the Emulator on loopback)',
          externalDocs: { url: 'https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference' },
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['type'],
                  properties: { type: { type: 'string' }, text: { type: 'string' }, deliveryMode: { type: 'string' } },
                },
              },
            },
          },
          responses: {
            200: { description: 'taken; with deliveryMode "expectReplies" the replies are in the body' },
            400: error('not an activity'),
            401: error('not authenticated'),
            403: error('channel not allowed on this route'),
          },
        },
      },
      '/api/backend/events': {
        post: {
          summary: 'Signed status webhooks from the acceptance backend',
          security: SIGNED,
          requestBody: body(WebhookEvent),
          responses: { 200: { description: 'taken' }, 401: error('bad signature') },
        },
      },
      '/api/openapi.json': {
        get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
    },
    components: {
      securitySchemes: {
        hmac: { type: 'apiKey', in: 'header', name: 'x-signature', description: 'HMAC-SHA256 of timestamp, method, path and body (docs/backend-contract.md)' },
      },
    },
  };
}
