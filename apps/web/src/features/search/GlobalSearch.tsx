import { useEffect, useRef, useState } from 'react';
import { AutoComplete, Button, Drawer, Flex, Input, Typography, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { RECORD_PATHS } from '../../app/navigation.ts';
import { useGlobalSearch } from './useGlobalSearch.ts';

/**
 * Header search over every record type the user may view, results grouped by type. antd's AutoComplete
 * gives the keyboard for free: arrows move, Enter opens, Esc closes. On phones an icon opens it
 * full-width at the top of the screen. "/" or Ctrl/⌘+K jumps into it from anywhere.
 */
export default function GlobalSearch({ mobile = false }: { mobile?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const input = useRef<InputRef>(null);
  const { groups, q, settled, isError } = useGlobalSearch(text);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable);
      if ((e.key === 'k' && (e.metaKey || e.ctrlKey)) || (e.key === '/' && !typing)) {
        e.preventDefault();
        if (mobile) setOpen(true);
        else input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mobile]);

  const options = groups.map((g) => ({
    label: <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`search.types.${g.recordType}`)}</Typography.Text>,
    options: g.items.map((item) => ({
      value: `${g.recordType}:${item.id}`,
      disabled: !RECORD_PATHS[g.recordType],
      label: (
        <Flex vertical style={{ minWidth: 0, lineHeight: 1.35 }} data-testid="search-result">
          <Typography.Text ellipsis>{item.title}</Typography.Text>
          {item.subtitle && <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>{item.subtitle}</Typography.Text>}
        </Flex>
      ),
    })),
  }));

  const choose = (value: string) => {
    const [type, id] = value.split(':') as [keyof typeof RECORD_PATHS, string];
    const to = RECORD_PATHS[type]?.(id);
    if (!to) return;
    setText('');
    setOpen(false);
    input.current?.blur();
    navigate(to);
  };

  const empty = !q ? null : isError ? t('search.failed') : settled && groups.length === 0 ? t('search.empty', { q }) : null;

  const box = (
    <AutoComplete
      value={text}
      onChange={setText}
      onSelect={choose}
      options={options}
      // the first hit is highlighted, so Enter right after typing opens it
      defaultActiveFirstOption
      notFoundContent={empty && <Typography.Text type="secondary">{empty}</Typography.Text>}
      popupMatchSelectWidth={mobile ? true : 360}
      style={{ width: mobile ? '100%' : 280 }}
    >
      <Input
        ref={input}
        prefix={<SearchOutlined style={{ color: '#9ca3af' }} />}
        placeholder={t('search.placeholder')}
        aria-label={t('search.open')}
        allowClear
        autoFocus={mobile}
        data-testid="global-search"
      />
    </AutoComplete>
  );

  if (!mobile) return box;
  return (
    <>
      <Button type="text" icon={<SearchOutlined />} aria-label={t('search.open')} onClick={() => setOpen(true)} data-testid="search-open" />
      <Drawer placement="top" open={open} onClose={() => setOpen(false)} size={64} closable={false}
        styles={{ body: { padding: 12 } }} destroyOnHidden>
        <Flex gap={8} align="center">
          <div style={{ flex: 1, minWidth: 0 }}>{box}</div>
          <Button type="text" onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
        </Flex>
      </Drawer>
    </>
  );
}
