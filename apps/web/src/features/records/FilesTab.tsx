import { App, Button, List, Popconfirm, Typography, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, readCookie } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';

interface FileItem { id: string; name: string; size: number; mimeType: string; createdAt: string }

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`);

/** Files attached to a record (GET /files?recordType=&recordId=), with upload and delete. */
export function FilesTab({ recordType, recordId }: { recordType: string; recordId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = ['files', recordType, recordId];
  const files = useQuery({ queryKey: key, queryFn: () => api.get<{ items: FileItem[] }>('/files', { recordType, recordId }).then((r) => r.items) });
  const csrf = readCookie('ll_csrf');
  const remove = async (f: FileItem) => {
    try {
      await api.delete(`/files/${f.id}`);
      message.success(t('records.files.deleted'));
      await queryClient.invalidateQueries({ queryKey: key });
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <>
      <Upload name="file" action="/api/v1/files" data={{ recordType, recordId }} withCredentials showUploadList={false}
        headers={csrf ? { 'x-csrf-token': csrf } : {}}
        onChange={({ file }) => {
          if (file.status === 'done') {
            message.success(t('records.files.uploaded', { name: file.name }));
            void queryClient.invalidateQueries({ queryKey: key });
          } else if (file.status === 'error') message.error(file.response?.error?.message ?? t('errors.generic'));
        }}>
        <Button icon={<UploadOutlined />} data-testid="file-upload">{t('records.files.upload')}</Button>
      </Upload>
      <List style={{ marginTop: 12 }} loading={files.isPending} dataSource={files.data ?? []} locale={{ emptyText: t('records.files.empty') }}
        renderItem={(f) => (
          <List.Item actions={[
            <Popconfirm key="d" title={t('records.files.deleteConfirm', { name: f.name })} onConfirm={() => remove(f)}>
              <Button type="link" size="small" danger>{t('common.delete')}</Button>
            </Popconfirm>,
          ]}>
            <List.Item.Meta avatar={<PaperClipOutlined />}
              title={<Typography.Link href={`/api/v1/files/${f.id}/content`} className="ll-break">{f.name}</Typography.Link>}
              description={`${size(f.size)} · ${formatDateTime(f.createdAt)}`} />
          </List.Item>
        )} />
    </>
  );
}
