import { useState } from 'react';
import { Alert, Flex, Spin, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { ApiError } from '../../lib/api.ts';
import { inLanguage, uploadFile, type ImportRecordType, type Uploaded } from './api.ts';

const ACCEPT = '.xlsx,.xlsm,.csv,.tsv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

/** Step 1: drop a file; the server reads it at once and answers headers, mapping and a preview. */
export function UploadStep({ recordType, onUploaded }: { recordType: ImportRecordType; onUploaded: (u: Uploaded) => void }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      onUploaded(await uploadFile(recordType, file));
    } catch (err) {
      // file problems come with a bilingual message from the server (empty, wrong type, too large …)
      setError(err instanceof ApiError && err.status < 500 && err.message ? inLanguage(err.message, zh) : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Spin spinning={busy} description={t('imports.upload.reading')}>
        <Upload.Dragger accept={ACCEPT} multiple={false} showUploadList={false} disabled={busy} data-testid="import-upload"
          beforeUpload={(file) => { void send(file); return false; }}>
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p className="ant-upload-text">{t('imports.upload.hint')}</p>
          <p className="ant-upload-hint">{t('imports.upload.limits')}</p>
        </Upload.Dragger>
      </Spin>
      {error && <Alert type="error" showIcon title={t('imports.upload.failed')} description={error} data-testid="import-upload-error" />}
      <Typography.Text type="secondary"><Link to="/imports">{t('imports.history')}</Link></Typography.Text>
    </Flex>
  );
}
