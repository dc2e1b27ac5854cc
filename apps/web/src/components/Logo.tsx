import { Flex, Typography } from 'antd';

/** The Loopline mark: a loop closing on a dot, i.e. a lead followed all the way to cash. */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#4f46e5" />
      <path d="M9 20.5c0-4.7 3.3-9 7-9s7 4.3 7 9" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      <circle cx="23" cy="20.5" r="2.6" fill="#a5b4fc" />
    </svg>
  );
}

export function Logo({ size = 28, light = false }: { size?: number; light?: boolean }) {
  return (
    <Flex align="center" gap={10}>
      <LogoMark size={size} />
      <Typography.Text strong style={{ fontSize: size * 0.64, letterSpacing: 0.2, color: light ? '#fff' : undefined }}>
        Loopline
      </Typography.Text>
    </Flex>
  );
}
