import type { Delivery } from '../../knowledge/schema/index.js';

/** Where the application flow is: form fields one by one, review, delivery, consent, submitted. */
export type ApplyStep = 'consent-profile' | 'field' | 'review' | 'delivery' | 'address' | 'consent' | 'submitted' | 'rating' | 'comment';

export interface ApplyState {
  step: ApplyStep;
  /** values the user typed or confirmed, by field id */
  values: Record<string, string | number>;
  /** the field being asked */
  field?: string;
  /** after "修改 X" during review: go back to review after this one field */
  editing?: boolean;
  delivery?: Delivery;
  address?: string;
  applicationId?: string;
  caseNo?: string;
  ratingCase?: string;
  ratingLevel?: string;
  /** fields filled from shared data: read back masked, since the citizen did not type them */
  fromShared?: string[];
}

/** the steps before anything is sent: values typed there can wait for the next 「现在申请」, and a correction of the case still changes what is applied for */
export const UNSENT: ReadonlySet<string> = new Set<ApplyStep>(['field', 'review', 'delivery', 'address', 'consent']);
