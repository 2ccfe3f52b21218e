import type { AnswerValue } from '../knowledge/expr/index.js';
import type { Question } from '../knowledge/schema/index.js';
import { extractDetailed, inRange, partiesOf, phrasesOf, subsumes, type Reading } from './answers.js';
import type { Found } from './entities.js';
import type { Vocab } from './vocab.js';
import { negatedAt } from './text.js';
import { placeOf, placeAnswer, type Places } from './places.js';

/**
 * Who a fact is about. The set comes from the dialogs' question ids (seller_*, buyer_*, deceased_*, dev_*)
 * and topics (代办 → agent); a question that names no party is about the applicant.
 */
export type Party = 'seller' | 'buyer' | 'applicant' | 'deceased' | 'child' | 'company' | 'agent';

/** One fact read from a sentence: the question it answers, the value, whose it is, and how sure the reading is. */
export interface Fact {
  question: string;
  value: AnswerValue;
  party: Party;
  /** calibrated on the facts table: among facts at 0.9, about nine in ten are right */
  confidence: number;
  /** at or above the threshold in knowledge/nlu/thresholds.yaml: recorded; else only offered */
  sure: boolean;
  /** the clause it was read from */
  text: string;
}

const PREFIX: Record<string, Party> = { seller: 'seller', buyer: 'buyer', deceased: 'deceased', child: 'child', dev: 'company', company: 'company' };

export function partyOf(q: Question): Party {
  const prefix = /^([a-z]+)_/.exec(q.id)?.[1];
  if (prefix && PREFIX[prefix]) return PREFIX[prefix];
  // 卖方当初买这套房花了多少钱？: a question put about one party is that party's, whatever its id
  const said = /^(卖方|买方)/.exec(q.text)?.[1];
  if (said) return said === '卖方' ? 'seller' : 'buyer';
  if (/(代办|委托)/.test(q.topic)) return 'agent';
  // a question whose subject is the one who died (逝者的户口在哪里？, 请节哀。逝者是在…) is about them
  if (/逝者/.test(q.topic) || /(^|。)逝者/.test(q.text)) return 'deceased';
  if (/(孩子|子女)/.test(q.topic)) return 'child';
  return 'applicant';
}

/** Clause boundaries: punctuation, ellipses, and a new subject starting mid-run in voice input (…买家要贷). */
const SPLIT =
  /[,.!?;，。！？；…~\n]+|\s+(?=\S)|(?<=[\u4e00-\u9fff])(?=(?:但是|不过|然后|而且|另外|可是|买家|买方|卖家|卖方|对方|开发商|银行|中介)[\u4e00-\u9fff])/;

export function clausesOf(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let at = 0;
  for (const part of text.split(SPLIT)) {
    const start = text.indexOf(part, at);
    if (part.trim()) out.push({ text: part, start });
    at = start + part.length;
  }
  return out;
}

/** a clause that asks rather than tells (个体户也要刻章吗, 要不要带结婚证): nothing in it is a fact */
/** a clause that asks rather than tells */
export const clauseAsks = (clause: string): boolean => ASKS.test(clause);
const ASKS =
  /吗|(么|嘛)\s*$|\?|啥|什么(?!都)|咋|怎么|哪些|多少钱|([\u4e00-\u9fff])不\2|(了|过)没有?\s*$|是不是|要不要|需不需要|用不用|有没有|能不能|可不可以|会不会|算不算|是否|请问/;
