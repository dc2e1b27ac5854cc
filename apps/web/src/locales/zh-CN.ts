/** Chinese (Simplified) — the source of truth for message keys; en.ts must have the same shape. */
import recordsZh from '../features/records/locales/zh-CN.ts';
import customersZh from '../features/customers/locales/zh-CN.ts';
import adminZh from '../features/admin/locales/zh-CN.ts';
import leadsZh from '../features/leads/locales/zh-CN.ts';
import contactsZh from '../features/contacts/locales/zh-CN.ts';
import dedupeZh from '../features/dedupe/locales/zh-CN.ts';
import publicPoolZh from '../features/publicPool/locales/zh-CN.ts';
import importsZh from '../features/imports/locales/zh-CN.ts';
import assignmentZh from '../features/assignment/locales/zh-CN.ts';
import webFormsZh from '../features/webForms/locales/zh-CN.ts';
import todoZh from '../features/todo/locales/zh-CN.ts';
import followupsZh from '../features/followups/locales/zh-CN.ts';
import tasksZh from '../features/tasks/locales/zh-CN.ts';
import flowsZh from '../features/flows/locales/zh-CN.ts';
import flowRunsZh from '../features/flowRuns/locales/zh-CN.ts';
import productsZh from '../features/products/locales/zh-CN.ts';
import opportunitiesZh from '../features/opportunities/locales/zh-CN.ts';
import approvalsZh from '../features/approvals/locales/zh-CN.ts';
import quotesZh from '../features/quotes/locales/zh-CN.ts';
import contractsZh from '../features/contracts/locales/zh-CN.ts';
import paymentsZh from '../features/payments/locales/zh-CN.ts';
import printTemplatesZh from '../features/printTemplates/locales/zh-CN.ts';

