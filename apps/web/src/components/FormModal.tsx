import { Fragment, useState, type Key, type ReactNode } from 'react';
import { Button, Flex, Modal } from 'antd';
import { useTranslation } from 'react-i18next';

interface FormModalProps<T> {
  /** What the modal is about; null = closed. */
  target: T | null;
  title: (target: T) => ReactNode;
  onClose: () => void;
  /** Renders the form; it mounts fresh for each opening so initial values and errors never leak between openings. */
  render: (target: T) => ReactNode;
  keyOf?: (target: T) => Key;
}

/**
 * A modal that holds one form. The content remembers the last target so it stays visible while the modal
 * fades out, and is destroyed once hidden, so the next opening starts from clean form state.
 */
export function FormModal<T>({ target, title, onClose, render, keyOf }: FormModalProps<T>) {
  const [shown, setShown] = useState<T | null>(target);
  if (target !== null && target !== shown) setShown(target); // adjust state during render: React's documented pattern

  return (
    <Modal open={target !== null} title={shown !== null ? title(shown) : null} onCancel={onClose} footer={null} destroyOnHidden>
      {shown !== null && <Fragment key={keyOf?.(shown)}>{render(shown)}</Fragment>}
    </Modal>
  );
}

/** Cancel + submit row placed inside a modal's <Form>, so Enter in any field submits. */
export function FormModalActions({ submitting, okText, onCancel }: { submitting: boolean; okText: string; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Flex justify="flex-end" gap={8} style={{ marginTop: 8 }}>
      <Button onClick={onCancel}>{t('common.cancel')}</Button>
      <Button type="primary" htmlType="submit" loading={submitting}>{okText}</Button>
    </Flex>
  );
}
