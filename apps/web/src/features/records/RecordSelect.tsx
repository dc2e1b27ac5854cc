import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import type { ListResponse } from './types.ts';

interface Props {
  /** REST base, e.g. '/customers' */
  apiPath: string;
  value?: string | null;
  onChange?: (id: string | null) => void;
  id?: string;
  disabled?: boolean;
  placeholder?: string;
  /** the current value's name when the caller already knows it (saves a lookup) */
  initialLabel?: string | null;
  'data-testid'?: string;
}

type Named = { id: string; name?: string; number?: string | null };
const label = (r: Named) => [r.name ?? '—', r.number].filter(Boolean).join(' · ');

/**
 * Picks one record by typing part of its name, number or phone (GET <apiPath>?q=, the list's
 * quick search — so only records the user may see are offered). The chosen one keeps its name.
 */
export function RecordSelect({ apiPath, value, onChange, id, disabled, placeholder, initialLabel, ...rest }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['records', 'select', apiPath, q],
    queryFn: ({ signal }) => api.get<ListResponse<Named>>(apiPath, { q: q || undefined, pageSize: 20, count: 'hasMore' }, signal),
    staleTime: 15_000,
  });
  const items = found.data?.items ?? [];
  // the chosen record may not be on the current page of matches: look it up once for its name
  const known = !value || items.some((r) => r.id === value) || Boolean(initialLabel);
  const current = useQuery({
    queryKey: ['records', 'select', apiPath, 'one', value],
    queryFn: () => api.get<Named>(`${apiPath}/${value}`),
    enabled: !known,
    staleTime: 60_000,
  });
  const options = items.map((r) => ({ value: r.id, label: label(r) }));
  if (value && !items.some((r) => r.id === value)) {
    options.unshift({ value, label: initialLabel ?? (current.data ? label(current.data) : '…') });
  }
  return (
    <Select id={id} value={value ?? undefined} disabled={disabled} allowClear showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={placeholder ?? t('records.form.searchRecord')} loading={found.isFetching} options={options}
      notFoundContent={found.isFetching ? t('common.loading') : t('records.form.noMatch')}
      onChange={(v: string | undefined) => onChange?.(v ?? null)} style={{ width: '100%' }} data-testid={rest['data-testid']} />
  );
}
