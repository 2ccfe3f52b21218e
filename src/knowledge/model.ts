import type { Expr } from './expr/index.js';
import type { Bundle, BundleId, Charge, Department, DocumentTemplate, Field, Item, Material, MaterialNeed, Question } from './schema/index.js';

/** A condition kept with its source text, so explanations can quote it. */
export interface Cond {
  src: string;
  expr: Expr;
}

export interface CompiledNeed extends MaterialNeed {
  cond?: Cond;
  /** the catalogue's `shared.when` of the material */
  sharedCond?: Cond;
  /** this need's own `shared.when`, which narrows it */
  needSharedCond?: Cond;
}
export interface CompiledCharge {
  charge: Charge;
  cond?: Cond;
  /** absent for an unpriced rule (`charge.unpriced` says how it is priced) */
  amount?: Expr;
}
export interface CompiledItem {
  item: Item;
  /** the bundle's condition for including the item */
  cond?: Cond;
  needs: CompiledNeed[];
  fields: { field: Field; cond?: Cond }[];
  charges: CompiledCharge[];
}
export interface CompiledQuestion extends Question {
  cond?: Cond;
}

/** A bundle with every expression parsed and checked against its own questions. */
export interface CompiledBundle {
  bundle: Bundle;
  questions: CompiledQuestion[];
  items: CompiledItem[];
  notes: { text: string; cond?: Cond }[];
  faq: (Bundle['faq'][number] & { cond?: Cond })[];
  related: (Bundle['related'][number] & { cond?: Cond })[];
  blocks: (Bundle['blocks'][number] & { cond?: Cond })[];
}

export interface Knowledge {
  root: string;
  departments: Map<string, Department>;
  materials: Map<string, Material>;
  fields: Map<string, Field>;
  charges: Map<string, Charge>;
  items: Map<string, Item>;
  /** documents filled in from the merged form (knowledge/documents) */
  documents: Map<string, DocumentTemplate>;
  bundles: Map<BundleId, Bundle>;
  dialogs: Map<BundleId, { bundle: BundleId; questions: Question[] }>;
  compiled: Map<BundleId, CompiledBundle>;
  /** file each entity came from, for messages */
  origin: Map<string, string>;
}
