/**
 * What the application flow needs from the outside, as interfaces: the server wires the outbox, the
 * backend client and the shared-data provider in (src/acceptance; apps/backend's sample register when
 * no shared-data service is set). Only types cross the layer line.
 */
import type { ApplicationInput } from '../../acceptance/contract/application.js';
import type { CaseView, RateResponse, RatingLevel } from '../../acceptance/contract/case.js';
import type { PersonRecord, CompanyRecord } from '../../acceptance/contract/shared-data.js';

export type { ApplicationInput, CaseView, RateResponse, RatingLevel, PersonRecord, CompanyRecord };

export type SubmitOutcome =
  | { state: 'delivered'; caseNo: string; case?: CaseView }
  | { state: 'queued'; reason: string }
  | { state: 'rejected'; message: string; status: number };

/** the application itself fails the contract (told to the user, who corrects the form); any other error is an outage */
export class InvalidApplicationError extends Error {
  override name = 'InvalidApplicationError';
}

export interface SubmissionPort {
  submitNow(app: ApplicationInput, timeoutMs?: number): Promise<SubmitOutcome>;
}

export interface CasePort {
  getCase(caseNo: string): Promise<CaseView | null>;
  listCases(channelKind: string, userId: string): Promise<CaseView[]>;
  rate(caseNo: string, rating: { level: RatingLevel; comment?: string }): Promise<RateResponse>;
}

export interface SharedDataPort {
  lookupPerson(idNumber: string): Promise<PersonRecord | null>;
  lookupCompany(uscc: string): Promise<CompanyRecord | null>;
}
