/**
 * 写跟进: the quick follow-up drawer, usable from any lead, customer or contact (full screen on a
 * phone, big touch targets). Type, content, outcome, next step and time, related contacts,
 * attachments, and a visit check-in from the browser's location (no map service: the address is
 * the record's, confirmed or typed by the user).
 */
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Flex, Form, Input, Radio, Select, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { EnvironmentOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { FollowupLocation, FollowupOutcome, FollowupType } from '@loopline/shared';
import { readCookie } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import type { RecordLike } from '../records/types.ts';
import { createFollowup, refreshAfterChange, updateFollowup, useCustomerContacts, type Followup, type FollowupRecordType } from './api.ts';
import { checkInProblem, NEXT_PRESETS, presetTime, recordAddress, toLocation, toPatch, toPayload, type CheckInProblem, type FollowupFormValues } from './model.ts';

// Local copies of the shared vocabularies: importing values from @loopline/shared would pull zod into this chunk.
const TYPES: FollowupType[] = ['call', 'wechat', 'visit', 'meeting', 'email', 'sms', 'checkIn'];
const OUTCOMES: FollowupOutcome[] = ['highIntent', 'nurture', 'noIntent', 'noAnswer', 'other'];

export interface QuickFollowupProps {
  open: boolean;
  onClose: () => void;
  recordType: FollowupRecordType;
  record: RecordLike;
  /** the record's title for the drawer header */
  title: string;
  /** edit this follow-up instead of logging a new one */
  followup?: Followup | null;
}

/** The customer whose contacts may be named: the customer itself, or a contact's customer. */
function customerOf(recordType: FollowupRecordType, record: RecordLike): string | null {
  if (recordType === 'customer') return record.id;
  if (recordType === 'contact' && typeof record.customerId === 'string') return record.customerId;
  return null;
}

function CheckIn({ location, onChange, defaultAddress, onLocated }: {
  location: FollowupLocation | null;
  onChange: (l: FollowupLocation | null) => void;
  defaultAddress: string;
  onLocated: () => void;
}) {
  const { t } = useTranslation();
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<CheckInProblem | null>(null);
  const locate = () => {
    setProblem(null);
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      setProblem('unsupported');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        onChange(toLocation(pos.coords, location?.address ?? defaultAddress, new Date(pos.timestamp || Date.now())));
        onLocated();
      },
      (err) => {
        setLocating(false);
        setProblem(checkInProblem(err?.code));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  return (
    <Flex vertical gap={8} data-testid="followup-checkin-block">
      <Flex gap={8} wrap>
        <Button size="large" icon={<EnvironmentOutlined />} loading={locating} onClick={locate} data-testid="followup-checkin" type={location ? 'default' : 'dashed'}>
          {locating ? t('followups.checkIn.locating') : location ? t('followups.checkIn.again') : t('followups.checkIn.button')}
        </Button>
        {location && <Button size="large" type="text" onClick={() => onChange(null)}>{t('followups.checkIn.remove')}</Button>}
      </Flex>
      {problem && <Alert type="error" showIcon title={t(`followups.checkIn.${problem}`)} data-testid="followup-checkin-error" />}
      {location && (
        <Alert type="success" showIcon data-testid="followup-checkin-done"
          title={t('followups.checkIn.done')}
          description={
            <Flex vertical gap={6}>
              <Typography.Text type="secondary" data-testid="followup-checkin-coords">
                {t('followups.checkIn.coords', { lat: location.lat.toFixed(6), lng: location.lng.toFixed(6) })}
                {location.accuracy != null && ` · ${t('followups.checkIn.accuracy', { meters: location.accuracy })}`}
              </Typography.Text>
              <Input size="large" value={location.address ?? ''} maxLength={300} placeholder={t('followups.checkIn.addressHint')} aria-label={t('followups.checkIn.address')}
                onChange={(e) => onChange({ ...location, address: e.target.value })} data-testid="followup-checkin-address" />
            </Flex>
          } />
      )}
    </Flex>
  );
}

function FollowupForm({ recordType, record, followup, onClose }: Omit<QuickFollowupProps, 'open' | 'title'>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mobile = useIsMobile();
  const customerId = customerOf(recordType, record);
  const contacts = useCustomerContacts(customerId);
  const [location, setLocation] = useState<FollowupLocation | null>(followup?.location ?? null);
  const [uploads, setUploads] = useState<UploadFile[]>(
    (followup?.files ?? []).map((f) => ({ uid: f.id, name: f.name, status: 'done', response: { id: f.id } })),
  );
  const fileIds = uploads.filter((u) => u.status === 'done').map((u) => (u.response as { id?: string } | undefined)?.id).filter((x): x is string => Boolean(x));
  const uploading = uploads.some((u) => u.status === 'uploading');

  const { form, onFinish, submitting, error } = useServerForm<FollowupFormValues, Followup>(
    (v) => (followup ? updateFollowup(followup.id, toPatch(v, { fileIds, location })) : createFollowup(toPayload({ recordType, recordId: record.id }, v, { fileIds, location }))),
    {
      onSuccess: (saved) => {
        message.success(t('followups.saved'));
        refreshAfterChange(queryClient, recordType, record.id, saved.customerId);
        onClose();
      },
    },
  );
  const csrf = readCookie('ll_csrf');
  const size = 'large' as const;
  const initial: Partial<FollowupFormValues> = followup
    ? { type: followup.type, content: followup.content, outcome: followup.outcome, nextStep: followup.nextStep, nextFollowupAt: followup.nextFollowupAt ? dayjs(followup.nextFollowupAt) : null, contactIds: followup.contactIds }
    : { type: 'call', contactIds: recordType === 'contact' ? [record.id] : [] };

  return (
    <Form form={form} layout="vertical" name="followup" initialValues={initial} onFinish={onFinish} requiredMark={false} data-testid="followup-form">
      <FormError error={error} />
      <Form.Item name="type" label={t('followups.fields.type')} rules={[{ required: true, message: t('followups.rules.type') }]}>
        <Radio.Group optionType="button" buttonStyle="solid" size={size} style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
          options={TYPES.map((x) => ({ value: x, label: t(`followups.types.${x}`), 'data-testid': `followup-type-${x}` } as never))} />
      </Form.Item>
      <Form.Item name="content" label={t('followups.fields.content')} rules={[{ required: true, whitespace: true, message: t('followups.rules.content') }]}>
        <Input.TextArea rows={4} maxLength={5000} showCount placeholder={t('followups.placeholders.content')} data-testid="followup-content" style={{ fontSize: 16 }} />
      </Form.Item>
      <Form.Item name="outcome" label={t('followups.fields.outcome')}>
        <Radio.Group optionType="button" size={size} style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
          options={OUTCOMES.map((x) => ({ value: x, label: t(`followups.outcomes.${x}`), 'data-testid': `followup-outcome-${x}` } as never))} />
      </Form.Item>
      <Form.Item name="nextStep" label={t('followups.fields.nextStep')}>
        <Input size={size} maxLength={1000} placeholder={t('followups.placeholders.nextStep')} data-testid="followup-next-step" />
      </Form.Item>
      <Form.Item label={t('followups.fields.nextFollowupAt')} style={{ marginBottom: 8 }}>
        <Flex vertical gap={8}>
          <Flex gap={8} wrap>
            {NEXT_PRESETS.map((p) => (
              <Button key={p} size={size} onClick={() => form.setFieldValue('nextFollowupAt', presetTime(p, dayjs()))} data-testid={`followup-next-${p}`}>{t(`followups.presets.${p}`)}</Button>
            ))}
          </Flex>
          <Form.Item name="nextFollowupAt" noStyle>
            <DatePicker size={size} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} inputReadOnly={mobile}
              disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} data-testid="followup-next-at" />
          </Form.Item>
        </Flex>
      </Form.Item>
      {customerId && (
        <Form.Item name="contactIds" label={t('followups.fields.contacts')}>
          <Select size={size} mode="multiple" allowClear loading={contacts.isPending} placeholder={t('followups.placeholders.contacts')} showSearch={{ optionFilterProp: 'label' }}
            options={(contacts.data ?? []).map((c) => ({ value: c.id, label: c.title ? `${c.name ?? ''} · ${c.title}` : (c.name ?? c.id) }))} data-testid="followup-contacts" />
        </Form.Item>
      )}
      <Form.Item label={t('followups.fields.files')}>
        <Upload name="file" action="/api/v1/files" data={{ recordType, recordId: record.id }} withCredentials headers={csrf ? { 'x-csrf-token': csrf } : {}}
          fileList={uploads}
          onChange={({ fileList, file }) => {
            setUploads(fileList);
            if (file.status === 'error') message.error((file.response as { error?: { message?: string } } | undefined)?.error?.message ?? t('errors.generic'));
          }}>
          <Button size={size} icon={<UploadOutlined />} data-testid="followup-upload">{t('followups.upload')}</Button>
        </Upload>
      </Form.Item>
      <Form.Item label={t('followups.fields.location')}>
        <CheckIn location={location} onChange={setLocation} defaultAddress={recordAddress(record)}
          onLocated={() => { if (!['visit', 'checkIn'].includes(form.getFieldValue('type'))) form.setFieldValue('type', 'visit'); }} />
      </Form.Item>
      <Flex gap={8} justify="flex-end" style={{ position: 'sticky', bottom: 0, background: 'var(--ant-color-bg-elevated, #fff)', padding: '12px 0' }}>
        <Button size={size} onClick={onClose} block={mobile}>{t('common.cancel')}</Button>
        <Button size={size} type="primary" htmlType="submit" loading={submitting} disabled={uploading} block={mobile} data-testid="followup-save">{t('common.save')}</Button>
      </Flex>
    </Form>
  );
}

export default function QuickFollowup({ open, onClose, recordType, record, title, followup }: QuickFollowupProps) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  return (
    <Drawer open={open} onClose={onClose} destroyOnHidden size={mobile ? '100%' : 560}
      title={followup ? t('followups.edit') : t('followups.drawerTitle', { name: title })} data-testid="followup-drawer">
      {open && <FollowupForm recordType={recordType} record={record} followup={followup ?? null} onClose={onClose} />}
    </Drawer>
  );
}
