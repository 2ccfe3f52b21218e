import { randomUUID } from 'node:crypto';
import type { Knowledge } from '../../knowledge/load.js';
import {
  applicableItems,
  buildChecklist,
  CASE_NO_EXACT,
  documentTemplatesFor,
  isCaseNo,
  isCommandWord,
  refersToEarlierAddress,
  validateField,
  type FormField,
} from '../../engine/index.js';
import { silentLogger, type Logger } from '../../util/log.js';
import { turnErrorMessage } from '../../util/turn-error.js';
import { refusalText, trustedCaseNo } from './trusted-case.js';
import { DELIVERY_LABEL } from '../render/checklist.js';
import type { Reply } from '../reply.js';
import type { ApplyFlow } from '../turn.js';
import type { ConversationData, UserData } from '../types.js';
import { buildApplication } from './document.js';
import { filledText, type MakeDocumentLink, offerDocuments } from './documents-offer.js';
import { applicantOf, carriedInto, currentForm } from './form-state.js';
import { InvalidApplicationError, type CasePort, type CaseView, type SharedDataPort, type SubmissionPort } from './ports.js';
import { renderCase, shown, shownMasked } from './render.js';
import { askRating, handleComment, handleRating } from './rating.js';
import { UNSENT } from './types.js';
import { confirmsReview, consentOf, deliveryOf, isBackWord, modifyTarget } from '../../nlu/replies.js';

export interface ApplyDeps {
  k: Knowledge;
  today: () => string;
  submission: SubmissionPort;
  cases: CasePort;
  shared?: SharedDataPort;
  /**
   * The ID number this user's channel (or an operator) has verified, if any. Shared data answers a
   * typed ID number only when it is this one: otherwise typing anyone's number would show their name
   * and home address. No channel verifies identity today, so person records are not prefilled.
   */
  verifiedIdNumber?: (conv: ConversationData, user: UserData) => string | undefined;
  /**
   * makes a short-lived link to the documents filled from this case (委托书, 承诺书, 申请表), offered once the
   * form is submitted; absent, none is offered
   */
  documentLink?: MakeDocumentLink;
  /** how long the user waits for the backend before hearing "已保存，系统会自动提交" */
  submitTimeoutMs?: number;
  log?: Logger;
}

const AGREE = '同意并提交';
const AGREE_REMEMBER = '同意并提交，并记住我的信息';
const DISAGREE = '不同意';
const CONFIRM = '确认无误';
const QUIT = '退出申请';

/**
 * 一表申报 in the chat: ask only the fields still missing, validate each, review, delivery, consent,
 * submit through the outbox. Each step is stored in the conversation, so a restart resumes it.
 */
export class ApplicationFlow implements ApplyFlow {
  private readonly log: Logger;
  constructor(private readonly d: ApplyDeps) {
    this.log = d.log ?? silentLogger;
  }

  async start(conv: ConversationData, user: UserData): Promise<Reply[]> {
    conv.mode = 'apply';
    // the application's idempotency key, saved with this turn, long before anything is sent: a crash
    // while submitting leaves it in the stored conversation, so the user's retry after a restart sends
    // the same key and finds the case already made instead of making a second one
    // values typed before the case was corrected (the form was left to answer a question it opened) are kept:
    // nothing was sent, so the same idempotency key still stands; values carried from a linked matter come under them
    const unsent = conv.apply && UNSENT.has(conv.apply.step) ? conv.apply : undefined;
    conv.apply = { step: 'field', values: {}, applicationId: unsent?.applicationId ?? randomUUID() };
    conv.apply.values = { ...carriedInto(this.d.k, conv, user), ...unsent?.values };
    const form = currentForm(this.d.k, conv, user);
    const prefilled = form.fields.filter((f) => f.value !== undefined).length;
    const items = new Set(form.fields.flatMap((f) => f.items)).size;
    const intro = `好的，开始「一表申报」：${items || '各'}个事项合用这一张表，共${form.fields.length}项${prefilled ? `，已自动填好${prefilled}项` : ''}，只需补充${form.missing.length}项。随时可说「${QUIT}」。`;
    return [{ text: intro }, ...this.next(conv, user)];
  }

  private next(conv: ConversationData, user: UserData): Reply[] {
    const form = currentForm(this.d.k, conv, user);
    const a = conv.apply!;
    const missing = form.fields.find((f) => f.id === form.missing[0]);
    if (missing) {
      a.step = 'field';
      a.field = missing.id;
      return [this.askField(missing, conv)];
    }
    return this.review(conv, user);
  }

