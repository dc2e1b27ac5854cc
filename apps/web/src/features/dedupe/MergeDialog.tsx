import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Flex, Modal, Radio, Skeleton, Switch, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { recordKeys, useFormatContext } from '../records/api.ts';
import { EMPTY, fieldLabel, formatValue, widgetOf } from '../records/format.ts';
import type { FieldMeta } from '../records/types.ts';
import { API_PATHS, mergeRecords, useMergePreview } from './api.ts';
import { choicesToSend, initialChoices, mergePair, relatedSummary, shownFields, type Choice, type DedupeRecordType, type MergeField, type MergeSide } from './model.ts';

interface Props {
  recordType: DedupeRecordType;
  ids: string[];
  open: boolean;
  onClose: () => void;
  onMerged: () => void;
}

/** Side by side, field by field: which record stays, which value it keeps; then one confirm. */
export function MergeDialog({ recordType, ids, open, onClose, onMerged }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [keepSecond, setKeepSecond] = useState(false);
  const [showSame, setShowSame] = useState(false);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { survivorId, mergedId } = mergePair(ids, keepSecond);
  const preview = useMergePreview(recordType, survivorId, mergedId, open && ids.length === 2);
  const meta = useQuery({
    queryKey: recordKeys.fields(recordType),
    queryFn: () => api.get<{ items: FieldMeta[] }>(`${API_PATHS[recordType]}/fields`).then((r) => r.items),
    staleTime: 60_000,
    enabled: open,
  });
  const ctx = useFormatContext();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const metaByKey = useMemo(() => new Map((meta.data ?? []).map((f) => [f.key, f])), [meta.data]);

  useEffect(() => {
    if (preview.data) setChoices(initialChoices(preview.data));
  }, [preview.data]);

  const show = (f: MergeField, side: 'survivor' | 'merged') => {
    const text = side === 'survivor' ? f.survivorText : f.mergedText;
    const value = f[side];
    if (text !== undefined) return text ?? (value ? String(value) : EMPTY);
    const m = metaByKey.get(f.key);
    if (!m) return value === null || value === '' ? EMPTY : String(value);
    return formatValue(m, widgetOf(m, {}), value, ctx);
  };
  const label = (f: MergeField) => {
    const m = metaByKey.get(f.key);
    return m ? fieldLabel(m, locale) : locale === 'en' ? f.labelEn : f.label;
  };
  const side = (s: MergeSide) => `${s.title ?? s.number ?? '—'}${s.number && s.title ? ` · ${s.number}` : ''}${s.ownerName ? ` · ${s.ownerName}` : ''}`;

  const confirm = async () => {
    if (!preview.data) return;
    setSaving(true);
    setError(null);
    try {
      await mergeRecords({ recordType, survivorId, mergedId, choices: choicesToSend(preview.data, choices) });
      message.success(t('dedupe.merge.done', { name: preview.data.survivor.title ?? preview.data.survivor.number ?? '' }));
      onMerged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const p = preview.data;
  const fields = p ? shownFields(p, showSame) : [];
  const typeName = t(`search.types.${recordType}` as 'search.types.lead');
  return (
    <Modal open={open} onCancel={onClose} title={t('dedupe.merge.title', { type: typeName })} width={mobile ? '100%' : 760} destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="ok" type="primary" danger loading={saving} disabled={!p} onClick={() => void confirm()} data-testid="merge-confirm">{t('dedupe.merge.confirm')}</Button>,
      ]}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="merge-error" />}
      {preview.isError && <Alert type="error" showIcon title={errorMessage(preview.error)} style={{ marginBottom: 12 }} />}
      {!p && preview.isPending && <Skeleton active />}
      {p && (
        <Flex vertical gap={12} data-testid="merge-dialog">
          <div>
            <Typography.Text strong>{t('dedupe.merge.keep')}</Typography.Text>
            <Radio.Group value={keepSecond ? 1 : 0} onChange={(e) => setKeepSecond(e.target.value === 1)} style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 4 }}>
              {/* the order of the selection, so the choice does not jump when the preview reloads */}
              {(keepSecond ? [p.merged, p.survivor] : [p.survivor, p.merged]).map((s, i) => (
                <Radio key={s.id} value={i} data-testid={`merge-keep-${i}`}><span className="ll-break">{side(s)}</span></Radio>
              ))}
            </Radio.Group>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{t('dedupe.merge.keepHint')}</Typography.Paragraph>
          </div>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Text strong>{t('dedupe.merge.fields')}</Typography.Text>
            <Flex gap={6} align="center"><Switch size="small" checked={showSame} onChange={setShowSame} /><Typography.Text type="secondary">{t('dedupe.merge.showSame')}</Typography.Text></Flex>
          </Flex>
          {fields.length === 0 && <Typography.Text type="secondary">{t('dedupe.merge.noDiff')}</Typography.Text>}
          {fields.map((f) => (
            <div key={f.key} data-testid={`merge-field-${f.key}`} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
              <Typography.Text type="secondary">{label(f)}</Typography.Text>
              {f.same ? (
                <div className="ll-break">{show(f, 'survivor')}</div>
              ) : (
                <Radio.Group value={choices[f.key] ?? f.default} disabled={!f.choosable} onChange={(e) => setChoices((c) => ({ ...c, [f.key]: e.target.value as Choice }))}
                  style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr' : '1fr 1fr', gap: 4, width: '100%' }}>
                  <Radio value="survivor" data-testid={`merge-pick-${f.key}-survivor`}><span className="ll-break">{show(f, 'survivor')}</span></Radio>
                  <Radio value="merged" data-testid={`merge-pick-${f.key}-merged`}><span className="ll-break">{show(f, 'merged')}</span></Radio>
                </Radio.Group>
              )}
              {!f.same && !f.choosable && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('dedupe.merge.readonly')}</Typography.Text>}
            </div>
          ))}
          {p.tags.length > 0 && (
            <div>
              <Typography.Text type="secondary">{t('dedupe.merge.tags')}</Typography.Text>
              <div>{p.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)}</div>
            </div>
          )}
          {relatedSummary(p.related).length > 0 && (
            <Typography.Text>
              {t('dedupe.merge.moves')}
              {relatedSummary(p.related).map((r) => t(`dedupe.merge.related.${r.kind}` as 'dedupe.merge.related.files', { count: r.count, defaultValue: `${r.kind} ${r.count}` })).join('、')}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Modal>
  );
}
