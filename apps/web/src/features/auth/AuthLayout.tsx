import { Flex, Typography } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { Logo } from '../../components/Logo.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';

/** Branded frame for login, signup and the emailed-link pages: story on the left, the card on the right. */
export function AuthLayout() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();

  const story = (
    <Flex vertical justify="space-between" style={{
      flex: '0 0 44%', padding: '48px 56px', color: '#fff',
      background: 'radial-gradient(circle at 20% 10%, #6366f1 0%, #4338ca 45%, #1e1b4b 100%)',
    }}>
      <Logo light size={32} />
      <div>
        <Typography.Title style={{ color: '#fff', fontSize: 36, lineHeight: 1.25, margin: '0 0 16px' }}>{t('brand.tagline')}</Typography.Title>
        <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.8)', fontSize: 16, maxWidth: 440 }}>{t('brand.pitch')}</Typography.Paragraph>
        <Flex vertical gap={12} style={{ marginTop: 32 }}>
          {(['point1', 'point2', 'point3'] as const).map((key) => (
            <Flex key={key} gap={10} align="baseline" style={{ color: 'rgba(255,255,255,0.92)' }}>
              <CheckCircleFilled style={{ color: '#a5b4fc' }} />
              <span>{t(`brand.${key}`)}</span>
            </Flex>
          ))}
        </Flex>
      </div>
      <Typography.Text style={{ color: 'rgba(255,255,255,0.55)', fontSize: 12 }}>© Loopline · open source CRM</Typography.Text>
    </Flex>
  );

  return (
    <Flex style={{ minHeight: '100vh', background: '#f5f6fa' }}>
      {!isMobile && story}
      <Flex vertical style={{ flex: 1, minWidth: 0, padding: isMobile ? '16px 12px 32px' : '24px 32px' }}>
        <Flex justify={isMobile ? 'space-between' : 'flex-end'} align="center">
          {isMobile && <Logo size={28} />}
          <LanguageSwitch />
        </Flex>
        <Flex vertical align="center" justify="center" style={{ flex: 1, paddingTop: isMobile ? 16 : 0 }}>
          {isMobile && (
            <Typography.Title level={4} style={{ margin: '0 0 16px', textAlign: 'center', color: '#4338ca' }}>{t('brand.tagline')}</Typography.Title>
          )}
          {/* A plain box rather than antd's Card: Card brings Tabs and Skeleton into the first download. */}
          <div style={{ width: '100%', maxWidth: 420, boxSizing: 'border-box', background: '#fff', borderRadius: 12, border: '1px solid #f0f0f0',
            boxShadow: '0 10px 30px rgba(30, 27, 75, 0.08)', padding: isMobile ? 20 : 32 }}>
            <Outlet />
          </div>
        </Flex>
      </Flex>
    </Flex>
  );
}

/** Title + one line of context at the top of every auth card. */
export function AuthHeading({ title, subtitle }: { title: string; subtitle?: string }) {
  return (
    <div style={{ marginBottom: 24 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>{title}</Typography.Title>
      {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
    </div>
  );
}
