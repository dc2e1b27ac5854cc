import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** Page title with actions on the right; wraps under the title on narrow screens. */
export function PageHeader({ title, extra, description }: { title: ReactNode; extra?: ReactNode; description?: ReactNode }) {
  return (
    <div style={{ marginBottom: 16 }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra && (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        )}
      </Flex>
      {description && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {description}
        </Typography.Paragraph>
      )}
    </div>
  );
}
