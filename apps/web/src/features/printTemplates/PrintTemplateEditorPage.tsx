import './messages.ts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Checkbox, Col, Empty, Flex, Input, List, Row, Select, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, EyeOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import {
  checkTemplate, DEFAULT_PRINT_TEMPLATES, PRINT_ORIENTATIONS, PRINT_PAGE_SIZES, PRINT_RECORD_TYPES, type PrintRecordType, type TemplateProblem,
} from '@loopline/shared';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Loading } from '../../components/Loading.tsx';
import { api, isApiError } from '../../lib/api.ts';
import { RecordSelect } from '../records/RecordSelect.tsx';
import { previewPdf, printKeys, RECORD_API, usePrintFields, type PrintTemplate } from './api.ts';
import { BRACE_VALUES, braces } from './braces.ts';
import { insertAt, linesTableSnippet, offsetOf, placeholder } from './editorModel.ts';

type PageSize = (typeof PRINT_PAGE_SIZES)[number];
type Orientation = (typeof PRINT_ORIENTATIONS)[number];

/** /settings/print-templates/new?type=quote and /settings/print-templates/:id */
export default function PrintTemplateEditorPage() {
  const { id } = useParams<{ id: string }>();
  const isNew = !id || id === 'new';
  const existing = useQuery({ queryKey: printKeys.one(id ?? 'new'), queryFn: () => api.get<PrintTemplate>(`/print-templates/${id}`), enabled: !isNew });
  const [params] = useSearchParams();
  if (!isNew && !existing.data) return <Loading />;
  const type = (PRINT_RECORD_TYPES as readonly string[]).includes(params.get('type') ?? '') ? (params.get('type') as PrintRecordType) : 'quote';
  return <Editor key={id ?? 'new'} template={isNew ? null : existing.data!} recordType={isNew ? type : existing.data!.recordType} />;
}

