import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Person } from './api.ts';

/** Picks people of the organization; those on leave are marked, so the admin knows the rule will pass them over. */
export function PersonSelect({ people, ...props }: { people: Person[] } & Omit<SelectProps, 'options'>) {
  const { t } = useTranslation();
  const options = people.map((p) => {
    const note = p.status === 'invited' ? t('assignment.editor.invited') : p.availableNow ? null : t('assignment.editor.onLeave');
    return { value: p.userId, label: note ? `${p.name} (${note})` : p.name };
  });
  return <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('assignment.editor.pickUser')} options={options} {...props} />;
}
