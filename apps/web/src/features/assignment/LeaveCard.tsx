import { App, Card, DatePicker, Empty, Flex, Switch, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { assignmentKeys, type Person } from './api.ts';

/** Who is on leave: they get no new leads until they are back (automatically after the end date). */
export function LeaveCard({ people }: { people: Person[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();

  const save = async (p: Person, onLeave: boolean, until: string | null) => {
    try {
      const res = await api.put<{ items: Person[] }>('/assignment-availability', { items: [{ userId: p.userId, onLeave, until: onLeave ? until : null }] });
      queryClient.setQueryData(assignmentKeys.people, res.items);
      message.success(t('assignment.leave.saved', { name: p.name }));
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <Card title={t('assignment.leave.title')} size="small" style={{ flex: '1 1 320px' }} data-testid="assignment-leave">
      <Typography.Paragraph type="secondary">{t('assignment.leave.hint')}</Typography.Paragraph>
      {!people.length && <Empty description={t('assignment.leave.empty')} />}
      <Flex vertical gap={8} style={{ maxHeight: 420, overflowY: 'auto' }}>
        {people.map((p) => (
          <Flex key={p.userId} gap={8} align="center" wrap justify="space-between" data-testid="leave-row">
            <Flex gap={6} align="center" style={{ minWidth: 0, flex: '1 1 120px' }}>
              <Typography.Text ellipsis>{p.name}</Typography.Text>
              {p.status === 'invited' && <Tag>{t('assignment.editor.invited')}</Tag>}
              {p.onLeave && !p.availableNow && <Tag color="orange">{t('assignment.leave.away')}</Tag>}
            </Flex>
            <Flex gap={8} align="center">
              {p.onLeave && (
                <DatePicker size="small" value={p.until ? dayjs(p.until) : null} placeholder={t('assignment.leave.untilPlaceholder')}
                  aria-label={`${p.name} ${t('assignment.leave.until')}`} onChange={(d) => save(p, true, d ? d.format('YYYY-MM-DD') : null)} />
              )}
              <Switch checked={p.onLeave} onChange={(v) => save(p, v, p.until)} aria-label={`${p.name} ${t('assignment.leave.onLeave')}`}
                checkedChildren={t('assignment.leave.onLeave')} unCheckedChildren={t('assignment.leave.back')} />
            </Flex>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