/** hedges: the speaker is not sure, so neither is the reading */
const HEDGE = /(好像|可能|大概|应该是|估计|也许|差不多|记不清|不太清楚|不确定|印象中|似乎|或许|还没定|没定|不一定|看情况)/;
/** the speaker says outright that an earlier word was wrong */
const CORRECTING = /(说错|不对|搞错|记错|弄错|写错|选错|答错)/;
/** someone else the citizen talks about: what they do or have is not the applicant's */
const COUNTERPART: [RegExp, string][] = [
  [/^(开发商|房地产公司|物业)/, '开发商'],
  // 银行卡扣 is the citizen's card, not the bank speaking
  [/^(银行|贷款银行)(?!卡|账户|户|流水|扣)/, '银行'],
  [/^(中介|经纪人)/, '中介'],
];
/** the speaker's own role, said outright or by what they do (我是买方, 我卖房, 我这边买) */
const SPEAKER: [RegExp, string][] = [
  [/(我|俺|额|咱)(是|就是|这边是|属于)?(卖方|卖家|卖房的|房东|业主)|(^|我|俺|额|咱|想|要|准备|打算|家)卖(房|掉|了|咧|个|套|一套)/, '卖'],
  [/(我|俺|额|咱)(是|就是|这边是|属于)?(买方|买家|买房的)|(^|我|俺|额|咱|想|要|准备|打算)买(房|个|套|一套|二手)/, '买'],
];
const SUBJECT: [RegExp, string][] = [
  [/^(那个|就是|然后|而且|但是|不过|另外)?(卖方|卖家|房东|原房主)/, '卖'],
  [/^(那个|就是|然后|而且|但是|不过|另外)?(买方|买家|买房的|下家)/, '买'],
];
/** 我说错了, 不对应该是: a later clause corrects an earlier one */
const CORRECTS = /(说错|不对|应该是|其实是|改成|更正)/;
/** 自己来, 本人去: no one acts for this party */
const SELF = /(自己|亲自|本人)(来|去|到场|过来|办|跑)/;
const DELEGATES = /((让|叫|找|请|托|委托)(?!我(去|来|办))[^,，]{1,6}?|[^,，\s]{1,6}(帮我们?|帮忙|替我们?|代我们?))(去|来)?(办|跑|去|代办)/;
const negatedIn = (clause: string) => /(不用|不让|不找|不请|不委托|没让|没找)/.test(clause);

export interface FactOptions {
  current?: Question | null;
  places: Places;
  factSure: number;
  vocab?: Vocab;
}

/**
 * The facts a sentence states, clause by clause: who each clause is about (its subject, else the speaker's
 * stated role, else the question on screen), negation and question scope inside the clause, then the value
 * compared against the question's conditions (years in option labels, places by where they lie, ranges
 * crossing a boundary). A reading that is not sure is kept with a lower confidence, to be offered, not recorded.
 */
