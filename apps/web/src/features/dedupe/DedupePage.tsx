import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Flex, Form, Input, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useMe } from '../auth/useMe.ts';
import { DuplicateList } from '../records/DuplicateList.tsx';
import { useDuplicateSearch, type CheckRequest } from './api.ts';
import { checkBody, DEDUPE_TYPES, groupByType, type CheckValues, type DedupeRecordType } from './model.ts';

const FIELDS = ['name', 'company', 'mobile', 'email'] as const;

/** 查重: is this person or company already in the system, and whose is it? */
export default function DedupePage() {
  const { t } = useTranslation();
  const { me, isAdmin } = useMe();
  const [form] = Form.useForm<CheckValues>();
  const [body, setBody] = useState<CheckRequest | null>(null);
  const [empty, setEmpty] = useState(false);
  // every type the user works with, by default; the server also answers for types they may not open
  const viewable = DEDUPE_TYPES.filter((ty) => isAdmin || me?.permissions.objects[ty]?.includes('view'));
  const [types, setTypes] = useState<DedupeRecordType[]>(DEDUPE_TYPES);
  const search = useDuplicateSearch(body);

  const submit = (values: CheckValues) => {
    const b = checkBody(values);
    setEmpty(!b);
    setBody(b ? { ...b, recordTypes: types } : null);
  };
  const items = search.data?.items ?? [];
  const typeLabel = (ty: string) => t(`search.types.${ty}` as 'search.types.lead');

  return (
    <>
      <PageHeader title={t('dedupe.title')} description={t('dedupe.hint')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" onFinish={submit} data-testid="dedupe-form">
          <Row gutter={12}>
            {FIELDS.map((f) => (
              <Col key={f} xs={24} sm={12} lg={6}>
                <Form.Item name={f} label={t(`dedupe.${f}`)} style={{ marginBottom: 12 }}>
                  <Input allowClear placeholder={t(`dedupe.${f}Placeholder`)} inputMode={f === 'mobile' ? 'tel' : f === 'email' ? 'email' : undefined} data-testid={`dedupe-${f}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Flex gap={12} align="center" wrap justify="space-between">
            <Flex gap={8} align="center" wrap>
              <Typography.Text type="secondary">{t('dedupe.searchIn')}</Typography.Text>
              <Checkbox.Group value={types} onChange={(v) => v.length && setTypes(v as DedupeRecordType[])}
                options={DEDUPE_TYPES.map((ty) => ({ value: ty, label: typeLabel(ty) }))} />
            </Flex>
            <Flex gap={8}>
              <Button onClick={() => { form.resetFields(); setBody(null); setEmpty(false); }}>{t('dedupe.clear')}</Button>
              <Button type="primary" htmlType="submit" loading={search.isFetching} data-testid="dedupe-submit">{t('dedupe.search')}</Button>
            </Flex>
          </Flex>
        </Form>
      </Card>
      {empty && <Alert type="info" showIcon title={t('dedupe.needValue')} style={{ marginBottom: 16 }} />}
      {search.isError && <Alert type="error" showIcon title={errorMessage(search.error)} style={{ marginBottom: 16 }} />}
      {search.isSuccess && (
        <div data-testid="dedupe-results">
          <Typography.Paragraph type={items.length ? 'warning' : 'success'} strong>
            {items.length ? t('dedupe.found', { count: items.length }) : t('dedupe.noneFound')}
          </Typography.Paragraph>
          {groupByType(items, body?.recordTypes ?? DEDUPE_TYPES).map((g) => (
            <Card key={g.recordType} size="small" style={{ marginBottom: 12 }} data-testid={`dedupe-group-${g.recordType}`}
              title={<>{typeLabel(g.recordType)} <Typography.Text type="secondary">({g.items.length})</Typography.Text></>}
              extra={!viewable.includes(g.recordType) ? <Typography.Text type="secondary">{t('records.duplicates.hiddenOwner')}</Typography.Text> : null}>
              {g.items.length ? <DuplicateList items={g.items} /> : <Typography.Text type="secondary">{t('dedupe.groupEmpty')}</Typography.Text>}
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
