// The hotline console page: plain DOM, one module. Every value from the server is set with
// textContent, never as HTML, so nothing a caller said can run in the operator's browser.
const $ = (id) => document.getElementById(id);
const state = { bundles: new Map(), bundle: null, last: null, timer: 0, seq: 0, me: '', chat: null, shown: '' };

async function api(path, body) {
  const res = await fetch(`/console/api/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json', 'X-Console-Request': '1' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.status === 401) {
    location.href = '/console/login';
    throw new Error('登录已过期');
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error ?? `出错了（${res.status}）`);
  return data;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function say(text, bad = false) {
  const s = $('status');
  s.textContent = text;
  s.className = bad ? 'error' : '';
}

const run = (fn) => (...a) => Promise.resolve(fn(...a)).catch((e) => say(e.message, true));

// ---- questions -------------------------------------------------------------------------------

function questionField(q) {
  const name = `q-${q.id}`;
  const choice = (type, value, label) =>
    el('label', {}, el('input', { type, name, value, 'data-q': q.id }), label);
  let body;
  if (q.type === 'single') body = el('div', { class: 'choices' }, q.options.map((o) => choice('radio', o.id, o.label)));
  else if (q.type === 'yesno') body = el('div', { class: 'choices' }, choice('radio', 'true', q.labels?.yes ?? '是'), choice('radio', 'false', q.labels?.no ?? '否'));
  else if (q.type === 'multi')
    body = el('div', { class: 'choices' }, q.options.map((o) => choice('checkbox', o.id, o.label)), choice('checkbox', '__none', '都没有'));
  else {
    const money = q.type === 'money';
    const type = q.type === 'date' ? 'date' : q.type === 'text' ? 'text' : 'number';
    const unit = money ? '万元' : q.type === 'area' ? '㎡' : (q.unit ?? '');
    body = el(
      'div',
      { class: 'row' },
      el('input', { type, name, id: name, 'data-q': q.id, step: type === 'number' ? 'any' : undefined, min: money ? 0 : q.min, 'aria-label': q.text }),
      unit ? el('span', {}, unit) : null,
    );
  }
  // out of the Tab order so tabbing goes question to question; Delete clears from the keyboard
  const clear = el('button', { type: 'button', class: 'clear', tabindex: '-1', 'aria-keyshortcuts': 'Delete', title: '清除这一题的回答（Delete 键）', onclick: () => clearAnswer(q.id) }, '清除');
  return el('fieldset', { class: 'q', 'data-id': q.id, hidden: true }, el('legend', {}, q.text, el('span', { class: 'why' }, q.why)), body, clear);
}

function renderQuestions(b) {
  const form = $('questions');
  form.replaceChildren(...b.questions.map(questionField));
}

function readAnswers() {
  const b = state.bundles.get(state.bundle);
  const out = {};
  for (const q of b?.questions ?? []) {
    const inputs = [...document.querySelectorAll(`[data-q="${q.id}"]`)];
    if (q.type === 'single' || q.type === 'yesno') {
      const c = inputs.find((i) => i.checked);
      if (c) out[q.id] = q.type === 'yesno' ? c.value === 'true' : c.value;
    } else if (q.type === 'multi') {
      const on = inputs.filter((i) => i.checked).map((i) => i.value);
      if (on.length > 0) out[q.id] = on.filter((v) => v !== '__none');
    } else {
      const v = inputs[0]?.value.trim();
      if (!v) continue;
      if (q.type === 'date' || q.type === 'text') out[q.id] = v;
      else if (Number.isFinite(Number(v))) out[q.id] = q.type === 'money' ? Math.round(Number(v) * 10000) : Number(v);
    }
  }
  return out;
}

function setAnswers(answers) {
  const b = state.bundles.get(state.bundle);
  for (const q of b?.questions ?? []) {
    const a = answers[q.id];
    if (a === undefined) continue;
    for (const i of document.querySelectorAll(`[data-q="${q.id}"]`)) {
      if (i.type === 'radio') i.checked = i.value === String(a);
      else if (i.type === 'checkbox') i.checked = Array.isArray(a) && (a.length === 0 ? i.value === '__none' : a.includes(i.value));
      else i.value = q.type === 'money' ? String(Number(a) / 10000) : String(a);
    }
  }
}

function clearAnswer(id) {
  for (const i of document.querySelectorAll(`[data-q="${id}"]`)) {
    if (i.type === 'radio' || i.type === 'checkbox') i.checked = false;
    else i.value = '';
  }
  schedule();
}

function onQuestionInput(e) {
  const t = e.target;
  // "都没有" and the real options exclude each other
  if (t.type === 'checkbox' && t.checked) {
    for (const i of document.querySelectorAll(`[data-q="${t.dataset.q}"]`)) {
      if (i !== t && (t.value === '__none' || i.value === '__none')) i.checked = false;
    }
  }
  schedule();
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(run(refresh), 120);
}

// ---- checklist -------------------------------------------------------------------------------

function yuan(n) {
  return n >= 10000 ? `${Math.round((n / 10000) * 100) / 100}万元` : `${Math.round(n * 100) / 100}元`;
}

function materialItem(m) {
  const copies = m.form === 'copy' || m.form === 'original_and_copy' ? ` ${m.copies}份` : '';
  const shared = m.items.length > 1 ? `（${m.items.length}个事项共用，只交一次）` : '';
  return el('li', {}, el('span', { class: 'name' }, m.name), `：${m.formLabel}${copies}${shared}`, m.note ? el('div', { class: 'note' }, m.note) : null);
}

function renderChecklist(c) {
  const parts = [
    el('p', {}, `${c.items.length}个事项合并办理：${c.items.map((i) => i.name).join('、')}`),
    el('h3', {}, `一、需要携带（${c.bring.length}项）`),
    el('ol', { id: 'bring' }, c.bring.map(materialItem)),
  ];
  if (c.maybe.length > 0) {
    // long while questions are open: folded on screen, one line on paper
    parts.push(
      el('details', { id: 'maybe-box' }, el('summary', { class: 'pending' }, `视情况而定（${c.maybe.length}项，答完左侧问题会确定）`), el('ul', { id: 'maybe' }, c.maybe.map(materialItem))),
      el('p', { class: 'print-only' }, `视情况而定（${c.maybe.length}项）：${c.maybe.map((m) => m.name).join('、')}`),
    );
  }
  if (c.shared.length > 0)
    parts.push(el('h3', {}, `二、不用带，共享获取（${c.shared.length}项）`), el('ul', {}, c.shared.map((m) => el('li', {}, `${m.name}（${m.sharedSource ?? ''}）`))));
  parts.push(el('h3', {}, c.charges.estimate ? '三、费用（估算）' : '三、费用'));
  parts.push(
    c.charges.lines.length === 0
      ? el('p', {}, '不收费。')
      : el('ul', {}, c.charges.lines.map((l) => el('li', {}, `${l.name}（${l.payer}）：${l.amount === null ? '金额待定' : l.amount === 0 ? '免征' : yuan(l.amount)}`, el('div', { class: 'note' }, l.rule)))),
  );
  parts.push(el('h3', {}, '四、办理时间'), el('p', {}, c.time.promisedDays === 0 ? '当场办结' : `承诺${c.time.promisedDays}个工作日办结（并联办理）`));
  parts.push(el('h3', {}, '五、在哪办'), el('p', {}, `${c.window.name}；${c.window.address}；${c.window.hours}${c.window.phone ? `；电话 ${c.window.phone}` : ''}`));
  parts.push(el('h3', {}, '六、办结领取'), el('p', {}, c.outputs.join('、')));
  if (c.notes.length > 0) parts.push(el('h3', {}, '提醒'), el('ul', {}, c.notes.map((n) => el('li', {}, n))));
  if (!c.complete) parts.push(el('p', { class: 'pending' }, `还有 ${c.pending.length} 个问题没答，清单可能还会变。`));
  if (c.verify) parts.push(el('p', { class: 'note' }, '部分规定各地执行有差异，以窗口受理为准。'));
  $('checklist').replaceChildren(...parts);
}

async function refresh() {
  if (!state.bundle) return;
  const seq = ++state.seq;
  const r = await api('checklist', { bundle: state.bundle, answers: readAnswers() });
  if (seq !== state.seq) return; // a newer answer is already on its way
  state.last = r;
  const asked = new Set(r.asked);
  let answered = 0;
  for (const f of document.querySelectorAll('fieldset.q')) {
    f.hidden = !asked.has(f.dataset.id);
    const done = r.answers[f.dataset.id] !== undefined;
    f.classList.toggle('answered', done && !f.hidden);
    if (done && !f.hidden) answered++;
  }
  $('progress').textContent = `需问 ${asked.size} 题，已答 ${answered} 题${r.checklist.complete ? '，情况已问全。' : '。'}`;
  $('print-title').textContent = `${r.checklist.bundle.name} · 材料清单`;
  $('script').replaceChildren(...r.script.map((s) => el('li', {}, s)));
  $('script-more').replaceChildren(...r.scriptMore.map((s) => el('li', {}, s)));
  $('script-more-count').textContent = String(r.scriptMore.length);
  $('script-more-box').hidden = r.scriptMore.length === 0;
  renderChecklist(r.checklist);
}

async function selectBundle(id, answers = {}) {
  state.bundle = id || null;
  $('bundle').value = id ?? '';
  $('handoff-code').hidden = true;
  const b = state.bundles.get(id);
  if (!b) {
    clearResult();
    return;
  }
  renderQuestions(b);
  setAnswers(answers);
  await refresh();
}

/** Nothing of a previous caller stays on screen: questions, checklist, script, codes. */
function clearResult() {
  state.seq++; // an answer still on its way belongs to the previous caller
  state.last = null;
  $('questions').replaceChildren();
  $('progress').textContent = '';
  $('print-title').textContent = '';
  $('script').replaceChildren();
  $('script-more').replaceChildren();
  $('script-more-box').hidden = true;
  $('script-more-box').open = false;
  $('checklist').replaceChildren(el('p', { class: 'muted' }, '识别或选择一件事后，这里显示材料清单。'));
}

/** 「新来电」: a clean page for the next caller. */
function newCall() {
  clearTimeout(state.timer);
  state.bundle = null;
  $('bundle').value = '';
  $('search').value = '';
  $('found').replaceChildren();
  $('sms-phone').value = '';
  $('handoff-code').hidden = true;
  $('handoff-code').textContent = '';
  clearResult();
  say('已清空，请接听新来电。');
  $('search').focus();
}

// ---- search ----------------------------------------------------------------------------------

async function search(e) {
  e.preventDefault();
  const text = $('search').value.trim();
  if (!text) return say('请先输入来电人说的话。', true);
  const r = await api('search', { text });
  const found = $('found');
  if (r.bundle) {
    found.replaceChildren(
      el('p', {}, '识别为：', el('strong', { id: 'found-bundle' }, r.bundleName), `（把握 ${Math.round(r.confidence * 100)}%）`),
      r.facts.length > 0 ? el('ul', { class: 'facts', id: 'facts' }, r.facts.map((f) => el('li', {}, `${f.topic}：${f.label}`))) : el('p', { class: 'muted' }, '话里没有听出情形，请逐题确认。'),
    );
    await selectBundle(r.bundle, r.answers);
    document.querySelector('fieldset.q:not([hidden]):not(.answered) input')?.focus();
    return;
  }
  const cands = r.candidates.slice(0, 3);
  // an unclear search must not leave the previous caller's checklist on screen
  state.bundle = null;
  $('bundle').value = '';
  clearResult();
  found.replaceChildren(
    el('p', {}, cands.length > 0 ? '不太确定，是哪一件？' : '没有识别出一件事，请换个说法或直接选择。'),
    el('div', { class: 'candidates' }, cands.map((c) => el('button', { type: 'button', onclick: run(() => selectBundle(c.bundle)) }, c.name))),
  );
  found.querySelector('button')?.focus();
}

// ---- actions ---------------------------------------------------------------------------------

function needBundle() {
  if (state.bundle && state.last) return true;
  say('请先识别或选择一件事。', true);
  return false;
}

async function copyScript() {
  if (!needBundle()) return;
  const text = `${[...state.last.script, ...state.last.scriptMore].join('\n')}\n\n${state.last.text}`;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // http on a LAN address has no clipboard API; a selected textarea still copies
    const t = el('textarea', {}, text);
    document.body.append(t);
    t.select();
    document.execCommand('copy');
    t.remove();
  }
  say('话术和清单已复制。');
}

async function sendSms(e) {
  e.preventDefault();
  if (!needBundle()) return;
  const phone = $('sms-phone').value.trim();
  if (!/^1[3-9]\d{9}$/.test(phone)) return say('请填写 11 位手机号。', true);
  const r = await api('sms', { bundle: state.bundle, answers: readAnswers(), phone });
  const m = r.message;
  say(m.status === 'sent' ? `短信已发送到 ${m.to}。` : m.status === 'outbox' ? `短信已放入发件箱（${m.to}），待人工发送。` : `短信发送失败：${m.error}`, m.status === 'failed');
  await loadOutbox();
}

async function makeHandoff() {
  if (!needBundle()) return;
  const r = await api('handoff', { bundle: state.bundle, answers: readAnswers() });
  const p = $('handoff-code');
  p.hidden = false;
  p.textContent = `「${r.say}」（${r.validHours}小时内有效，只能用一次）`;
  p.dataset.code = r.code;
  say(`续办码 ${r.code.split('').join(' ')}，请念给来电人。`);
}

const STATUS = { outbox: '待人工发送', sent: '已发送', failed: '发送失败' };

async function loadOutbox() {
  const { messages } = await api('sms');
  $('outbox').replaceChildren(
    ...(messages.length === 0
      ? [el('li', { class: 'muted' }, '还没有短信。')]
      : messages.map((m) => el('li', {}, `${new Date(m.at).toLocaleString('zh-CN')} · ${m.to} · ${STATUS[m.status]} · ${m.by}`, el('pre', { class: 'sms' }, m.text)))),
  );
}

const CHANNEL = { wechat: '公众号', wecom: '企业微信', terminal: '终端', webchat: '网页', msteams: 'Teams', emulator: '模拟器' };
const HSTATUS = { waiting: '等待接入', taken: '已接入', missed: '超时未接（已告知拨打 12345）', resolved: '已处理' };
const channelName = (c) => CHANNEL[c] ?? c;
const OPERATOR = '【人工客服】';
const line = (t) =>
  el('li', { class: t.from }, t.from === 'user' ? `来电人：${t.text}` : t.text.startsWith(OPERATOR) ? `工作人员：${t.text.slice(OPERATOR.length)}` : `助手：${t.text}`);

function handoverItem(h) {
  const mine = h.status === 'taken' && h.takenBy === state.me;
  const buttons = [];
  if (h.status === 'waiting' || h.status === 'missed') buttons.push(el('button', { type: 'button', class: 'take primary', onclick: run(() => take(h.conversationId)) }, '接手'));
  if (mine) buttons.push(el('button', { type: 'button', class: 'open', onclick: () => openChat(h.conversationId) }, '打开对话'));
  if (h.status !== 'resolved' && (h.status !== 'taken' || mine)) buttons.push(el('button', { type: 'button', class: 'resolve', onclick: run(() => resolve(h.conversationId)) }, '标记已处理'));
  const waited = h.waitedMinutes === null ? '' : ` · 已等 ${h.waitedMinutes} 分钟`;
  return el(
    'li',
    { 'data-conversation': h.conversationId, 'data-status': h.status, class: `h-${h.status}` },
    el('strong', {}, `${new Date(h.at).toLocaleTimeString('zh-CN')} · ${channelName(h.channel)} · ${h.bundleName ?? '未选一件事'}`),
    ` · ${HSTATUS[h.status]}${h.takenBy ? `（${h.takenBy}）` : ''}${waited} · 说：${h.reason} `,
    h.status === 'resolved' ? el('span', { class: 'resolved' }, '已处理') : buttons,
    h.answers.length > 0 ? el('p', {}, h.answers.map((a) => `${a.topic}：${a.label}`).join('；')) : null,
    el('details', {}, el('summary', {}, `对话记录（${h.transcript.length}条）`), el('ol', { class: 'transcript' }, h.transcript.map(line))),
  );
}

async function loadHandovers() {
  const { handovers, waiting } = await api('handovers');
  state.handovers = handovers;
  $('waiting-count').textContent = `等待 ${waiting} 人`;
  $('waiting-count').classList.toggle('alert', waiting > 0);
  document.title = `${waiting > 0 ? `（${waiting}）` : ''}12345 热线工作台 · 一件事一次办`;
  $('handovers-updated').textContent = `更新于 ${new Date().toLocaleTimeString('zh-CN')}`;
  // redrawn only when something changed, so a focused button stays focused between polls
  const shown = JSON.stringify(handovers);
  if (shown !== state.shown) {
    state.shown = shown;
    $('handovers').replaceChildren(...(handovers.length === 0 ? [el('li', { class: 'muted' }, '没有转人工请求。')] : handovers.map(handoverItem)));
  }
  renderChat();
}

function renderChat() {
  const h = state.chat && state.handovers?.find((x) => x.conversationId === state.chat);
  const pane = $('chat-pane');
  if (!h || h.status !== 'taken' || h.takenBy !== state.me) {
    pane.hidden = true;
    return;
  }
  pane.hidden = false;
  $('chat-title').textContent = `正在回复：${channelName(h.channel)} · ${h.bundleName ?? '未选一件事'}`;
  $('chat-answers').textContent = h.answers.map((a) => `${a.topic}：${a.label}`).join('；');
  const lines = [...h.transcript.map(line), ...h.pending.map((t) => el('li', { class: 'pending-line' }, `待送达（对方下次发消息时看到）：${t}`))];
  const key = JSON.stringify([h.transcript, h.pending]);
  if ($('chat-transcript').dataset.key !== key) {
    $('chat-transcript').dataset.key = key;
    $('chat-transcript').replaceChildren(...lines);
  }
}

function openChat(id) {
  state.chat = id;
  renderChat();
  $('reply-text').focus();
}

async function take(id) {
  const r = await api(`handovers/${encodeURIComponent(id)}/take`, {});
  say(`已接手，问候语${r.result}。`);
  state.chat = id;
  await loadHandovers();
  $('reply-text').focus();
}

async function sendReply(e) {
  e?.preventDefault();
  const text = $('reply-text').value.trim();
  if (!state.chat) return say('请先在转人工列表里接手一条请求。', true);
  if (!text) return say('请输入回复内容。', true);
  const r = await api(`handovers/${encodeURIComponent(state.chat)}/reply`, { text });
  $('reply-text').value = '';
  say(`回复${r.result}。`);
  await loadHandovers();
}

async function handBack() {
  if (!state.chat) return;
  const r = await api(`handovers/${encodeURIComponent(state.chat)}/handback`, {});
  state.chat = null;
  say(`已交还机器人，${r.result}。`);
  await loadHandovers();
}

async function resolve(id) {
  await api(`handovers/${encodeURIComponent(id)}/resolve`, {});
  if (state.chat === id) state.chat = null;
  say('已标记为已处理。');
  await loadHandovers();
}

function toggleLarge(on = !document.documentElement.classList.contains('large')) {
  document.documentElement.classList.toggle('large', on);
  $('large').setAttribute('aria-pressed', String(on));
  localStorage.setItem('console.large', on ? '1' : '0');
}

// ---- keyboard --------------------------------------------------------------------------------

const SHORTCUTS = {
  Digit1: () => (document.querySelector('fieldset.q:not([hidden]) input') ?? $('bundle')).focus(),
  Digit2: () => $('result').focus(),
  KeyC: run(copyScript),
  KeyP: () => needBundle() && window.print(),
  KeyM: () => $('sms-phone').focus(),
  KeyW: run(makeHandoff),
  KeyH: () => $('handovers-panel').focus(),
  KeyN: () => newCall(),
  KeyR: () => (state.chat ? $('reply-text').focus() : say('请先接手一条转人工请求。', true)),
  KeyZ: () => toggleLarge(),
};

function onKey(e) {
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName);
  const emptySearch = e.target.id === 'search' && e.target.value === '';
  if (e.key === '/' && (!typing || emptySearch) && !e.altKey && !e.ctrlKey) {
    e.preventDefault();
    $('search').focus();
    $('search').select();
    return;
  }
  if (e.key === 'Escape' && typing) e.target.blur();
  const q = e.target.closest?.('fieldset.q');
  if (q && e.key === 'Delete' && (e.target.type === 'radio' || e.target.type === 'checkbox')) {
    e.preventDefault();
    clearAnswer(q.dataset.id);
    return;
  }
  const action = e.altKey && !e.ctrlKey && !e.metaKey ? SHORTCUTS[e.code] : undefined;
  if (action) {
    e.preventDefault();
    action();
  }
}

// ---- start -----------------------------------------------------------------------------------

async function start() {
  toggleLarge(localStorage.getItem('console.large') === '1');
  const [me, { bundles }] = await Promise.all([api('me'), api('bundles')]);
  state.me = me.user;
  $('who').textContent = `工作人员：${me.user}`;
  for (const b of bundles) {
    state.bundles.set(b.id, b);
    $('bundle').append(el('option', { value: b.id }, b.name));
  }
  $('search-form').addEventListener('submit', run(search));
  $('bundle').addEventListener('change', run((e) => selectBundle(e.target.value)));
  $('questions').addEventListener('change', onQuestionInput);
  $('questions').addEventListener('input', onQuestionInput);
  $('questions').addEventListener('submit', (e) => e.preventDefault());
  $('copy').addEventListener('click', run(copyScript));
  $('print').addEventListener('click', () => needBundle() && window.print());
  $('handoff').addEventListener('click', run(makeHandoff));
  $('sms-form').addEventListener('submit', run(sendSms));
  $('large').addEventListener('click', () => toggleLarge());
  $('refresh-handovers').addEventListener('click', run(loadHandovers));
  $('new-call').addEventListener('click', newCall);
  $('reply-form').addEventListener('submit', run(sendReply));
  $('reply-text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(sendReply)(e);
  });
  $('handback').addEventListener('click', run(handBack));
  $('logout').addEventListener('click', run(async () => {
    await api('logout', {});
    location.href = '/console/login';
  }));
  document.addEventListener('keydown', onKey);
  await Promise.all([loadOutbox(), loadHandovers()]);
  // waiting citizens and their new messages show up without a reload; a failed poll waits for the next
  setInterval(() => loadHandovers().catch(() => undefined), 4_000);
  document.body.dataset.ready = '1';
  $('search').focus();
}

run(start)();