export function readFacts(questions: Question[], text: string, words: Set<string>, ents: Found[], opts: FactOptions): Fact[] {
  const { roles } = partiesOf(questions);
  let speaker: string | null = null;
  if (roles.length >= 2) {
    const said = SPEAKER.filter(([re, r]) => roles.includes(r) && re.test(text)).map(([, r]) => r);
    if (said.length === 1) speaker = said[0]!;
  }
  const asked = opts.current ? partiesOf(questions).party[questions.indexOf(opts.current)] : undefined;
  let carry: string | null = null;
  const facts = new Map<string, Fact>();
  // the relative the house goes to (过户给儿子, 卖给我侄子) takes the receiving side: 「儿子25岁单身」 is not the owner's
  const receiving = recipientsOf(text, opts.vocab);
  let prev = '';
  for (const c of clausesOf(text)) {
    const clause = c.text.trim();
    let subject: string | null = null;
    for (const [re, r] of SUBJECT) if (roles.includes(r) && re.test(clause)) subject = r;
    // and 她/他 right after naming them (送给我闺女 她已经结婚了)
    const bare = clause.replace(/^(我|俺)?的?/, '');
    const toThem = receiving.some((w) => bare.startsWith(w)) || (/^(她|他)/.test(clause) && receiving.some((w) => prev.includes(w)));
    if (!subject && toThem) subject = roles.includes('买') ? '买' : '他';
    prev = clause;
    if (!subject && /^(对方|人家)/.test(clause) && speaker) subject = roles.find((r) => r !== speaker) ?? null;
    if (!subject && /^(我|俺|额|咱)/.test(clause) && speaker) subject = speaker;
    subject ??= carry;
    carry = subject;
    // the subject of a clause without one carries on from the clause before (买家要贷款，也要委托)
    const counterpart = COUNTERPART.find(([re]) => re.test(clause))?.[1];
    const local = ents
      .filter((e) => e.start >= c.start && e.end <= c.start + c.text.length)
      .map((e) => ({ ...e, start: e.start - c.start, end: e.end - c.start }));
    const found = extractDetailed(questions, c.text, words, local, opts.current, subject ?? (asked ? null : speaker), opts.vocab?.numbers);
    addSelf(questions, c.text, subject ?? speaker, found);
    kinship(questions, c.text, found, text, opts.vocab);
    tradeParties(questions, c.text, found);
    counted(questions, c.text, found, opts.vocab);
    topicLed(questions, c.text, found);
    if (opts.current && !found.has(opts.current.id) && questions.includes(opts.current)) {
      const r = byCondition(opts.current, c.text, local, opts.places);
      if (r) found.set(opts.current.id, r);
    }
    for (const [id, r] of found) {
      let conf = Math.min(confidenceOf(r, opts.current), r.cap ?? 1);
      let value = r.value;
      // a year said anywhere in the sentence dates what it says (九八年结的婚，在西安领的证)
      const checked = checkConditions(r, c.text, [...local, ...ents.filter((e) => e.type === 'year')], opts.places);
      if (checked === null) continue;
      if (checked.value !== undefined) value = checked.value;
      conf = Math.min(conf, checked.cap);
      // the clause's own end mark counts (结婚了吗这个要问？ is split before its question mark)
      if (ASKS.test(text.slice(c.start, c.start + c.text.length + 1))) conf = Math.min(conf, 0.4);
      // a hedge covers what follows it: 占道总共大概40平 hedges the area, not 占道; a figure said about is still the
      // best figure, but 可能是零五年 puts the year, and so the bucket it falls in, in doubt
      // 「我说错了，应该是…」: 应该是 corrects there, it does not hedge
      const hedge = CORRECTING.test(text) && /^应该是/.test(HEDGE.exec(c.text)?.[0] ?? '') ? null : HEDGE.exec(c.text);
      if (hedge && startOf(r) >= hedge.index) conf = Math.min(conf, r.num && r.q.type !== 'single' ? 0.85 : 0.6);
      if (qualified(r, c.text)) conf = Math.min(conf, 0.6);
      if (value === r.value && !r.settled && nearOther(r, value, c.text)) conf = Math.min(conf, 0.5);
      // 物业帮忙办: someone else doing it is what a question about an agent asks
      if (counterpart && partyOf(r.q) !== 'agent' && !r.q.text.includes(counterpart) && !r.q.topic.includes(counterpart)) conf = Math.min(conf, 0.3);
      const prev = facts.get(id);
      // 水电气都得装，热力就不用了: a clause that only refuses some options of a list leaves the list said before
      const refusal = (v: AnswerValue, rr?: Reading) =>
        Array.isArray(v) && v.length === 0 && (rr ? rr.hits.length > 0 && rr.hits.every((h) => h.negated) : false);
      if (prev && r.q.type === 'multi' && refusal(value, r) && Array.isArray(prev.value) && prev.value.length > 0) continue;
      if (
        prev &&
        r.q.type === 'multi' &&
        Array.isArray(prev.value) &&
        prev.value.length === 0 &&
        Array.isArray(value) &&
        value.length > 0 &&
        prev.confidence < opts.factSure
      ) {
        facts.set(id, { question: id, value, party: partyOf(r.q), confidence: round(conf), sure: false, text: clause });
        continue;
      }
      const wider =
        prev && typeof prev.value === 'string' && typeof value === 'string'
          ? subsumes(r.q, prev.value, value)
            ? prev.value
            : subsumes(r.q, value, prev.value)
              ? value
              : undefined
          : undefined;
      if (prev && wider !== undefined) {
        // 「挖路…占道三十平」: the option that includes the other (挖掘（含占用）) is what both clauses say
        value = wider;
        conf = Math.max(conf, prev.confidence);
      } else if (prev && JSON.stringify(prev.value) !== JSON.stringify(value)) {
        // two clauses disagree: a correction decides, else neither is sure
        if (!CORRECTS.test(clause)) conf = Math.min(conf, prev.confidence, 0.5);
      } else if (prev) conf = Math.max(conf, prev.confidence);
      facts.set(id, { question: id, value, party: partyOf(r.q), confidence: round(conf), sure: false, text: clause });
    }
  }
  for (const f of facts.values()) f.sure = f.confidence >= opts.factSure;
  return [...facts.values()];
}