function Editor({ template, recordType }: { template: PrintTemplate | null; recordType: PrintRecordType }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fields = usePrintFields(recordType);
  const builtIn = DEFAULT_PRINT_TEMPLATES[recordType];
  const [name, setName] = useState(template?.name ?? `${builtIn.name}（${t('printTemplates.newTemplate')}）`);
  const [body, setBody] = useState(template?.body ?? builtIn.body);
  const [pageSize, setPageSize] = useState<PageSize>(template?.pageSize ?? 'A4');
  const [orientation, setOrientation] = useState<Orientation>(template?.orientation ?? 'portrait');
  const [isDefault, setIsDefault] = useState(template?.isDefault ?? false);
  const [saving, setSaving] = useState(false);
  const area = useRef<TextAreaRef>(null);

  const problems: TemplateProblem[] = useMemo(() => {
    if (!fields.data) return checkTemplate(body);
    return checkTemplate(body, { fields: fields.data.fields.map((f) => f.key), lineColumns: fields.data.lineColumns.map((c) => c.key) });
  }, [body, fields.data]);

  const textarea = () => area.current?.resizableTextArea?.textArea;
  const insert = (snippet: string) => {
    const el = textarea();
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? start;
    const next = insertAt(body, start, end, snippet);
    setBody(next.text);
    requestAnimationFrame(() => {
      const after = textarea();
      after?.focus();
      after?.setSelectionRange(next.caret, next.caret);
    });
  };
  const jumpTo = (p: TemplateProblem) => {
    const el = textarea();
    if (!el) return;
    const at = offsetOf(body, p.line, p.column);
    el.focus();
    el.setSelectionRange(at, at);
  };

  const save = async () => {
    setSaving(true);
    try {
      const payload = { name: name.trim(), body, pageSize, orientation, isDefault };
      const saved = template
        ? await api.patch<PrintTemplate>(`/print-templates/${template.id}`, payload)
        : await api.post<PrintTemplate>('/print-templates', { recordType, ...payload });
      message.success(t('printTemplates.editor.saved'));
      await queryClient.invalidateQueries({ queryKey: printKeys.all });
      if (!template) navigate(`/settings/print-templates/${saved.id}`, { replace: true });
    } catch (err) {
      message.error(isApiError(err) ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  const lineColumns = fields.data?.lineColumns ?? [];
  return (
    <>
      <PageHeader
        title={template ? t('printTemplates.editor.editTitle', { name: template.name }) : t('printTemplates.editor.newTitle', { type: t(`printTemplates.types.${recordType}`) })}
        extra={(
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/settings/print-templates?type=${recordType}`)}>{t('printTemplates.editor.back')}</Button>
            <Button type="primary" loading={saving} disabled={!name.trim() || !body.trim()} onClick={() => void save()} data-testid="print-template-save">{t('printTemplates.editor.save')}</Button>
          </>
        )}
      />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} style={{ maxWidth: 320 }} addonBefore={t('printTemplates.editor.name')} data-testid="print-template-name-input" />
        <Select<PageSize> value={pageSize} onChange={setPageSize} options={PRINT_PAGE_SIZES.map((s) => ({ value: s, label: s }))} style={{ width: 100 }} aria-label={t('printTemplates.editor.pageSize')} />
        <Select<Orientation> value={orientation} onChange={setOrientation} style={{ width: 100 }} aria-label={t('printTemplates.editor.orientation')}
          options={PRINT_ORIENTATIONS.map((o) => ({ value: o, label: t(`printTemplates.orientation.${o}`) }))} />
        <Checkbox checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} data-testid="print-template-default">{t('printTemplates.editor.isDefault')}</Checkbox>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Input.TextArea ref={area} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} data-testid="print-template-body"
            aria-label={t('printTemplates.editor.body')} autoSize={{ minRows: 18, maxRows: 40 }}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13, whiteSpace: 'pre', overflowX: 'auto' }} />
          <Flex gap={8} wrap style={{ marginTop: 8 }}>
            <Button size="small" onClick={() => insert(linesTableSnippet(lineColumns.filter((c) => ['index', 'productName', 'quantity', 'salePrice', 'totalAmount'].includes(c.key))))}>{t('printTemplates.editor.insertLinesTable')}</Button>
            <Button size="small" onClick={() => insert('<img src="logo" width="120">')}>{t('printTemplates.editor.insertLogo')}</Button>
            <Button size="small" onClick={() => setBody(builtIn.body)}>{t('printTemplates.editor.restoreBuiltIn')}</Button>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>{braces(t('printTemplates.editor.syntax', BRACE_VALUES))}</Typography.Paragraph>
          <Problems problems={problems} onPick={jumpTo} />
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('printTemplates.editor.placeholders')} style={{ marginBottom: 16 }}>
            <PlaceholderGroup title={t('printTemplates.editor.fields')} items={fields.data?.fields ?? []} onPick={insert} />
            <PlaceholderGroup title={t('printTemplates.editor.org')} items={[...(fields.data?.org ?? []), ...(fields.data?.globals ?? [])]} onPick={insert} />
            <PlaceholderGroup title={braces(t('printTemplates.editor.lines', BRACE_VALUES))} items={lineColumns} onPick={insert} color="purple" />
          </Card>
          <Preview recordType={recordType} body={body} pageSize={pageSize} orientation={orientation} />
        </Col>
      </Row>
    </>
  );
}

function PlaceholderGroup({ title, items, onPick, color }: { title: string; items: { key: string; label: string }[]; onPick: (s: string) => void; color?: string }) {
  if (!items.length) return null;
  return (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{title}</Typography.Text>
      <div style={{ maxHeight: 160, overflowY: 'auto', marginTop: 4 }}>
        {items.map((f) => (
          <Tag key={f.key} color={color} style={{ cursor: 'pointer', marginBottom: 4 }} onClick={() => onPick(placeholder(f.key))} data-testid={`placeholder-${f.key}`}
            title={placeholder(f.key)}>
            {f.label}
          </Tag>
        ))}
      </div>
    </div>
  );
}

function Problems({ problems, onPick }: { problems: TemplateProblem[]; onPick: (p: TemplateProblem) => void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('printTemplates.editor.problems')} data-testid="print-template-problems">
      {problems.length === 0 ? (
        <Typography.Text type="success">{t('printTemplates.editor.noProblems')}</Typography.Text>
      ) : (
        <List size="small" dataSource={problems.slice(0, 50)} renderItem={(p) => (
          <List.Item style={{ cursor: 'pointer' }} onClick={() => onPick(p)} data-testid="print-template-problem">
            <Space align="start">
              <WarningOutlined style={{ color: '#d46b08' }} />
              <span><Typography.Text strong>{t('printTemplates.editor.problemAt', { line: p.line, column: p.column })}</Typography.Text>　{p.message}</span>
            </Space>
          </List.Item>
        )} />
      )}
    </Card>
  );
}

function Preview({ recordType, body, pageSize, orientation }: { recordType: PrintRecordType; body: string; pageSize: PageSize; orientation: Orientation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [recordId, setRecordId] = useState<string | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);

  const run = async () => {
    if (!recordId) return;
    setLoading(true);
    try {
      const blob = await previewPdf({ recordType, recordId, body, pageSize, orientation });
      setUrl(URL.createObjectURL(blob));
    } catch (err) {
      message.error(isApiError(err) ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Card size="small" title={t('printTemplates.editor.preview')}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('printTemplates.editor.previewHint')}</Typography.Paragraph>
      <Flex gap={8} wrap>
        <div style={{ flex: '1 1 200px' }}>
          <RecordSelect apiPath={RECORD_API[recordType]} value={recordId} onChange={setRecordId} placeholder={t('printTemplates.editor.pickRecord')} data-testid="print-preview-record" />
        </div>
        <Button icon={<EyeOutlined />} type="primary" ghost disabled={!recordId} loading={loading} onClick={() => void run()} data-testid="print-preview-run">{t('printTemplates.editor.preview')}</Button>
        {url && <Button icon={<DownloadOutlined />} href={url} download={`${t(`printTemplates.types.${recordType}`)}-preview.pdf`} data-testid="print-preview-download">{t('printTemplates.editor.download')}</Button>}
      </Flex>
      {url ? (
        <object data={url} type="application/pdf" style={{ width: '100%', height: '70vh', marginTop: 12, border: '1px solid #f0f0f0' }} data-testid="print-preview-pdf">
          <a href={url} target="_blank" rel="noreferrer">{t('printTemplates.button.open')}</a>
        </object>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('printTemplates.editor.pickRecord')} />
      )}
    </Card>
  );
}
