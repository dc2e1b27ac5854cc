/** Follow-ups (跟进记录, record type "activity"): the vocabulary and shapes both sides share. */

/** 电话 / 邮件 / 短信 / 拜访 / 会议 / 微信 / 签到 */
export const FOLLOWUP_TYPES = ['call', 'email', 'sms', 'visit', 'meeting', 'wechat', 'checkIn'] as const;
export type FollowupType = (typeof FOLLOWUP_TYPES)[number];

/** 高意向 / 待培育 / 无意向 / 未接通 / 其他 — flows trigger on these keys (followupLogged.outcomes). */
export const FOLLOWUP_OUTCOMES = ['highIntent', 'nurture', 'noIntent', 'noAnswer', 'other'] as const;
export type FollowupOutcome = (typeof FOLLOWUP_OUTCOMES)[number];

/** Records a follow-up can be logged on (opportunities join in the next issue). */
export const FOLLOWUP_RECORD_TYPES = ['lead', 'customer', 'contact'] as const;
export type FollowupRecordType = (typeof FOLLOWUP_RECORD_TYPES)[number];