/** 我妈走了: the one who died is the speaker's mother, so the speaker (the applicant) is her child */
const KIN: [RegExp, RegExp][] = [
  [/(我|俺|额)(妈|爸|母亲|父亲|爹|娘|老爹|老娘|老妈|老爸)/, /子女/],
  [/(我|俺|额)(老伴|老婆|老公|爱人|媳妇|丈夫|妻子|对象)/, /配偶/],
  [/(我|俺|额)(儿子|女儿|孩子|娃)/, /父母/],
];
const DIED = /(去世|走了|没了|过世|病故|不在了|离世|老了|殁)/;
const ABOUT_THE_DEAD = /(逝者|死者|去世|过世|被继承人)/;
/** an option whose label is this, of a single-choice question: the one question that asks it (继承, 丧偶) */
function optionLabelled(questions: Question[], re: RegExp): { q: Question; id: string } | undefined {
  const all = questions.flatMap((q) => (q.type === 'single' ? (q.options ?? []).filter((o) => re.test(o.label)).map((o) => ({ q, id: o.id })) : []));
  return all.length === 1 ? all[0] : undefined;
}
/** what the house is (or would be) said to become: the death is about the house, not only the family */
const ABOUT_HOUSE = /(房|过户|名下|留下|遗产|产权)/;

/** kin words named as the one a house goes to (过户给儿子, 送给我闺女, 卖给侄子) */
function recipientsOf(text: string, vocab?: Vocab): string[] {
  if (!vocab) return [];
  let re = recipientRes.get(vocab);
  if (!re) recipientRes.set(vocab, (re = new RegExp(`(给|卖给|送给|过户给|赠与给?|留给)(我|俺)?的?${vocab.kinRe.source}`, 'g')));
  return [...text.matchAll(re)].map((m) => m[3]!);
}
/** built once per vocabulary (it is read at load), not per sentence */
const recipientRes = new WeakMap<Vocab, RegExp>();

