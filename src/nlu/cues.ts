import { upsetOf, type Upset } from './upset.js';

/**
 * What a message says about the conversation rather than about the case: that it corrects, supposes,
 * adds a need, asks. The bot decides on these; it never reads the user's text itself (the layer rule).
 * Words are kept here, beside the rest of the reading, so one list serves every place that acts on them.
 */
export interface Cues {
  /** 「说错了」「其实」「不对」「改成」: an earlier answer is being corrected, not a what-if */
  corrects: boolean;
  /** 「如果」「要是」「万一」: asks what would change; the case stays as it is */
  whatIf: boolean;
  /** 「还想」「另外」「顺便」: a need added to the one in hand (asked before its words are read as facts) */
  anotherNeed: boolean;
  /** a need stated at all (办/想/要/对了…), and long enough to be one; 「咋办」「怎么办」 ask how and state none */
  statesNeed: boolean;
  /** any question word: what is asked is never recorded as an answer */
  asks: boolean;
  /** asks something back (要带原件吗, 去哪里交): never a value typed into a form */
  asksBack: boolean;
  /** 「为什么问这个」 */
  asksWhy: boolean;
  /** asks what one party brings (卖方要带啥, 买家准备什么) */
  partyMaterials?: 'seller' | 'buyer';
  /** asks for a service act (办, 申领, 补, 换, 开, 查): an out-of-scope request rather than noise */
  seeksService: boolean;
  /** a bare yes (是, 对, 嗯): takes the choice offered first */
  plainYes: boolean;
  /** a bare number: picks from the numbered choices shown last */
  ordinal?: number;
  /** an insult, frustration or a complaint about the service (src/nlu/upset.ts) */
  upset?: Upset;
}

const CORRECTS = /(说错|其实|不对|改成|应该是|搞错|更正|纠正|记错|弄错|不是.*是)/;
const WHAT_IF = /(如果|要是|假如|假设|万一|若是)/;
const ANOTHER_NEED = /(还想|还要办|还得办|还需要办|另外|顺便|再办|也想办|也要办)/;
const NEED = /(办|想|要|还有|另外|顺便|再|对了)/;
/** 怎么办, 咋办, 咋整: how to, not a need */
const HOW_TO = /(怎么|咋|如何|该咋|该怎么|咋样)(办|弄|整|搞)/g;
/** …X不 at the end asks as 吗 does in northern speech (周末能办不, 要带原件不, 行不) */
const X_NOT = '(能|可以|行|办|要|用|去|来|是|有|对|开|带|交|收|退|领)不\\s*[?？]?\\s*$';
export const ASKS_BACK = new RegExp(`(吗|么|嘛)\\s*[?]?\\s*$|\\?|是不是|要不要|需不需要|用不用|能不能|可不可以|${X_NOT}`);
const ASKS_ANY = new RegExp(
  `[吗么嘛？?]|多少|哪|几|怎|要不要|是不是|是否|能不能|可不可以|需不需要|多久|什么|咋|啥|(找|问|给|交给)谁|谁(来|去|办|管|负责)|${X_NOT}`,
);
/** 「不知道啥时候领的证」 says what the user does not know; it asks nothing of us */
const KNOWS_NOT = /^(我|俺|额)?(也|都)?(不知道|不清楚|不记得|记不清|记不得|忘了)/;
/** question words no name, address or number carries (要多少钱, 去哪里交, 得几天) */
const INTERROGATIVE = /(多少|怎么|什么|咋|啥|哪里|哪儿|去哪|几天|多久|为什么|为啥)/;
const WHY = /^(为什么问这个|为什么问|为啥问)/;
const PARTY = /(卖方|卖家|买方|买家)/;
const MATERIALS = /(准备|带|交|提供|拿|材料|啥|什么)/;
const SERVICE = /[办申领补换开查]/;
const PLAIN_YES = /^(是|是的|对|对的|嗯|没错|对啊|是啊|就是)$/;

/** 「不知道啥时候领的证」 is not a question; 「要带原件吗」 is. */
export const asksSomething = (text: string): boolean => ASKS_ANY.test(text) && !KNOWS_NOT.test(text);
/** A message that asks something back (要带原件吗, 周六能办吗？): never a value typed into a form. */
export const asksBack = (text: string): boolean => ASKS_BACK.test(text.replace(/？/g, '?')) || INTERROGATIVE.test(text);

export function cuesOf(raw: string): Cues {
  const text = raw.trim();
  const asks = asksSomething(text);
  const party = PARTY.exec(text)?.[1];
  const cues: Cues = {
    corrects: CORRECTS.test(text),
    whatIf: WHAT_IF.test(text),
    anotherNeed: ANOTHER_NEED.test(text),
    statesNeed: text.length >= 5 && NEED.test(text.replace(HOW_TO, '')),
    asks,
    asksBack: asksBack(text),
    asksWhy: WHY.test(text),
    seeksService: SERVICE.test(text),
    plainYes: PLAIN_YES.test(text),
  };
  if (party && MATERIALS.test(text)) cues.partyMaterials = party.startsWith('卖') ? 'seller' : 'buyer';
  if (/^\d{1,2}$/.test(text)) cues.ordinal = Number(text);
  const upset = upsetOf(text);
  if (upset) cues.upset = upset;
  return cues;
}
