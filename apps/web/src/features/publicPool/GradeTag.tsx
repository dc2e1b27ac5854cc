import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLOR = { A: 'red', B: 'blue', C: 'default' } as const;

/** A/B/C grade as the customer pages show it (kept here so the pool page does not load the customer pages). */
export function GradeTag({ grade }: { grade: unknown }) {
  const { t } = useTranslation();
  if (grade !== 'A' && grade !== 'B' && grade !== 'C') return null;
  return <Tag color={COLOR[grade]}>{grade} · {t(`customers.grade.${grade}`)}</Tag>;
}
