import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/server/metrics/index.js';
import { computeResults } from '../../src/server/metrics/results.js';
import { renderResultsHtml } from '../../src/server/metrics/results-html.js';

describe('metrics', () => {
  it('turns bot events into Prometheus counters and durable daily counts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'metrics-')), 'daily.json');
    let day = '2026-12-04';
    const m = createMetrics({ dailyFile: file, day: () => day, defaultMetrics: false });
    m.telemetry.record({ kind: 'turn', channel: 'wechat', ms: 40, newConversation: true });
    m.telemetry.record({ kind: 'turn', channel: 'wechat', ms: 12, newConversation: false });
    m.telemetry.record({ kind: 'understanding', outcome: 'out_of_scope' });
    m.telemetry.record({ kind: 'checklist', bundle: 'birth', first: true });
    m.telemetry.record({ kind: 'checklist', bundle: 'birth', first: false });
    day = '2026-12-05';
    m.telemetry.record({ kind: 'turn', channel: 'console', ms: 3000, newConversation: true });
    m.telemetry.record({ kind: 'handover', stage: 'requested' });
    m.telemetry.record({ kind: 'rating', level: 'satisfied' });
    m.telemetry.record({ kind: 'wechat_send', ok: false, errcode: 45015 });
    m.setOutbox({ depth: async () => ({ pending: 3, oldestAgeSeconds: 42 }) });

    const text = await m.registry.metrics();
    const json = await m.registry.getMetricsAsJSON();
    const value = (name: string, labels: Record<string, string>) =>
      json.find((x) => x.name === name)?.values.find((v) => Object.entries(labels).every(([k, l]) => String((v.labels as Record<string, unknown>)[k]) === l))
        ?.value;
    expect(value('yjs_turns_total', { channel: 'wechat' })).toBe(2);
    expect(value('yjs_understanding_total', { outcome: 'out_of_scope' })).toBe(1);
    expect(value('yjs_checklists_total', { bundle: 'birth' })).toBe(1);
    expect(value('yjs_turn_duration_seconds', { channel: 'wechat', le: '0.05' })).toBe(2);
    expect(value('yjs_turn_duration_seconds', { channel: 'console', le: '2.5' })).toBe(0);
    expect(value('yjs_outbox_depth', {})).toBe(3);
    expect(value('yjs_outbox_oldest_age_seconds', {})).toBe(42);
    expect(value('yjs_wechat_async_sends_total', { result: 'refused', errcode: '45015' })).toBe(1);
    expect(text).toContain('# TYPE yjs_turn_duration_seconds histogram');
    m.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // a new process reads the same counts back
    const again = createMetrics({ dailyFile: file, day: () => '2026-12-05', defaultMetrics: false });
    const r = computeResults(again.daily.series(2), []);
    again.close();
    expect(r.days).toEqual([
      { day: '2026-12-04', conversations: 1, checklists: 1, handovers: 0 },
      { day: '2026-12-05', conversations: 1, checklists: 0, handovers: 1 },
    ]);
    expect(r.checklistShare).toBe(0.5);
    expect(r.handoverRate).toBe(0.5);
    expect(r.answeredOnline).toBe(0.5);
    expect(r.ratings.find((x) => x.level === 'satisfied')).toEqual({ level: 'satisfied', label: '满意', count: 1 });
    const html = renderResultsHtml(r);
    expect(html).toContain('在线解答率（未转人工）<b>50.0%</b>');
    expect(html).toContain('<title>2026-12-05：1</title>');
  });
});
