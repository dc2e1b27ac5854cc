import { useState, type DragEvent } from 'react';
import { Button, Flex, Input, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, HolderOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { addField, fieldLabel, moveItem, type CatalogField, type FormFieldConfig } from './api.ts';

interface Props {
  catalog: CatalogField[];
  value?: FormFieldConfig[];
  onChange?: (next: FormFieldConfig[]) => void;
}

/**
 * The form's fields in order: drag a row (or use the arrows, the keyboard way) to reorder; each row
 * sets its label, help text and whether it is required. Fields every lead needs cannot be removed
 * or made optional.
 */
export function FieldPicker({ catalog, value = [], onChange }: Props) {
  const { t, i18n } = useTranslation();
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  // only the handle starts a drag, so selecting text in a row's inputs still works
  const [armed, setArmed] = useState<number | null>(null);
  const byKey = new Map(catalog.map((f) => [f.key, f]));
  const set = (next: FormFieldConfig[]) => onChange?.(next);
  const patch = (i: number, p: Partial<FormFieldConfig>) => set(value.map((f, j) => (j === i ? { ...f, ...p } : f)));
  const unused = catalog.filter((f) => !value.some((v) => v.key === f.key));
  const group = (source: CatalogField['source']) =>
    unused.filter((f) => f.source === source).map((f) => ({ value: f.key, label: `${fieldLabel(f, i18n.language)} · ${t(`webForms.inputs.${f.input}`)}` }));
  const options = [
    { label: t('webForms.standardFields'), options: group('standard') },
    { label: t('webForms.customFields'), options: group('custom') },
  ].filter((g) => g.options.length);

  const drag = (i: number) => ({
    draggable: armed === i,
    onDragStart: (e: DragEvent) => { setDragFrom(i); e.dataTransfer.effectAllowed = 'move'; },
    onDragOver: (e: DragEvent) => { if (dragFrom !== null) e.preventDefault(); },
    onDrop: (e: DragEvent) => { e.preventDefault(); if (dragFrom !== null) set(moveItem(value, dragFrom, i)); setDragFrom(null); },
    onDragEnd: () => { setDragFrom(null); setArmed(null); },
  });

  return (
    <Flex vertical gap={8} data-testid="field-picker">
      {value.map((f, i) => {
        const def = byKey.get(f.key);
        const locked = Boolean(def?.requiredOnLead);
        const defaultLabel = def ? fieldLabel(def, i18n.language) : f.key;
        return (
          <div key={f.key} {...drag(i)} data-testid={`form-field-${f.key}`}
            style={{ border: '1px solid rgba(5,5,5,0.1)', borderRadius: 8, padding: 8, opacity: dragFrom === i ? 0.5 : 1, background: 'var(--ant-color-bg-container, #fff)' }}>
            <Flex align="center" gap={8} wrap>
              <HolderOutlined style={{ cursor: 'grab', color: '#999' }} aria-hidden onPointerDown={() => setArmed(i)} onPointerUp={() => setArmed(null)} />
              <Typography.Text strong style={{ flex: '1 1 120px', minWidth: 0 }} ellipsis>{defaultLabel}</Typography.Text>
              {def ? <Tag>{t(`webForms.inputs.${def.input}`)}</Tag> : <Tag color="red">?</Tag>}
              <Tooltip title={locked ? t('webForms.lockedRequired') : undefined}>
                <Flex align="center" gap={4}>
                  <Switch size="small" checked={f.required || locked} disabled={locked} onChange={(required) => patch(i, { required })} aria-label={t('webForms.required')} />
                  <span>{t('webForms.required')}</span>
                </Flex>
              </Tooltip>
              <Flex>
                <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label={t('webForms.moveUp')} disabled={i === 0} onClick={() => set(moveItem(value, i, i - 1))} />
                <Button type="text" size="small" icon={<ArrowDownOutlined />} aria-label={t('webForms.moveDown')} disabled={i === value.length - 1} onClick={() => set(moveItem(value, i, i + 1))} />
                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('webForms.remove')} disabled={locked} onClick={() => set(value.filter((_, j) => j !== i))} />
              </Flex>
            </Flex>
            <Flex gap={8} wrap style={{ marginTop: 8 }}>
              <Space.Compact size="small" style={{ flex: '1 1 160px' }}>
                <Space.Addon>{t('webForms.labelOverride')}</Space.Addon>
                <Input maxLength={60} placeholder={defaultLabel} value={f.label ?? ''} aria-label={t('webForms.labelOverride')} onChange={(e) => patch(i, { label: e.target.value || null })} />
              </Space.Compact>
              <Space.Compact size="small" style={{ flex: '2 1 200px' }}>
                <Space.Addon>{t('webForms.help')}</Space.Addon>
                <Input maxLength={200} value={f.help ?? ''} aria-label={t('webForms.help')} onChange={(e) => patch(i, { help: e.target.value || null })} />
              </Space.Compact>
            </Flex>
          </div>
        );
      })}
      {options.length > 0 && (
        <Select showSearch optionFilterProp="label" value={null} placeholder={t('webForms.addField')} options={options} style={{ maxWidth: 360 }}
          aria-label={t('webForms.addField')} onChange={(key: string) => { const f = byKey.get(key); if (f) set(addField(value, f)); }} />
      )}
    </Flex>
  );
}