const zhCN = {
  brand: {
    name: 'Loopline',
    tagline: '从线索到回款，一条线跑通',
    pitch: '为中小企业打造的开源 CRM：客户、商机、合同、回款，全部在一处。',
    point1: '销售过程清清楚楚，每条线索都有人跟进',
    point2: '权限细到字段，敏感信息自动脱敏',
    point3: '开源、可自托管，数据留在你自己手里',
  },
  common: {
    save: '保存', cancel: '取消', confirm: '确定', delete: '删除', edit: '编辑', create: '新建',
    search: '搜索', reset: '重置', loading: '加载中…', retry: '重试', back: '返回', actions: '操作',
    yes: '是', no: '否', none: '无', optional: '选填', all: '全部', close: '关闭', copy: '复制',
    saved: '已保存', done: '完成', total: '共 {{total}} 条', unknown: '未知', justNow: '刚刚',
  },
  lang: { label: '语言', 'zh-CN': '简体中文', en: 'English' },
  nav: {
    home: '工作台', menu: '菜单', collapse: '收起菜单', expand: '展开菜单', logout: '退出登录', skipToContent: '跳到主要内容',
    leads: '线索', customers: '客户', opportunities: '商机', quotes: '报价', contracts: '合同', orders: '订单', payments: '回款',
    service: '服务工单', revisits: '回访', reports: '报表',
    organization: '组织信息', users: '成员管理', departments: '部门', roles: '角色与权限', customFields: '自定义字段',
    numbering: '编号规则', apiKeys: 'API 密钥', email: '邮件设置', outbox: '发件箱', audit: '操作日志', loginLogs: '登录日志',
    profile: '个人资料', sessions: '登录设备', settings: '系统设置', account: '我的账户',
    contacts: '联系人', publicPool: '公海', dedupe: '查重', imports: '导入记录',
    assignmentRules: '线索分配规则', pools: '公海规则', webForms: '网页表单', leadConversion: '线索转化映射',
    tasks: '任务', calendar: '日历', followups: '跟进记录', flows: '自动化流程',
    approvals: '审批', forecast: '销售预测', products: '产品', invoices: '发票', paymentPlans: '回款计划', pipelines: '商机阶段',
    priceBooks: '价格表', printTemplates: '打印模板', discountLimits: '折扣权限', approvalFlows: '审批流程',
    groups: { sales: '销售', care: '客户关系', analytics: '分析', settings: '系统设置', account: '我的账户' },
  },
  auth: {
    identifier: '邮箱或手机号', identifierPlaceholder: '例如 name@company.com',
    email: '邮箱', mobile: '手机号', password: '密码', passwordConfirm: '确认密码', name: '你的姓名',
    organizationName: '公司 / 组织名称', organizationPlaceholder: '例如：杭州星火科技有限公司',
    loginTitle: '登录 Loopline', loginSubtitle: '欢迎回来，继续推进你的生意。', login: '登录',
    noAccount: '还没有账号？', signupLink: '免费创建组织', forgot: '忘记密码？',
    tryDemo: '先看看？进入演示组织', demoLoading: '正在准备演示数据…',
    chooseTenant: '该账号属于多个组织，请选择要登录的组织', tenant: '组织',
    signupTitle: '创建你的组织', signupSubtitle: '一分钟完成，你将成为组织管理员。', signup: '创建并进入',
    haveAccount: '已有账号？', loginLink: '去登录',
    forgotTitle: '找回密码', forgotSubtitle: '输入注册时的邮箱或手机号，我们会发送重置链接。', sendLink: '发送重置链接',
    forgotSent: '如果该账号存在，重置链接已发送。',
    forgotSentHint: '没有配置邮件服务时，管理员可以在「系统设置 › 发件箱」里看到这封邮件。',
    resetTitle: '设置新密码', resetSubmit: '更新密码', resetDone: '密码已更新，请用新密码登录。',
    tokenMissing: '链接不完整，请从邮件中重新打开。', tokenInvalid: '链接已失效或已被使用。', requestNewLink: '重新获取链接',
    inviteTitle: '加入 {{organization}}', inviteSubtitle: '{{email}} 受邀加入，设置密码后即可开始使用。',
    inviteAccept: '接受邀请并进入', inviteInvalid: '邀请链接已失效，请联系管理员重新发送。',
    passwordHint: '至少 8 位', passwordMismatch: '两次输入的密码不一致', mobileInvalid: '请输入 11 位手机号',
    emailInvalid: '请输入有效的邮箱地址', required: '请填写{{field}}',
  },
  home: {
    greeting: '你好，{{name}}', subtitle: '{{organization}} 的工作台', activeMembers: '在职成员',
    invited: '待接受邀请', departments: '部门', customers: '客户', admin: '管理员', member: '成员',
  },
  onboarding: {
    title: '开始使用 Loopline', progress: '已完成 {{done}}/{{total}}', allDone: '都完成了！你的团队已经可以开始工作了。',
    dismiss: '不再显示', dismissed: '已隐藏入门清单', done: '已完成', go: '去设置',
    steps: {
      invite: { title: '邀请你的团队', desc: '发送邀请邮件，同事设置密码即可加入。' },
      departments: { title: '设置部门和角色', desc: '部门和角色决定每个人能看到哪些数据。' },
      customers: { title: '导入或创建第一批客户', desc: '把手头的客户录进来，销售跟进从这里开始。' },
    },
    sampleTitle: '想先看看效果？', sampleDesc: '一键加入 20 家示例客户（归你负责），随时可以删除。',
    sampleLoad: '加载示例数据', sampleLoaded: '已加入 {{count}} 家示例客户', sampleConfirm: '将向当前组织加入示例客户，确定？',
  },
  search: {
    placeholder: '搜索客户、联系人…', open: '搜索', hint: '输入关键字搜索', empty: '没有找到「{{q}}」', failed: '搜索失败，请重试',
    types: {
      lead: '线索', customer: '客户', contact: '联系人', opportunity: '商机', product: '产品', quote: '报价', contract: '合同',
      order: '订单', paymentPlan: '回款计划', payment: '回款', invoice: '发票', ticket: '工单', revisit: '回访', activity: '跟进', target: '目标', task: '任务',
    },
  },
  profile: {
    title: '个人资料', hint: '你的姓名和手机号会显示给同事；语言设置会同步到你登录的每台设备。',
    name: '姓名', email: '邮箱', mobile: '手机号', language: '界面语言', saved: '个人资料已保存',
    organization: '所属组织', timeZone: '组织时区', currency: '组织币种',
  },
  users: {
    title: '成员管理', invite: '邀请成员', searchPlaceholder: '搜索姓名、邮箱或手机号', department: '部门',
    status: '状态', roles: '角色', manager: '直属上级', lastLogin: '最近登录', createdAt: '加入时间', name: '姓名',
    email: '邮箱', mobile: '手机号', never: '从未登录', deactivate: '停用', reactivate: '启用', handover: '交接工作',
    resend: '重发邀请', resent: '邀请已重新发送', invitedOk: '邀请已发送到 {{email}}',
    deactivateConfirm: '停用后 {{name}} 将无法登录，其数据保留。确定停用？', deactivated: '已停用', reactivated: '已启用',
    editTitle: '编辑成员', inviteTitle: '邀请成员', inviteHint: '对方会收到一封邮件，点击链接设置密码后加入。',
    statusActive: '在职', statusInactive: '已停用', statusInvited: '已邀请', allDepartments: '全部部门',
    noDepartment: '未分配', defaultDepartment: '不选则放在组织根部门', defaultRole: '不选则使用默认角色',
  },
  departments: {
    title: '部门', create: '新建部门', addChild: '添加子部门', name: '部门名称', parent: '上级部门',
    sort: '排序', members: '成员数', deleteConfirm: '确定删除部门「{{name}}」？',
    deleted: '部门已删除', editTitle: '编辑部门', createTitle: '新建部门', empty: '还没有部门，先建一个吧。',
    sortHint: '数字越小越靠前',
  },
  outbox: {
    title: '发件箱', hint: '未配置邮件服务（SMTP）时，系统邮件保存在这里，方便演示和离线使用。',
    to: '收件人', subject: '主题', status: '状态', createdAt: '创建时间', sentAt: '发送时间', error: '错误',
    statusQueued: '待发送', statusSent: '已发送', statusFailed: '发送失败', statusKept: '仅保存',
  },
  loginLogs: {
    title: '登录日志', identifier: '登录账号', result: '结果', ip: 'IP', userAgent: '设备', time: '时间',
    success: '成功', failure: '失败',
    results: { wrongPassword: '密码错误', unknownIdentifier: '账号不存在', locked: '账号已锁定', lockedOut: '失败过多被锁定', rateLimited: '请求过于频繁' },
  },
  sessions: {
    title: '登录设备', hint: '这些设备当前登录着你的账号。不认识的设备请立即移除。', current: '当前设备',
    ip: 'IP', createdAt: '登录时间', lastSeenAt: '最近活动', expiresAt: '过期时间', revoke: '移除',
    revokeConfirm: '移除后该设备需要重新登录。确定？', revoked: '已移除', revokeCurrent: '移除当前设备会让你退出登录。确定？',
  },
  notifications: {
    title: '通知', empty: '没有未读通知', markAllRead: '全部标为已读', open: '打开',
  },
  errors: {
    generic: '出了点问题，请稍后再试。', NETWORK_ERROR: '无法连接服务器，请检查网络。',
    INVALID_CREDENTIALS: '账号或密码不正确。', ACCOUNT_LOCKED: '登录失败次数过多，账号已锁定至 {{until}}。',
    ACCOUNT_LOCKED_NO_TIME: '登录失败次数过多，账号已临时锁定，请稍后再试。',
    TOO_MANY_ATTEMPTS: '尝试次数过多，请稍后再试。', INVALID_TOKEN: '链接已失效或已被使用。',
    DEPARTMENT_NOT_EMPTY: '部门下还有成员或子部门，不能删除。', VALIDATION_FAILED: '请检查表单中的内容。',
    FORBIDDEN: '你没有权限执行此操作。', UNAUTHENTICATED: '登录已过期，请重新登录。', NOT_FOUND: '内容不存在或已被删除。',
    CONFLICT: '与现有数据冲突。', DUPLICATE: '已存在相同的记录。', CSRF_FAILED: '页面已过期，请刷新后重试。',
    SELF_DEACTIVATION: '不能停用你自己的账号。', NOT_JOINED: '对方还没有接受邀请。', NOT_INVITED: '该成员已经加入。',
    ROOT_DEPARTMENT: '根部门代表整个组织，不能删除。', DEMO_DISABLED: '此服务器未开放演示组织。', SAMPLE_DATA_LOADED: '示例数据已经加载过了。',
    notFoundTitle: '页面不存在', notFoundDesc: '你访问的页面不存在或已被移走。', forbiddenTitle: '无权访问',
    forbiddenDesc: '这个页面仅管理员可以查看。', crashTitle: '页面加载失败', crashDesc: '可能是网络问题或版本刚刚更新，刷新试试。',
    reload: '刷新页面', goHome: '回到工作台',
  },
  // each feature keeps its own strings beside its code
  records: recordsZh,
  customers: customersZh,
  admin: adminZh,
  leads: leadsZh,
  contacts: contactsZh,
  dedupe: dedupeZh,
  publicPool: publicPoolZh,
  imports: importsZh,
  assignment: assignmentZh,
  webForms: webFormsZh,
  todo: todoZh,
  followups: followupsZh,
  tasks: tasksZh,
  flows: flowsZh,
  flowRuns: flowRunsZh,
  products: productsZh,
  opportunities: opportunitiesZh,
  approvals: approvalsZh,
  quotes: quotesZh,
  contracts: contractsZh,
  payments: paymentsZh,
  printTemplates: printTemplatesZh,
};

export default zhCN;
export type Messages = typeof zhCN;
