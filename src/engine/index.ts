/** The situation engine: pure functions over the knowledge and a user's answers. No I/O. */
export { compiledBundle, UnknownBundleError } from './bundle.js';
export { nextQuestion, pendingQuestions, possibleQuestions, askedQuestions, effectiveAnswers, findQuestion, answerLabel } from './questions.js';
export { applicableItems, situation, type Situation } from './items.js';
export { buildChecklist, isoToday, UNCONFIRMED, windowOf, type Checklist, type ChecklistOptions } from './checklist.js';
export { FORM_LABEL, type MaterialLine } from './materials.js';
export type { ChargeLine, ChargeSummary, PayerTotal } from './charges.js';
export { possibleCharges } from './charges.js';
export { yuanText, trimNumber } from './format.js';
export { planTime, promisedText, type TimePlan, type Wait } from './time.js';
export { buildForm, type MergedForm, type FormField, type Profile } from './form.js';
export { answerFaq, type FaqOptions } from './faq.js';
export { blockingFor, type BlockingOptions } from './blocking.js';
export { reductionReport, verifyCount, type Reduction } from './report.js';
export { unreachable, randomSituation, randomAnswer, candidateNumbers, rng, type Unreached } from './reach.js';
export * from './validate/index.js';
export { carriedAnswers, carriedValues } from './links.js';
export { feeOnlyQuestions, openQuestions, nextOpenQuestion, otherPartyOpen, partyOf, partiesOf, cautiousAnswer, cautiousLines, checklistDiff, type PlanOptions } from './plan.js';
export { documentTemplatesFor, fillDocuments, MERGED_FORM_DOCUMENT, documentText, type FilledDocument, type Segment } from './documents.js';
