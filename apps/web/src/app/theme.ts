import type { ThemeConfig } from 'antd';

export const BRAND_COLOR = '#4f46e5';

/** One place for the look: brand indigo, softer corners, and fonts that render Chinese well on every OS. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_COLOR,
    colorInfo: BRAND_COLOR,
    borderRadius: 8,
    colorBgLayout: '#f5f6fa',
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerPadding: '0 16px', headerHeight: 56 },
    Menu: { itemBorderRadius: 8, activeBarBorderWidth: 0 },
    Card: { borderRadiusLG: 12 },
  },
};
