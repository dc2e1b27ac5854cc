/**
 * The side navigation, in one place, grouped by the two flows. Every planned module already has its
 * line: an entry shows only once its page is routed (app/routes.tsx) and the user may use it, so a
 * new module appears by adding its routes — and at most one line here. Empty groups are hidden.
 */
import type { ComponentType } from 'react';
import {
  AccountBookOutlined, AppstoreOutlined, CarryOutOutlined, FunnelPlotOutlined, LineChartOutlined, PercentageOutlined, PrinterOutlined, TagsOutlined,
  AimOutlined, ApartmentOutlined, CalendarOutlined, CheckSquareOutlined, MessageOutlined, NodeIndexOutlined, CloudOutlined, CloudServerOutlined, ContactsOutlined, DiffOutlined, ProfileOutlined, RetweetOutlined, ShareAltOutlined, AuditOutlined, BarChartOutlined, BankOutlined,
  CustomerServiceOutlined, DesktopOutlined, FileDoneOutlined, FileTextOutlined, FormOutlined, FundOutlined, HomeOutlined,
  IdcardOutlined, ImportOutlined, KeyOutlined, LoginOutlined, MailOutlined, NumberOutlined, PayCircleOutlined, SafetyOutlined,
  ScheduleOutlined, SendOutlined, ShoppingCartOutlined, TeamOutlined, UserOutlined,
} from '@ant-design/icons';
import type { RecordType } from '@loopline/shared';
import type { Messages } from '../locales/zh-CN.ts';

export type NavLabel = Exclude<keyof Messages['nav'], 'groups'>;

export interface NavItem {
  path: string;
  label: NavLabel;
  icon: ComponentType;
  /** shown only to users who may view this record type */
  recordType?: RecordType;
}

export interface NavGroup {
  key: string;
  /** null: items sit at the top without a heading */
  label: keyof Messages['nav']['groups'] | null;
  adminOnly?: boolean;
  items: NavItem[];
}