  private askField(f: FormField, conv: ConversationData): Reply {
    const hint = f.hint ? `\n${f.hint}` : '';
    // a typed number picks an option of a choice field, and is the value itself anywhere else (参保人数 3)
    conv.lastChoices = f.type === 'choice' ? f.options : undefined;
    if (f.type === 'choice') return { text: `请选择${f.label}：${hint}`, actions: f.options };
    return { text: `请输入${f.label}：${hint}`, actions: [QUIT] };
  }

  private review(conv: ConversationData, user: UserData): Reply[] {
    const form = currentForm(this.d.k, conv, user);
    conv.apply!.step = 'review';
    conv.apply!.editing = false;
    conv.lastChoices = [CONFIRM, '修改', QUIT];
    const lines = ['请核对申请表（改哪项就说「修改 + 项目名」，如「修改 手机号」）：'];
    let group = '';
    for (const f of form.fields) {
      if (f.group !== group) lines.push(`【${(group = f.group)}】`);
      const carried = conv.carried?.[f.id] !== undefined && String(conv.carried[f.id]) === String(f.value);
      const from =
        f.prefilledFrom === 'shared'
          ? '（共享数据）'
          : f.prefilledFrom === 'profile'
            ? '（上次填写）'
            : f.sameAs
              ? `（同${f.sameAs}）`
              : carried
                ? '（关联事项带入，请核对）'
                : '';
      const masked = f.value !== undefined && (f.prefilledFrom === 'shared' || conv.apply!.fromShared?.includes(f.id));
      lines.push(`${f.label}：${f.value === undefined ? '（未填）' : masked ? shownMasked(f, f.value) : shown(f, f.value)}${masked ? '（共享数据）' : from}`);
    }
    return [{ text: lines.join('\n'), actions: [CONFIRM, '修改', QUIT] }];
  }

  again(conv: ConversationData, user: UserData): Reply[] {
    const a = conv.apply;
    if (a?.step === 'address') return [{ text: '请输入邮寄地址：', actions: [QUIT] }];
    const f = a?.step === 'field' ? currentForm(this.d.k, conv, user).fields.find((x) => x.id === a.field) : undefined;
    return f ? [this.askField(f, conv)] : this.next(conv, user);
  }

  typing(conv: ConversationData, user: UserData): boolean {
    const a = conv.apply;
    if (a?.step === 'address' || a?.step === 'comment') return true;
    if (a?.step !== 'field') return false;
    return currentForm(this.d.k, conv, user).fields.find((x) => x.id === a.field)?.type !== 'choice';
  }

  async handle(text: string, conv: ConversationData, user: UserData): Promise<Reply[] | null> {
    const a = conv.apply;
    if (!a) return null;
    if (text === QUIT || text === '取消申请') {
      conv.mode = 'done';
      // nothing was sent: what was typed waits for 「现在申请」 (删除我的信息 clears it)
      const unsent = UNSENT.has(a.step);
      const typed = unsent ? Object.keys(a.values).length : 0;
      conv.apply = unsent ? { step: 'field', values: a.values, applicationId: a.applicationId } : undefined;
      return [
        {
          text: `已退出申请，您的情形回答都还在${typed > 0 ? `，已填的${typed}项也先保留着` : ''}。想申请时再说「现在申请」。`,
          actions: ['现在申请', '查看清单'],
        },
      ];
    }
    switch (a.step) {
      case 'field':
        return this.onField(text, conv, user);
      case 'review':
        return this.onReview(text, conv, user);
      case 'delivery':
        return this.onDelivery(text, conv, user);
      case 'address': {
        const earlier = this.earlierAddress(text, conv, user);
        if (earlier === null) return [{ text: '前面还没有填过能用的地址（或填过不止一个），请直接输入邮寄地址：' }];
        const check = validateField('address', earlier ?? text);
        if (!check.ok) return [{ text: `${check.message}\n请输入邮寄地址：` }];
        a.address = String(check.value);
        return [...(earlier ? [{ text: `好的，寄到：${a.address}` }] : []), ...this.askConsent(conv)];
      }
      case 'consent':
        return this.onConsent(text, conv, user);
      case 'rating':
        return handleRating(text, conv);
      case 'comment':
        return handleComment(this.d.cases, text, conv, user, this.log);
      default:
        conv.mode = 'done';
        return null;
    }
  }

