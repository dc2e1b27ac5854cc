import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { checkInProblem, presetTime, recordAddress, toLocation, toPatch, toPayload } from './model.ts';

describe('presetTime', () => {
  const wednesday = dayjs('2026-11-18T15:20:00');
  it('plans at 10:00 on the chosen day', () => {
    expect(presetTime('tomorrow', wednesday).format('YYYY-MM-DD HH:mm')).toBe('2026-11-19 10:00');
    expect(presetTime('in3Days', wednesday).format('YYYY-MM-DD HH:mm')).toBe('2026-11-21 10:00');
  });
  it('next week is the coming Monday, a full week ahead on a Monday', () => {
    expect(presetTime('nextWeek', wednesday).format('YYYY-MM-DD')).toBe('2026-11-23');
    expect(presetTime('nextWeek', dayjs('2026-11-23T09:00:00')).format('YYYY-MM-DD')).toBe('2026-11-30');
    expect(presetTime('nextWeek', dayjs('2026-11-22T09:00:00')).format('YYYY-MM-DD')).toBe('2026-11-23');
  });
});

describe('toPayload', () => {
  const target = { recordType: 'lead' as const, recordId: 'l1' };
  it('leaves blank optional fields out', () => {
    expect(toPayload(target, { type: 'call', content: '  打了电话 ', nextStep: ' ', contactIds: [] }, { fileIds: [], location: null }))
      .toEqual({ recordType: 'lead', recordId: 'l1', type: 'call', content: '打了电话' });
  });
  it('sends everything given, the check-in with its trimmed address', () => {
    const at = dayjs('2026-11-20T10:00:00Z');
    const body = toPayload(target, { type: 'visit', content: '拜访', outcome: 'highIntent', nextStep: '报价', nextFollowupAt: at, contactIds: ['c1'] },
      { fileIds: ['f1'], location: { lat: 30, lng: 120, accuracy: 20, address: ' 杭州 ', at: '2026-11-18T00:00:00.000Z' } });
    expect(body).toEqual({
      recordType: 'lead', recordId: 'l1', type: 'visit', content: '拜访', outcome: 'highIntent', nextStep: '报价', nextFollowupAt: '2026-11-20T10:00:00.000Z',
      contactIds: ['c1'], fileIds: ['f1'], location: { lat: 30, lng: 120, accuracy: 20, address: '杭州', at: '2026-11-18T00:00:00.000Z' },
    });
  });
  it('an edit sends cleared fields as null', () => {
    expect(toPatch({ type: 'call', content: 'x' }, { fileIds: [], location: null })).toEqual({ type: 'call', content: 'x', outcome: null, nextStep: null, nextFollowupAt: null, contactIds: [], fileIds: [], location: null });
  });
});

describe('check-in', () => {
  it('explains each geolocation failure', () => {
    expect([1, 2, 3, undefined].map(checkInProblem)).toEqual(['denied', 'unavailable', 'timeout', 'unsupported']);
  });
  it('rounds the position and keeps the accuracy in whole metres', () => {
    expect(toLocation({ latitude: 30.27412345, longitude: 120.15519999, accuracy: 35.6 }, '文三路', new Date('2026-11-18T00:00:00Z')))
      .toEqual({ lat: 30.274123, lng: 120.1552, accuracy: 36, address: '文三路', at: '2026-11-18T00:00:00.000Z' });
  });
  it('starts from the record\'s address', () => {
    expect(recordAddress({ province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 90 号' })).toBe('浙江省杭州市西湖区文三路 90 号');
    expect(recordAddress({ address: { province: '上海市', detail: '南京西路 1 号' } })).toBe('上海市南京西路 1 号');
    expect(recordAddress({})).toBe('');
  });
});