function kinship(questions: Question[], clause: string, found: Map<string, Reading>, sentence = clause, vocab?: Vocab): void {
  const relatives = vocab ? [...clause.matchAll(vocab.kinRe)].map((m) => vocab.relationOf.get(m[1]!)) : [];
  const set = (o: { q: Question; id: string } | undefined) => {
    if (o && !found.has(o.q.id)) found.set(o.q.id, { q: o.q, value: o.id, hits: [{ start: 0, end: clause.length, value: o.id, negated: false }] });
  };
  // 我奶奶留下的房子: what a relative left is inherited; 离婚…房子判给我了: a divorce's split of the house
  if (relatives.length > 0 && /留(下|给)/.test(clause) && ABOUT_HOUSE.test(sentence) && !ASKS.test(clause)) set(optionLabelled(questions, /^继承/));
  if (/离(婚|了)/.test(sentence) && /(判给|分给|归)了?(我|俺|她|他)/.test(clause) && !ASKS.test(clause)) set(optionLabelled(questions, /^离婚析产/));
  // 过户给我闺女: to whom it is given, by the relation of the word (a phrase of the kind of transfer may
  // have taken those words already); the question whose options are 配偶 / 父母子女…
  const given = /给(我|俺|咱)?(的|家)?$/;
  if (vocab && !DIED.test(clause) && !ASKS.test(clause)) {
    for (const m of clause.matchAll(vocab.kinRe)) {
      if (!given.test(clause.slice(0, m.index))) continue;
      const rel = vocab.relationOf.get(m[1]!);
      const label = rel === 'wife' || rel === 'husband' || rel === 'spouse' ? /^配偶/ : /父母子女/;
      const q = questions.find(
        (x) => x.type === 'single' && (x.options ?? []).some((o) => /^配偶/.test(o.label)) && (x.options ?? []).some((o) => /父母子女/.test(o.label)),
      );
      const o = q?.options?.find((x) => label.test(x.label));
      if (q && o) set({ q, id: o.id });
      break;
    }
  }
  if (!DIED.test(clause)) return;
  // 俺爹去年没了 房子要转到我名下: a relative died and the house passes on, so it is inherited
  if (relatives.length > 0 && ABOUT_HOUSE.test(sentence)) set(optionLabelled(questions, /^继承/));
  // 我老公前几年没了: the speaker is widowed (a question whose option is 丧偶 alone)
  if (relatives.some((r) => r === 'spouse' || r === 'wife' || r === 'husband')) set(optionLabelled(questions, /^丧偶/));
  const kin = KIN.find(([re]) => re.test(clause));
  if (!kin) return;
  for (const q of questions) {
    if (q.type !== 'single') continue;
    const o = q.options?.find((x) => kin[1].test(x.label));
    // only a question about the relation to the one who died, whose options are relations (配偶 / 子女 /
    // 父母): a death says nothing about who gives a house to whom (赠与双方关系)
    if (!o || !ABOUT_THE_DEAD.test(`${q.topic}${q.text}`)) continue;
    if (!(q.options ?? []).some((x) => /配偶/.test(x.label)) || !(q.options ?? []).some((x) => /父母/.test(x.label))) continue;
    found.set(q.id, { q, value: o.id, hits: [{ start: 0, end: clause.length, value: o.id, negated: false }] });
  }
}

const ORG = '(公司|单位|企业|机关|事业单位|厂里|厂子)';
const PERSON = '(个人|私人|老百姓|一家人|一个人)';
/** 卖给一家公司: who the house is sold to is the buyer, whatever the seller's question would make of 公司 */
const SOLD_TO = new RegExp(`卖给了?(一家|一个|个|家|某)?[^,，]{0,6}?(${ORG.slice(1, -1)}|${PERSON.slice(1, -1)})`);
/** 我们单位要把宿舍卖了, 公司名下有个门面要卖: an organisation named before 卖 is the seller */
const ORG_SELLS = new RegExp(`${ORG}[^,，卖不没]{0,12}卖(?!给(我|俺))`);
/** 我那套经济适用房卖了, 俺家的房改房想卖掉: the speaker's own house, so the seller is a person */
const MINE_SELLS = /^(我|俺|额|咱)(们家|家|的|自己)?[^,，卖公单企不没]{0,10}卖(?!给(我|俺))/;
/** 我是从个人手里买的: whom it was bought from is the seller */
const BOUGHT_FROM = new RegExp(`从${PERSON}|从${ORG}`);

/**
 * Who is named as the seller or the buyer: the one after 卖给 is the buyer, the one before 卖 (or 从…买) the
 * seller, the speaker's own house a person's. Read against the two questions whose options are 个人 and
 * 单位, one of each party; what the words alone suggested for those questions gives way.
 */
