import { Form, Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { buildDepartmentTree, departmentTreeOptions, roleLabel, useDepartments, useRoles, useUsers } from './api.ts';

/**
 * Department, manager and roles: the organization fields shared by the invite and edit forms.
 * When inviting, blanks mean the server's defaults (root department, default role); a member being
 * edited always keeps a department, as the server requires.
 */
export function UserOrgFields({ excludeUserId, inviting = false }: { excludeUserId?: string; inviting?: boolean }) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const roles = useRoles();
  // SMEs have tens of people, not thousands: the first 100 active members cover the manager picker.
  const managers = useUsers({ status: 'active', pageSize: 100 });

  return (
    <>
      <Form.Item name="departmentId" label={t('users.department')}>
        <TreeSelect
          allowClear={inviting}
          treeDefaultExpandAll
          loading={departments.isPending}
          treeData={departmentTreeOptions(buildDepartmentTree(departments.data ?? []))}
          placeholder={inviting ? t('users.defaultDepartment') : undefined}
        />
      </Form.Item>
      <Form.Item name="managerId" label={t('users.manager')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={managers.isPending}
          placeholder={t('common.none')}
          options={(managers.data?.items ?? [])
            .filter((u) => u.id !== excludeUserId)
            .map((u) => ({ value: u.id, label: `${u.name} · ${u.email ?? u.mobile ?? ''}` }))}
        />
      </Form.Item>
      <Form.Item name="roleIds" label={t('users.roles')}>
        <Select
          mode="multiple"
          allowClear
          loading={roles.isPending}
          placeholder={inviting ? t('users.defaultRole') : undefined}
          options={(roles.data ?? []).map((r) => ({ value: r.id, label: roleLabel(r) }))}
        />
      </Form.Item>
    </>
  );
}
