/** The contract's line items; editable (LineItemsEditor) while the contract is a draft, rejected or withdrawn. */

import './messages.ts';
import { useState } from 'react';
import { App, Button, Flex, Modal } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { LineItemsEditor } from '../products/LineItemsEditor.tsx';
import { LineItemsTable } from '../products/LineItemsTable.tsx';
import { fromDto, toInputs, type LineItemDraft } from '../products/lineItemModel.ts';
import { useRecordPermissions } from '../records/permissions.ts';
import { EDITABLE, type Contract } from './model.ts';

export default function ContractLines({ contract: c }: { contract: Contract }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const can = useRecordPermissions('contract');
  const [drafts, setDrafts] = useState<LineItemDraft[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const lines = c.lines ?? [];
  const editable = can('edit') && !!c.status && EDITABLE.includes(c.status);
  const save = useMutation({
    mutationFn: (d: LineItemDraft[]) => api.patch(`/contracts/${c.id}`, { lines: toInputs(d) }),
    onSuccess: async () => {
      message.success(t('contracts.linesSaved'));
      setDrafts(null);
      await queryClient.invalidateQueries({ queryKey: ['records', 'contract'] });
    },
    onError: (err) => {
      if (err instanceof ApiError) setErrors(err.fieldErrors);
      message.error(errorMessage(err));
    },
  });
  return (
    <Flex vertical gap={8}>
      {editable && (
        <Flex justify="flex-end">
          <Button icon={<EditOutlined />} onClick={() => { setErrors({}); setDrafts(lines.map(fromDto)); }} data-testid="contract-edit-lines">{t('contracts.editLines')}</Button>
        </Flex>
      )}
      <LineItemsTable lines={lines} />
      <Modal open={drafts !== null} title={t('contracts.editLines')} width={1100} onCancel={() => setDrafts(null)} onOk={() => drafts && save.mutate(drafts)}
        okButtonProps={{ loading: save.isPending }} destroyOnHidden>
        {drafts && <LineItemsEditor value={drafts} onChange={setDrafts} serverErrors={errors} />}
      </Modal>
    </Flex>
  );
}
