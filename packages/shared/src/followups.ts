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

/** A visit check-in: where the browser said the user was, and the address they confirmed. */
export interface FollowupLocation {
  lat: number;
  lng: number;
  /** metres, as the browser reported it */
  accuracy?: number | null;
  address?: string | null;
  /** when the position was taken (ISO) */
  at?: string | null;
}

/** An attachment of a follow-up (a file attached to the same record). */
export interface FollowupFile {
  id: string;
  name: string;
  size: number;
  mimeType: string;
}

/** GET /api/v1/followups items and the answer of POST/PATCH. */
export interface Followup {
  id: string;
  recordType: FollowupRecordType;
  recordId: string;
  /** the record's name (lead/customer/contact name), for lists across records */
  recordName: string | null;
  customerId: string | null;
  type: FollowupType;
  content: string;
  outcome: FollowupOutcome | null;
  nextStep: string | null;
  nextFollowupAt: string | null;
  contactIds: string[];
  contacts: { id: string; name: string }[];
  files: FollowupFile[];
  location: FollowupLocation | null;
  ownerId: string;
  ownerName: string | null;
  createdAt: string;
  updatedAt: string;
  /** the signed-in user may edit / delete it (author or administrator) */
  editable: boolean;
}

/** POST /api/v1/followups body. */
export interface NewFollowup {
  recordType: FollowupRecordType;
  recordId: string;
  type: FollowupType;
  content: string;
  outcome?: FollowupOutcome | null;
  nextStep?: string | null;
  nextFollowupAt?: string | null;
  contactIds?: string[];
  fileIds?: string[];
  location?: FollowupLocation | null;
}

/** Follow-ups further ahead than this are refused (a typo in the year, not a plan). */
export const FOLLOWUP_MAX_YEARS_AHEAD = 5;
