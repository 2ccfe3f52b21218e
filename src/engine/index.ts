/** The situation engine: pure functions over the knowledge and a user's answers. No I/O. */
export { compiledBundle } from './bundle.js';
export { nextQuestion, possibleQuestions, askedQuestions, effectiveAnswers, findQuestion, answerLabel } from './questions.js';
export { applicableItems, situation } from './items.js';
export { buildChecklist, isoToday, UNCONFIRMED, type Checklist } from './checklist.js';
export type { MaterialLine } from './materials.js';
export { possibleCharges } from './charges.js';
export { planTime, promisedText, type Wait } from './time.js';
export { buildForm, withParties, missingOrder, type MergedForm, type FormField } from './form.js';
export { answerFaq } from './faq.js';
export { blockingFor } from './blocking.js';
export { reductionReport, verifyCount } from './report.js';
export { unreachable, randomSituation, randomAnswer, candidateNumbers, rng } from './reach.js';
export * from './validate/index.js';
export { carriedAnswers, carriedValues } from './links.js';
export { feeOnlyQuestions, openQuestions, otherPartyOpen, partiesOf, cautiousAnswer, cautiousLines, checklistDiff, type PlanOptions } from './plan.js';
export { documentTemplatesFor, fillDocuments, MERGED_FORM_DOCUMENT, documentText, type FilledDocument, type Segment } from './documents.js';