  private async onField(text: string, conv: ConversationData, user: UserData): Promise<Reply[]> {
    const a = conv.apply!;
    const form = currentForm(this.d.k, conv, user);
    const f = form.fields.find((x) => x.id === a.field);
    if (!f) return this.next(conv, user);
    if (isBackWord(text)) return this.back(f, conv, user);
    const earlier = f.type === 'address' ? this.earlierAddress(text, conv, user) : undefined;
    if (earlier === null) return [{ text: `前面还没有填过能用的地址（或填过不止一个），请直接输入${f.label}：`, actions: [QUIT] }];
    const check = validateField(f.type, earlier ?? text, f.options, new Date(this.d.today()));
    if (!check.ok) return [{ text: `${check.message}\n请重新输入${f.label}：`, actions: [QUIT] }];
    a.values[f.id] = check.value;
    // 「昨天」 taken as 2026-12-05, 「爸爸」 as 父亲: said back, so a wrong reading is seen at once
    const readAs = (f.type === 'date' || f.type === 'choice') && String(check.value) !== text.trim() ? [{ text: `已记下 ${f.label}：${check.value}` }] : [];
    if (a.fromShared?.includes(f.id)) a.fromShared = a.fromShared.filter((id) => id !== f.id);
    const filled = await this.fromSharedData(f, String(check.value), conv, user);
    const out: Reply[] = [...readAs, ...(filled.length > 0 ? [{ text: `已从共享数据自动填入：${filled.join('、')}。` }] : [])];
    if (a.editing) return [...out, ...this.review(conv, user)];
    return [...out, ...this.next(conv, user)];
  }

  /** 「上一步」 in the form: reopen the field answered last, never store the words as a value. */
  private back(current: FormField, conv: ConversationData, user: UserData): Reply[] {
    const a = conv.apply!;
    const form = currentForm(this.d.k, conv, user);
    const typed = form.fields.filter((x) => x.id !== current.id && a.values[x.id] !== undefined);
    const prev = typed[typed.length - 1];
    if (!prev) return [{ text: '这已经是第一项了。' }, this.askField(current, conv)];
    delete a.values[prev.id];
    a.field = prev.id;
    return [{ text: `好的，回到上一项。` }, this.askField(prev, conv)];
  }

  /**
   * 「就寄到上面那个地址」: the one address already on the form (typed or prefilled). undefined when the
   * text does not point back at all; null when it does but there is nothing (or more than one) to point at.
   */
  private earlierAddress(text: string, conv: ConversationData, user: UserData): string | null | undefined {
    if (isCommandWord(text) || !refersToEarlierAddress(text)) return undefined;
    const form = currentForm(this.d.k, conv, user);
    const typed = form.fields.filter((x) => x.type === 'address' && x.value !== undefined && x.id !== conv.apply?.field);
    const given = [...new Set(typed.map((x) => String(x.value)))];
    if (given.length === 1) return given[0]!;
    // 「同上」 for where to post it: the applicant's contact address is the one meant (落户地址 is a register's)
    const contact = conv.apply?.step === 'address' ? typed.find((x) => this.d.k.fields.get(x.id)?.profile === 'address') : undefined;
    return contact ? String(contact.value) : null;
  }

  /** An ID number or credit code typed in lets the shared databases fill what they already hold. */
  private async fromSharedData(f: FormField, value: string, conv: ConversationData, user: UserData): Promise<string[]> {
    if (!this.d.shared || (f.type !== 'idcard' && f.type !== 'uscc')) return [];
    const a = conv.apply!;
    const form = currentForm(this.d.k, conv, user);
    const setIfEmpty = (predicate: (x: FormField) => boolean, v: string | undefined): string[] => {
      if (!v) return [];
      const target = form.fields.find((x) => predicate(x) && x.value === undefined && a.values[x.id] === undefined);
      if (!target || !validateField(target.type, v).ok) return [];
      a.values[target.id] = v;
      a.fromShared = [...(a.fromShared ?? []).filter((id) => id !== target.id), target.id];
      return [target.label];
    };
    try {
      if (f.type === 'idcard') {
        const verified = this.d.verifiedIdNumber?.(conv, user);
        if (!verified || verified.toUpperCase() !== value.toUpperCase()) return [];
        const p = await this.d.shared.lookupPerson(value);
        if (!p) return [];
        // the person the ID belongs to: the name field of the same group
        return [
          ...setIfEmpty((x) => x.group === f.group && x.type === 'name', p.name),
          ...setIfEmpty((x) => x.group === f.group && x.type === 'address', p.address),
        ];
      }
      const c = await this.d.shared.lookupCompany(value);
      if (!c) return [];
      return [
        ...setIfEmpty((x) => x.group === f.group && x.type === 'text' && /名称/.test(x.label), c.name),
        ...setIfEmpty((x) => /法定代表人姓名/.test(x.label), c.legalRepresentative),
      ];
    } catch (e) {
      this.log.warn({ err: e }, 'shared data lookup failed; the user types it instead');
      return [];
    }
  }

