import './messages.ts';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

/** 列表 / 看板 switch above the opportunity list and the board. */
export function ViewToggle({ current }: { current: 'list' | 'board' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Segmented
      data-testid="opportunity-view-toggle"
      value={current}
      options={[{ value: 'list', label: t('opportunities.list') }, { value: 'board', label: t('opportunities.board') }]}
      onChange={(v) => navigate(v === 'board' ? '/opportunities/board' : '/opportunities')}
    />
  );
}