function tradeParties(questions: Question[], clause: string, found: Map<string, Reading>): void {
  const { party } = partiesOf(questions);
  const kindQ = (role: string) =>
    questions.find(
      (q, i) =>
        party[i] === role &&
        q.type === 'single' &&
        (q.options ?? []).some((o) => /^单位/.test(o.label)) &&
        (q.options ?? []).some((o) => /^个人/.test(o.label)),
    );
  const optionOf = (q: Question, org: boolean) => (q.options ?? []).find((o) => (org ? /^单位/ : /^个人/).test(o.label))?.id;
  const put = (q: Question | undefined, org: boolean) => {
    const id = q && optionOf(q, org);
    if (q && id) found.set(q.id, { q, value: id, hits: [{ start: 0, end: clause.length, value: id, negated: false }] });
  };
  const seller = kindQ('卖');
  const buyer = kindQ('买');
  if (!seller || !buyer || ASKS.test(clause)) return;
  const to = SOLD_TO.exec(clause);
  const rest = to ? clause.slice(0, to.index) : clause;
  if (to) put(buyer, new RegExp(ORG).test(to[2]!));
  if (ORG_SELLS.test(to ? `${rest}卖` : rest)) put(seller, true);
  else if (MINE_SELLS.test(to ? `${rest}卖` : rest)) put(seller, false);
  else if (to && found.get(seller.id)?.hits.every((h) => h.start >= to.index)) found.delete(seller.id);
  const from = BOUGHT_FROM.exec(clause);
  if (from && /买/.test(clause.slice(from.index))) put(seller, from[2] !== undefined);
}

/**
 * 发票暂时不开, 发票要: a yes/no question's own topic said with a refusal or a want right after it. Only
 * for questions that name no party (卖方委托代办 is told apart by its party, which this does not read).
 */
function topicLed(questions: Question[], clause: string, found: Map<string, Reading>): void {
  if (ASKS.test(clause)) return;
  for (const q of questions) {
    if (q.type !== 'yesno' || found.has(q.id) || /^.方/.test(q.topic) || q.topic.length < 2 || q.topic.length > 4) continue;
    const at = clause.indexOf(q.topic);
    if (at < 0 || negatedAt(clause, at)) continue;
    const after = clause.slice(at + q.topic.length);
    const value = /^(就|也|都|先|暂时|暂|以后再|还)?(不|没|别|甭)/.test(after) ? false : /^(就|也|都|先)?(要|有|开|办|领|需要)/.test(after) ? true : undefined;
    if (value !== undefined) found.set(q.id, { q, value, hits: [{ start: at, end: at + q.topic.length + 1, value, negated: false }] });
  }
}

/** 生了对双胞胎, 生了个闺女: a count said by a word, for the count question whose topic the cue names */
function counted(questions: Question[], clause: string, found: Map<string, Reading>, vocab?: Vocab): void {
  for (const c of vocab?.counts ?? []) {
    if (!c.words.test(clause)) continue;
    const q = questions.find((x) => x.type === 'number' && c.means.test(`${x.topic}${x.text}`));
    if (q && !found.has(q.id)) found.set(q.id, { q, value: c.value, hits: [{ start: 0, end: clause.length, value: String(c.value), negated: false }] });
    return;
  }
}

function startOf(r: Reading): number {
  return r.num ? r.num.start : Math.min(...r.hits.map((h) => h.start));
}

/**
 * 工厂的工人: a short phrase qualified by a word the question does not know (工厂 is not one of its
 * options) may be another kind altogether, so the reading is a guess.
 */
function qualified(r: Reading, clause: string): boolean {
  if (r.num || r.q.type === 'yesno') return false;
  return r.hits.some(
    (h) => h.end - h.start <= 2 && h.start >= 3 && clause[h.start - 1] === '的' && !phrasesOf(r.q).some((p) => clause.slice(0, h.start - 1).endsWith(p.phrase)),
  );
}

/**
 * Another option's phrase said nearly (早还清了也解押了 ends like 「早就解押了」 of 没有抵押, while 还清了 is
 * a phrase of 先还清再注销): the reading of one option over the other is a guess.
 */