  private onReview(text: string, conv: ConversationData, user: UserData): Reply[] {
    const a = conv.apply!;
    if (confirmsReview(text)) {
      const form = currentForm(this.d.k, conv, user);
      if (form.missing.length > 0) return this.next(conv, user);
      const options = this.d.k.bundles.get(conv.bundle!)!.delivery;
      a.step = 'delivery';
      conv.lastChoices = options.map((o) => DELIVERY_LABEL[o]);
      return [
        { text: `办好的证照怎么给您？\n${options.map((o, i) => `${i + 1}. ${DELIVERY_LABEL[o]}`).join('\n')}`, actions: options.map((o) => DELIVERY_LABEL[o]) },
      ];
    }
    const target = modifyTarget(text);
    if (target !== undefined) {
      const form = currentForm(this.d.k, conv, user);
      const f = target
        ? (form.fields.find((x) => x.label === target) ?? form.fields.find((x) => x.label.includes(target) || target.includes(x.label)))
        : undefined;
      if (!f)
        return [
          {
            text: `要改哪一项？请说「修改 + 项目名」，可改的有：${form.fields.map((x) => x.label).join('、')}`,
            actions: form.fields.slice(0, 10).map((x) => `修改 ${x.label}`),
          },
        ];
      a.step = 'field';
      a.field = f.id;
      a.editing = true;
      delete a.values[f.id];
      return [this.askField(f, conv)];
    }
    return [{ text: `请回复「${CONFIRM}」继续，或「修改 + 项目名」更改。` }, ...this.review(conv, user)];
  }

  private onDelivery(text: string, conv: ConversationData, _user: UserData): Reply[] {
    const a = conv.apply!;
    const options = this.d.k.bundles.get(conv.bundle!)!.delivery;
    const chosen = deliveryOf(text, options, DELIVERY_LABEL);
    if (!chosen) {
      return [{ text: `请选择：${options.map((o, i) => `${i + 1}. ${DELIVERY_LABEL[o]}`).join('  ')}`, actions: options.map((o) => DELIVERY_LABEL[o]) }];
    }
    a.delivery = chosen;
    if (chosen === 'post') {
      a.step = 'address';
      return [{ text: '请输入邮寄地址（区、街道、小区、楼栋门牌号，及收件人电话如与申请人不同请注明）：' }];
    }
    return this.askConsent(conv);
  }

  private askConsent(conv: ConversationData): Reply[] {
    conv.apply!.step = 'consent';
    const b = this.d.k.bundles.get(conv.bundle!)!;
    // only the departments of the items this case applies for: a gift's data goes to no water or gas company
    const involved = applicableItems(this.d.k, b.id, conv.answers).map((i) => i.department);
    const depts = [...new Set([...b.lead, ...involved])].map((d) => this.d.k.departments.get(d)?.short ?? d).join('、');
    conv.lastChoices = [AGREE, AGREE_REMEMBER, DISAGREE];
    return [
      {
        text: `提交前请确认：您同意将本表中的个人信息（姓名、身份证号、手机号、地址等）用于办理「${b.name}」，由牵头部门共享给${depts}，仅用于本次办理，按规定保存。\n选「记住我的信息」，下次办其他事时会自动填好姓名、证件号和电话。`,
        actions: [AGREE, AGREE_REMEMBER, DISAGREE],
      },
    ];
  }

