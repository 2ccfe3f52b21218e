import { ActionTypes, ActivityTypes, type Activity } from 'botbuilder';

/** A bot message before it becomes an Activity: text and the choices offered under it. */
export interface Reply {
  text: string;
  actions?: string[];
  /** a case's progress notice (src/bot/apply/notices.ts): lets kept notices be folded per case */
  notice?: import('./apply/notices.js').NoticeTag;
}

/** Choices go out as imBack suggested actions: tapping one sends its Chinese text back as the answer. */
export function toActivity(r: Reply): Partial<Activity> {
  const a: Partial<Activity> = { type: ActivityTypes.Message, text: r.text, inputHint: r.actions ? 'expectingInput' : 'acceptingInput' };
  if (r.actions && r.actions.length > 0) {
    a.suggestedActions = {
      to: [],
      actions: r.actions.map((t) => ({ type: ActionTypes.ImBack, title: t, value: t })),
    };
  }
  return a;
}