function nearOther(r: Reading, value: AnswerValue, clause: string): boolean {
  if (r.q.type !== 'single' || r.num) return false;
  const own = phrasesOf(r.q).filter((p) => p.value === value && clause.includes(p.phrase));
  for (const p of phrasesOf(r.q)) {
    if (p.value === value || p.phrase.length < 4) continue;
    for (let cut = 1; cut <= 2 && p.phrase.length - cut >= 3; cut++) {
      // 不是西安户口 without its 不/不是 is the other side, not a near miss of it: 卖方是西安户口 is 西安
      if (/[不没未非无]/.test(p.phrase.slice(0, cut))) break;
      const tail = p.phrase.slice(cut);
      // 有我老公 less its 有 is 我老公: a pronoun and a name, which says nothing of either option; 委托书 of
      // 公证委托书 is what the question itself is about (授权委托书在哪里签), so every answer says it
      if (/^(我|俺|他|她)/.test(tail) || r.q.text.includes(tail)) continue;
      // a tail the chosen option's own phrase in the text also holds (领的证 in 在西安领的证) tells nothing
      if (clause.includes(tail) && !own.some((o) => o.phrase.includes(tail))) return true;
    }
  }
  return false;
}

/** 买家自己来: the agent question of that party is answered no, though its words (自己去, 本人) were not used. */
function addSelf(questions: Question[], clause: string, party: string | null, found: Map<string, Reading>): void {
  const self = SELF.test(clause);
  // 让孩子奶奶去办, 物业帮忙办, 找代账的办, 让我侄子替我去: someone else goes, so it is done by an agent
  const other = !self && !negatedIn(clause) && DELEGATES.test(clause);
  if (!self && !other) return;
  const agents = questions.filter((q) => q.type === 'yesno' && /(代办|委托)/.test(q.topic));
  const q = agents.find((a) => (party ? a.topic.includes(`${party}方`) : !/^.方/.test(a.topic))) ?? (agents.length === 1 ? agents[0] : undefined);
  if (q && !found.has(q.id)) found.set(q.id, { q, value: !self, hits: [{ start: 0, end: clause.length, value: !self, negated: false }] });
}

/**
 * How sure one reading is before the clause's scope is looked at: a phrase of three characters or more,
 * or a number with its unit, is clear; a short phrase away from the question on screen is less so; two
 * options of one single-choice question both said (还清了…解押了) are a guess.
 */
function confidenceOf(r: Reading, current?: Question | null): number {
  const atCurrent = current?.id === r.q.id;
  if (r.num) return r.num.range && r.q.type === 'single' && inRange(r.q, r.num.range[0]) !== inRange(r.q, r.num.range[1]) ? 0.55 : atCurrent ? 0.97 : 0.92;
  const standing = r.hits.filter((h) => !h.negated);
  if (r.q.type === 'single' && new Set(standing.map((h) => h.value)).size > 1) return 0.5;
  if (r.q.type === 'yesno' && new Set(r.hits.map((h) => (h.negated ? !h.value : h.value))).size > 1) return 0.5;
  const longest = Math.max(0, ...r.hits.map((h) => h.end - h.start));
  if (atCurrent) return 0.97;
  if (r.q.type === 'multi' && r.hits.length >= 2) return 0.93;
  return longest >= 3 ? 0.93 : longest === 2 ? 0.86 : 0.7;
}

/**
 * At the question on screen, a reply that names no option but a year or a place (九八年领的证, 在深圳交的,
 * 从宝鸡调来的): the option whose condition it meets, when only one can.
 */