  private async onConsent(text: string, conv: ConversationData, user: UserData): Promise<Reply[]> {
    const said = consentOf(text, AGREE_REMEMBER);
    if (said?.agree === false) {
      conv.mode = 'done';
      conv.apply = undefined;
      return [{ text: '好的，没有提交，您填的信息已清除。也可以带齐清单上的材料到窗口办理。', actions: ['查看清单', '现在申请'] }];
    }
    if (!said) return this.askConsent(conv);
    return this.submit(conv, user, said.remember);
  }

  private async submit(conv: ConversationData, user: UserData, remember: boolean): Promise<Reply[]> {
    const a = conv.apply!;
    const form = currentForm(this.d.k, conv, user);
    const applicant = applicantOf(this.d.k, form);
    if (!applicant) return this.next(conv, user);
    const values = Object.fromEntries(form.fields.filter((f) => f.value !== undefined).map((f) => [f.id, f.value!]));
    const checklist = buildChecklist(this.d.k, conv.bundle!, conv.answers, { today: this.d.today() });
    // the same id on a repeated "同意" makes the outbox and the backend treat it as one application
    const app = buildApplication(this.d.k, conv, checklist, values, applicant, a.applicationId);
    a.applicationId = app.id;
    if (remember) {
      // 同意并记住 is a new consent: it replaces an earlier 撤回同意
      user.profileConsent = true;
      user.consentWithdrawnAt = undefined;
      for (const f of form.fields) {
        const key = this.d.k.fields.get(f.id)?.profile;
        if (key && f.value !== undefined && !user.profile[key]) user.profile[key] = String(f.value);
      }
    }
    let outcome: Awaited<ReturnType<typeof this.d.submission.submitNow>>;
    try {
      outcome = await this.d.submission.submitNow(app, this.d.submitTimeoutMs ?? 4000);
    } catch (e) {
      if (!(e instanceof InvalidApplicationError)) {
        // the outbox could not save it (storage down): nothing was sent, the same 同意 can try again; told
        // as what it is, never in the error's own words, which can hold a server path
        this.log.error({ err: e }, 'application could not be saved to the outbox');
        return [{ text: `${turnErrorMessage(e)}\n申请还没有提交，您填的内容都还在，可以稍后再回复「同意」提交。`, actions: ['同意'] }];
      }
      this.log.warn({ err: e }, 'application refused before sending');
      a.step = 'review';
      a.applicationId = randomUUID();
      // the document itself failed the contract: keep the form so the user can correct it
      return [
        {
          text: `申请表还有不符合要求的地方：${e.message.slice(0, 200)}
请「修改 + 项目名」更正后再确认，或说「转人工」。`,
        },
      ];
    }
    const b = this.d.k.bundles.get(conv.bundle!)!;
    if (outcome.state === 'rejected') {
      a.step = 'review';
      // the corrected form is a new application: the refused key would only answer "refused" again
      a.applicationId = randomUUID();
      return [{ text: `提交被受理系统退回（${refusalText(outcome.message)}）。\n请「修改 + 项目名」更正后再确认，或说「转人工」。` }];
    }
    a.step = 'submitted';
    conv.mode = 'done';
    const documents = await this.documentsOffer(conv, values);
    if (outcome.state === 'queued') {
      return [{ text: `已保存，系统会自动提交。受理系统暂时连不上，您不用再操作，提交成功后会在这里告诉您受理编号。`, actions: ['查询进度'] }, ...documents];
    }
    // the number is the backend's: shown only when it is a 受理编号 (format and check digit)
    const no = trustedCaseNo(outcome.caseNo);
    a.caseNo = no;
    if (no && !user.cases.some((c) => c.caseNo === no)) user.cases.push({ caseNo: no, bundle: b.id, at: new Date().toISOString() });
    const lead = b.lead.map((d) => this.d.k.departments.get(d)?.short ?? d).join('、');
    return [
      {
        text: `已提交，${no ? `受理编号 ${no}` : '受理编号请稍后说「我的申请到哪了」查询'}。\n接下来：由${lead}牵头，各部门同时审批，${checklist.time.promisedText}；进度有变化会在这里通知您。\n随时说「我的申请到哪了」或发送受理编号查询。`,
        actions: ['查询进度', '办其他事'],
      },
      ...documents,
    ];
  }

