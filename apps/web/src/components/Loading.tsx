import { Flex, Spin } from 'antd';

/** Centered spinner for lazy routes and the first "who am I" check. */
export function Loading({ fullPage = false }: { fullPage?: boolean }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: fullPage ? '100vh' : 240 }}>
      <Spin size="large" />
    </Flex>
  );
}