function byCondition(q: Question, clause: string, ents: Found[], places: Places): Reading | null {
  if (q.type !== 'single') return null;
  const place = placeOf(clause, places);
  const v = place ? placeAnswer(q, place) : undefined;
  // 在西安登记的 meets 「2003年以后在陕西登记」 only with a year, which the place does not give
  const needsYear = v !== undefined && yearConditions(q).some((c) => c.id === v && c.after) && !ents.some((e) => e.type === 'year' || e.type === 'date');
  if (v && v !== 'unsure')
    return { q, value: v, settled: true, hits: [{ start: 0, end: clause.length, value: v, negated: false }], ...(needsYear ? { cap: 0.55 } : {}) };
  const conds = yearConditions(q);
  const year = ents.find((e) => e.type === 'year' || e.type === 'date');
  if (conds.length === 0 || !year) return null;
  const y = typeof year.value === 'number' ? year.value : Number(String(year.value).slice(0, 4));
  // an option whose label has another way in (或…) stays possible when its year does not fit
  const possible = (q.options ?? []).filter((o) => {
    const c = conds.find((x) => x.id === o.id);
    return !c || (c.after ? y >= c.year : y < c.year) || /或/.test(o.label);
  });
  const fitting = possible.filter((o) => conds.some((c) => c.id === o.id && (c.after ? y >= c.year : y < c.year)));
  if (fitting.length === 0) return null;
  // 2005年在西安: the year fits and the place says which province, so the label naming it is the one
  if (possible.length > 1 && place) {
    const named = fitting.find((o) => (place === 'other' || place === 'abroad' ? /(外省|省外|境外)/ : /(陕西|本省)/).test(o.label));
    if (named) return { q, value: named.id, hits: [{ start: 0, end: clause.length, value: named.id, negated: false }] };
  }
  const pick = fitting[0]!.id;
  // one possible option: a fact; more (2005 could still be 外省): a guess to offer
  return { q, value: pick, hits: [{ start: 0, end: clause.length, value: pick, negated: false }], ...(possible.length > 1 ? { cap: 0.55 } : {}) };
}

/** option labels that carry a year condition (2003年以后在陕西登记 / 或2003年以前登记) */
function yearConditions(q: Question): { id: string; year: number; after: boolean }[] {
  const out: { id: string; year: number; after: boolean }[] = [];
  for (const o of q.options ?? []) {
    const m = /((?:19|20)\d{2})\s*年\s*(以后|之后|以来|起|以前|之前|前)/.exec(o.label);
    if (m) out.push({ id: o.id, year: Number(m[1]), after: /后|来|起/.test(m[2]!) });
  }
  return out;
}

/**
 * The value checked against what the question's options say: a year said in the clause against the
 * years in the labels (九八年在西安领的证 is before 2003, so not 「2003年以后在陕西登记」); a place by where
 * it lies (深圳 is outside 西安; 西安 alone at a question that tells 未央区 from other districts is unsure).
 * Returns null to drop the reading, or a cap on its confidence and maybe another value.
 */
function checkConditions(r: Reading, clause: string, ents: Found[], places: Places): { cap: number; value?: AnswerValue } | null {
  const q = r.q;
  if (q.type !== 'single') return { cap: 1 };
  const conds = yearConditions(q);
  const year = ents.find((e) => e.type === 'year' || e.type === 'date');
  if (conds.length > 0 && year) {
    const y = typeof year.value === 'number' ? year.value : Number(String(year.value).slice(0, 4));
    const fits = (c: { year: number; after: boolean }) => (c.after ? y >= c.year : y < c.year);
    const chosen = conds.find((c) => c.id === r.value);
    if (chosen && !fits(chosen)) {
      const other = conds.find((c) => c.id !== r.value && fits(c));
      return other ? { cap: 0.92, value: other.id } : { cap: 0.4 };
    }
  }
  const place = placeOf(clause, places);
  if (place) {
    const v = placeAnswer(q, place);
    if (v === 'unsure') return { cap: 0.5 };
    if (v !== undefined && v !== r.value) return { cap: 0.9, value: v };
  }
  return { cap: 1 };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
