import { Checkbox, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RolePermissions } from '@loopline/shared';
import { ACTIONS, RECORD_TYPES, type RecordType } from './api.ts';
import { setAction, setAllActions } from './permissionsDraft.ts';

/** Record types × actions. Every cell is a labelled checkbox, so the grid works with Tab and Space. */
export function PermissionMatrix({ value, onChange }: { value: RolePermissions; onChange: (next: RolePermissions) => void }) {
  const { t } = useTranslation();
  const has = (type: RecordType, action: string) => (value.objects[type] ?? []).includes(action as never);

  const columns: TableColumnsType<{ type: RecordType }> = [
    {
      title: t('admin.roles.recordType'), dataIndex: 'type', fixed: 'left', width: 130,
      render: (type: RecordType) => {
        const count = value.objects[type]?.length ?? 0;
        return (
          <Checkbox checked={count === ACTIONS.length} indeterminate={count > 0 && count < ACTIONS.length}
            onChange={(e) => onChange(setAllActions(value, type, e.target.checked))}
            aria-label={t('admin.roles.allActionsOf', { type: t(`admin.recordTypes.${type}`) })}>
            {t(`admin.recordTypes.${type}`)}
          </Checkbox>
        );
      },
    },
    ...ACTIONS.map((action) => ({
      title: t(`admin.actions.${action}`), key: action, align: 'center' as const, width: 64,
      render: (_: unknown, { type }: { type: RecordType }) => (
        <Checkbox checked={has(type, action)} data-testid={`perm-${type}-${action}`}
          aria-label={`${t(`admin.recordTypes.${type}`)} · ${t(`admin.actions.${action}`)}`}
          onChange={(e) => onChange(setAction(value, type, action, e.target.checked))} />
      ),
    })),
  ];

  return (
    <Table rowKey="type" size="small" pagination={false} columns={columns} scroll={{ x: 'max-content' }}
      dataSource={RECORD_TYPES.map((type) => ({ type }))} data-testid="permission-matrix" />
  );
}
