/** /settings/discount-limits: per role, the largest discount a quote may give without approval. */

import './messages.ts';
import { useEffect, useState } from 'react';
import { App, Button, Card, Input, Table } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, isApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';

interface Row { roleId: string; roleKey: string; roleName: string; roleNameEn: string | null; maxDiscountPct: string | null }

export default function DiscountLimitsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const found = useQuery({ queryKey: ['discount-limits'], queryFn: () => api.get<{ items: Row[] }>('/discount-limits') });
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (found.data) setValues(Object.fromEntries(found.data.items.map((r) => [r.roleId, r.maxDiscountPct ?? ''])));
  }, [found.data]);
  const items = found.data?.items ?? [];
  const save = useMutation({
    mutationFn: () => api.put<{ items: Row[] }>('/discount-limits', { items: items.map((r) => ({ roleId: r.roleId, maxDiscountPct: values[r.roleId]?.trim() ? values[r.roleId]!.trim() : null })) }),
    onSuccess: (data) => {
      setErrors({});
      queryClient.setQueryData(['discount-limits'], data);
      message.success(t('quotes.discountLimits.saved'));
    },
    onError: (err) => {
      if (isApiError(err)) {
        const byRole: Record<string, string> = {};
        for (const [field, msg] of Object.entries(err.fieldErrors)) {
          const m = /^items\.(\d+)\./.exec(field);
          if (m && items[Number(m[1])]) byRole[items[Number(m[1])]!.roleId] = msg;
        }
        setErrors(byRole);
      }
      message.error(errorMessage(err));
    },
  });
  return (
    <>
      <PageHeader title={t('quotes.discountLimits.title')} description={t('quotes.discountLimits.hint')}
        extra={<Button type="primary" loading={save.isPending} disabled={!found.data} onClick={() => save.mutate()} data-testid="discount-limits-save">{t('quotes.discountLimits.save')}</Button>} />
      <Card>
        <Table<Row> rowKey="roleId" loading={found.isPending} dataSource={items} pagination={false} size="middle" scroll={{ x: true }}
          columns={[
            { key: 'role', title: t('quotes.discountLimits.role'), render: (_, r) => (i18n.language === 'en' && r.roleNameEn) || r.roleName },
            {
              key: 'limit', title: t('quotes.discountLimits.limit'), width: 220,
              render: (_, r) => (
                <Input value={values[r.roleId] ?? ''} inputMode="decimal" suffix="%" placeholder={t('quotes.discountLimits.unlimited')} allowClear
                  status={errors[r.roleId] ? 'error' : undefined} title={errors[r.roleId]} data-testid={`discount-limit-${r.roleKey}`}
                  onChange={(e) => setValues((v) => ({ ...v, [r.roleId]: e.target.value }))} />
              ),
            },
          ]} />
      </Card>
    </>
  );
}
