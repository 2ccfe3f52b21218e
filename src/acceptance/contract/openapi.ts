import { z } from 'zod';
import { Application } from './application.js';
import { CaseView, ErrorBody, FollowUp, FollowUpUpdate, RateResponse, RatingInput, SubmitResponse, Task, TaskUpdate } from './case.js';
import { body, json, ok, pathParam, queryParam, SIGNED, STAFF, type Json } from './openapi-parts.js';

/** The acceptance platform's contract (docs/backend-contract.md), which the reference backend implements. */
export function backendOpenApi(): Json {
  const error = (d: string) => ({ description: d, content: json(ErrorBody) });
  const caseNo = pathParam('caseNo', '受理编号');
  return {
    openapi: '3.1.0',
    info: {
      title: '一件事一次办 · acceptance platform contract',
      version: '1',
      description:
        'Submission of merged applications, case progress, rating, shared data and the staff API. Every /v1 route is signed (HMAC) or staff-authenticated.',
    },
    paths: {
      '/healthz': {
        get: {
          summary: 'Liveness (unsigned)',
          responses: { 200: { description: 'alive', content: { 'application/json': { schema: { type: 'object', properties: { ok: { const: true } } } } } } },
        },
      },
      '/v1/applications': {
        post: {
          summary: 'Submit a merged application (Idempotency-Key: a replay returns the first case)',
          security: SIGNED,
          requestBody: body(Application),
          responses: {
            201: ok('accepted: a case with one task per department', SubmitResponse),
            200: ok('a replay of an accepted application', SubmitResponse),
            400: error('invalid application'),
            401: error('bad signature'),
          },
        },
      },
      '/v1/cases': {
        get: {
          summary: "An applicant's cases",
          security: SIGNED,
          parameters: [queryParam('channel', 'channel kind', true), queryParam('userId', 'channel user id', true)],
          responses: { 200: ok('cases', z.object({ cases: z.array(CaseView) })), 400: error('missing query') },
        },
      },
      '/v1/cases/{caseNo}': {
        get: { summary: 'One case', security: SIGNED, parameters: [caseNo], responses: { 200: ok('the case', CaseView), 404: error('no such case') } },
      },
      '/v1/cases/{caseNo}/rating': {
        post: {
          summary: '好差评 of a finished case',
          security: SIGNED,
          parameters: [caseNo],
          requestBody: body(RatingInput),
          responses: { 200: ok('rated', RateResponse), 409: error('case not finished or already rated') },
        },
      },
      '/v1/shared-data/persons/{id}': {
        get: {
          summary: 'A person in shared data (ID number)',
          security: SIGNED,
          parameters: [pathParam('id', '身份证号')],
          responses: { 200: { description: 'the record' }, 404: error('no record') },
        },
      },
      '/v1/shared-data/companies/{id}': {
        get: {
          summary: 'A company in shared data (统一社会信用代码)',
          security: SIGNED,
          parameters: [pathParam('id', '统一社会信用代码')],
          responses: { 200: { description: 'the record' }, 404: error('no record') },
        },
      },
      '/v1/staff/tasks': {
        get: {
          summary: "Departments' tasks",
          security: STAFF,
          parameters: [queryParam('department', 'department id'), queryParam('status', 'task status'), queryParam('caseNo', '受理编号')],
          responses: { 200: ok('tasks', z.object({ tasks: z.array(z.looseObject(Task.shape)) })), 401: error('no staff token') },
        },
      },
      '/v1/staff/cases/{caseNo}': {
        get: {
          summary: 'A whole case with its application',
          security: STAFF,
          parameters: [caseNo],
          responses: { 200: { description: 'the case' }, 404: error('no such case') },
        },
      },
      '/v1/staff/tasks/{taskId}': {
        patch: {
          summary: 'A department changes its task',
          security: STAFF,
          parameters: [pathParam('taskId', 'task id')],
          requestBody: body(TaskUpdate),
          responses: { 200: { description: 'changed; the bot is told by webhook' }, 400: error('invalid change'), 404: error('no such task') },
        },
      },
      '/v1/staff/follow-ups': {
        get: { summary: '差评 follow-ups', security: STAFF, responses: { 200: ok('follow-ups', z.object({ followUps: z.array(FollowUp) })) } },
      },
      '/v1/staff/follow-ups/{id}': {
        patch: {
          summary: 'Answer or close a follow-up',
          security: STAFF,
          parameters: [pathParam('id', 'follow-up id')],
          requestBody: body(FollowUpUpdate),
          responses: { 200: { description: 'changed' }, 400: error('invalid change'), 404: error('no such follow-up') },
        },
      },
    },
    components: {
      securitySchemes: {
        hmac: { type: 'apiKey', in: 'header', name: 'x-signature', description: 'HMAC-SHA256 with x-timestamp (docs/backend-contract.md)' },
        staff: { type: 'http', scheme: 'bearer', description: 'STAFF_TOKEN' },
      },
    },
  };
}
