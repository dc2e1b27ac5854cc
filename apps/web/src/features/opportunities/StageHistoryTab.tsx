import './messages.ts';
import { Empty, Skeleton, Timeline } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import i18n from '../../lib/i18n.ts';
import type { Opportunity } from './api.ts';

export function duration(seconds: number): string {
  if (seconds >= 86_400) return i18n.t('opportunities.days', { n: Math.round(seconds / 86_400) });
  if (seconds >= 3600) return i18n.t('opportunities.hours', { n: Math.round(seconds / 3600) });
  return i18n.t('opportunities.minutes', { n: Math.max(1, Math.round(seconds / 60)) });
}

/** 阶段历程: every stage and status change with who, when and how long it stayed. */
export default function StageHistoryTab({ opportunityId }: { opportunityId: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['records', 'opportunity', 'one', opportunityId, 'stages'], queryFn: () => api.get<Opportunity>(`/opportunities/${opportunityId}`) });
  if (q.isLoading) return <Skeleton active />;
  const items = q.data?.stageHistory ?? [];
  if (!items.length) return <Empty />;
  return (
    <Timeline
      data-testid="stage-history"
      items={items.map((h) => {
        const to = h.toStatus !== 'open' ? t(`opportunities.status.${h.toStatus}` as 'opportunities.status.open') : h.toStageName ?? '';
        const from = h.fromStatus && h.fromStatus !== 'open' ? t(`opportunities.status.${h.fromStatus}` as 'opportunities.status.open') : h.fromStageName;
        return {
          children: (
            <div>
              <div>{from ? `${from} → ${to}` : to}</div>
              <div style={{ color: '#888', fontSize: 12 }}>
                {formatDateTime(h.changedAt)} · {h.changedByName ?? '—'}
                {h.secondsInStage !== null ? ` · ${t('opportunities.inStage', { time: duration(h.secondsInStage) })}` : ''}
              </div>
            </div>
          ),
        };
      })}
    />
  );
}