  /** The link to the documents filled from this form (签字用的文书), named one by one; none when it cannot be made. */
  private async documentsOffer(conv: ConversationData, values: Record<string, string | number>): Promise<Reply[]> {
    if (!this.d.documentLink) return [];
    const names = ['合并申请表', ...documentTemplatesFor(this.d.k, conv.bundle!, conv.answers, { today: this.d.today() }).map((d) => d.title)];
    try {
      const url = await this.d.documentLink({ bundle: conv.bundle!, answers: conv.answers, values, kind: 'filled' });
      return [{ text: filledText(names, url) }];
    } catch (e) {
      this.log.warn({ err: e }, 'could not make the documents link');
      return [];
    }
  }

  /** 「把表格发我」: a fresh link, to the templates before submission and to the filled documents after */
  documents(conv: ConversationData, user: UserData): Promise<Reply[]> {
    return offerDocuments({ ...this.d, log: this.log }, conv, user);
  }

  async progress(caseNo: string | undefined, conv: ConversationData, user: UserData): Promise<Reply[]> {
    const name = (c: CaseView) => this.d.k.bundles.get(c.bundle)?.name ?? c.bundle;
    try {
      if (caseNo) {
        // a wrong number is told as wrong and looked up nowhere: never the nearest case, never the user's list
        if (!CASE_NO_EXACT.test(caseNo))
          return [{ text: `受理编号格式不对：「${caseNo.slice(0, 24)}」应为 WY 加 15 位数字（共17位，如 WY202612061234567），请核对后再发一次。` }];
        if (!isCaseNo(caseNo)) return [{ text: `受理编号 ${caseNo} 的校验位不对，可能有一位输错了，请核对后再发一次。` }];
        const c = await this.d.cases.getCase(caseNo);
        // only the applicant's own chat hears a case: a number typed anywhere else answers nothing
        // personal, and says the same whether the number exists or not
        if (!c || !ownedBy(c, conv, user))
          return [{ text: `没有找到受理编号 ${caseNo} 的办件。为保护个人信息，只能在提交申请的对话里查询；请核对编号，或拨打 12345 查询。` }];
        return [{ text: renderCase(c, name(c)) }];
      }
      const ref = conv.reference;
      const list = ref?.channelId && ref.user?.id ? await this.d.cases.listCases(ref.channelId.toLowerCase(), ref.user.id) : [];
      if (list.length === 0) {
        const pending = conv.apply?.step === 'submitted' && !conv.apply.caseNo;
        return [
          {
            text: pending
              ? '您的申请已保存，正在等待提交到受理系统，成功后会通知您受理编号。'
              : '您还没有通过本助手提交过申请。如有受理编号，直接发给我即可查询。',
          },
        ];
      }
      return list.slice(0, 3).map((c) => ({ text: renderCase(c, name(c)) }));
    } catch (e) {
      this.log.warn({ err: e }, 'progress query failed');
      return [{ text: '暂时查不到进度（受理系统连接不上），请稍后再试，或拨打 12345 查询。' }];
    }
  }

  async rate(conv: ConversationData, user: UserData): Promise<Reply[]> {
    const open = [...user.cases].reverse().find((c) => !c.rated);
    if (!open) return [{ text: '目前没有待评价的办件。办结后我会请您评价。' }];
    // 好差评 is for a finished case: asked before that, the backend refuses, so say so and ask nothing
    let c: CaseView | null = null;
    try {
      c = await this.d.cases.getCase(open.caseNo);
    } catch (e) {
      this.log.warn({ err: e }, 'case lookup before rating failed');
      return [{ text: '暂时查不到办件状态（受理系统连接不上），请稍后再说「评价」。' }];
    }
    if (c?.rating) {
      open.rated = true;
      return [{ text: `办件 ${open.caseNo} 已经评价过了，谢谢您。` }];
    }
    if (c && c.status !== 'completed' && c.status !== 'rejected') {
      return [{ text: `办件 ${open.caseNo} 还在${c.statusLabel}，办结后才能评价。办结时我会在这里请您打分。`, actions: ['查询进度'] }];
    }
    return askRating(conv, open.caseNo);
  }
}

/** The case was submitted from this user's chat (same channel and user), or is on this user's list. */
function ownedBy(c: CaseView, conv: ConversationData, user: UserData): boolean {
  if (user.cases.some((x) => x.caseNo === c.caseNo)) return true;
  const ref = conv.reference ?? user.reference;
  return !!ref?.user?.id && c.channel.userId === ref.user.id && c.channel.kind === (ref.channelId ?? '').toLowerCase();
}