export const NAVIGATION: NavGroup[] = [
  {
    key: 'top', label: null,
    items: [
      { path: '/', label: 'home', icon: HomeOutlined },
      { path: '/tasks', label: 'tasks', icon: CheckSquareOutlined, recordType: 'task' },
      { path: '/calendar', label: 'calendar', icon: CalendarOutlined },
      { path: '/followups', label: 'followups', icon: MessageOutlined, recordType: 'activity' },
      { path: '/approvals', label: 'approvals', icon: AuditOutlined },
    ],
  },
  {
    key: 'sales', label: 'sales',
    items: [
      { path: '/leads', label: 'leads', icon: AimOutlined, recordType: 'lead' },
      { path: '/customers', label: 'customers', icon: BankOutlined, recordType: 'customer' },
      { path: '/contacts', label: 'contacts', icon: ContactsOutlined, recordType: 'contact' },
      { path: '/pool', label: 'publicPool', icon: CloudOutlined },
      { path: '/dedupe', label: 'dedupe', icon: DiffOutlined },
      { path: '/imports', label: 'imports', icon: ImportOutlined },
      { path: '/opportunities', label: 'opportunities', icon: FundOutlined, recordType: 'opportunity' },
      { path: '/forecast', label: 'forecast', icon: LineChartOutlined, recordType: 'opportunity' },
      { path: '/products', label: 'products', icon: AppstoreOutlined, recordType: 'product' },
      { path: '/quotes', label: 'quotes', icon: FileTextOutlined, recordType: 'quote' },
      { path: '/contracts', label: 'contracts', icon: FileDoneOutlined, recordType: 'contract' },
      { path: '/orders', label: 'orders', icon: ShoppingCartOutlined, recordType: 'order' },
      { path: '/payment-plans', label: 'paymentPlans', icon: CarryOutOutlined, recordType: 'paymentPlan' },
      { path: '/payments', label: 'payments', icon: PayCircleOutlined, recordType: 'payment' },
      { path: '/invoices', label: 'invoices', icon: AccountBookOutlined, recordType: 'invoice' },
    ],
  },
  {
    key: 'care', label: 'care',
    items: [
      { path: '/tickets', label: 'service', icon: CustomerServiceOutlined, recordType: 'ticket' },
      { path: '/revisits', label: 'revisits', icon: ScheduleOutlined, recordType: 'revisit' },
    ],
  },
  { key: 'analytics', label: 'analytics', items: [{ path: '/analytics', label: 'reports', icon: BarChartOutlined }] },
  {
    key: 'settings', label: 'settings', adminOnly: true,
    items: [
      { path: '/settings/organization', label: 'organization', icon: IdcardOutlined },
      { path: '/settings/users', label: 'users', icon: TeamOutlined },
      { path: '/settings/departments', label: 'departments', icon: ApartmentOutlined },
      { path: '/settings/roles', label: 'roles', icon: SafetyOutlined },
      { path: '/settings/assignment-rules', label: 'assignmentRules', icon: ShareAltOutlined },
      { path: '/settings/pools', label: 'pools', icon: CloudServerOutlined },
      { path: '/settings/web-forms', label: 'webForms', icon: ProfileOutlined },
      { path: '/settings/lead-conversion', label: 'leadConversion', icon: RetweetOutlined },
      { path: '/settings/flows', label: 'flows', icon: NodeIndexOutlined },
      { path: '/settings/approval-flows', label: 'approvalFlows', icon: NodeIndexOutlined },
      { path: '/settings/pipelines', label: 'pipelines', icon: FunnelPlotOutlined },
      { path: '/settings/price-books', label: 'priceBooks', icon: TagsOutlined },
      { path: '/settings/discount-limits', label: 'discountLimits', icon: PercentageOutlined },
      { path: '/settings/print-templates', label: 'printTemplates', icon: PrinterOutlined },
      { path: '/settings/custom-fields', label: 'customFields', icon: FormOutlined },
      { path: '/settings/numbering', label: 'numbering', icon: NumberOutlined },
      { path: '/settings/api-keys', label: 'apiKeys', icon: KeyOutlined },
      { path: '/settings/email', label: 'email', icon: SendOutlined },
      { path: '/settings/outbox', label: 'outbox', icon: MailOutlined },
      { path: '/settings/audit', label: 'audit', icon: AuditOutlined },
      { path: '/settings/login-logs', label: 'loginLogs', icon: LoginOutlined },
    ],
  },
  {
    key: 'account', label: 'account',
    items: [
      { path: '/account/profile', label: 'profile', icon: UserOutlined },
      { path: '/account/sessions', label: 'sessions', icon: DesktopOutlined },
    ],
  },
];

/** Where a search result or notification about a record opens; types without a detail page are not linked. */
export const RECORD_PATHS: Partial<Record<RecordType, (id: string) => string>> = {
  customer: (id) => `/customers/${id}`,
  lead: (id) => `/leads/${id}`,
  contact: (id) => `/contacts/${id}`,
  opportunity: (id) => `/opportunities/${id}`,
  contract: (id) => `/contracts/${id}`,
  product: (id) => `/products/${id}`,
  quote: (id) => `/quotes/${id}`,
  order: (id) => `/orders/${id}`,
  paymentPlan: (id) => `/payment-plans/${id}`,
  payment: (id) => `/payments/${id}`,
  invoice: (id) => `/invoices/${id}`,
};

export interface NavAccess {
  isAdmin: boolean;
  canView: (recordType: RecordType) => boolean;
  isRouted: (path: string) => boolean;
}

/** The groups and entries this user sees right now. */
export function visibleNavigation(access: NavAccess): NavGroup[] {
  return NAVIGATION.filter((g) => !g.adminOnly || access.isAdmin)
    .map((g) => ({ ...g, items: g.items.filter((i) => access.isRouted(i.path) && (!i.recordType || access.canView(i.recordType))) }))
    .filter((g) => g.items.length > 0);
}

/** The menu entry a URL belongs to: the longest entry path that prefixes it ("/customers/42" → "/customers"). */
export function activeNavPath(pathname: string, groups: NavGroup[]): string | undefined {
  let best: string | undefined;
  for (const item of groups.flatMap((g) => g.items)) {
    const hit = item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`);
    if (hit && (!best || item.path.length > best.length)) best = item.path;
  }
  return best;
}

