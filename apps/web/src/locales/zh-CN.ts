/** Chinese (Simplified) — the source of truth for message keys; en.ts must have the same shape. */
import recordsZh from '../features/records/locales/zh-CN.ts';
import customersZh from '../features/customers/locales/zh-CN.ts';
import adminZh from '../features/admin/locales/zh-CN.ts';

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
    home: '工作台', settings: '系统设置', users: '成员管理', departments: '部门', outbox: '发件箱',
    loginLogs: '登录日志', account: '我的账户', sessions: '登录设备', logout: '退出登录', menu: '菜单',
    collapse: '收起菜单', expand: '展开菜单',
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
    greeting: '你好，{{name}}', subtitle: '{{organization}} 的工作台', members: '成员', activeMembers: '在职成员',
    invited: '待接受邀请', departments: '部门',
    gettingStarted: '开始之前', stepInvite: '邀请同事加入', stepInviteDesc: '发送邀请邮件，对方设置密码即可登录。',
    stepDepartments: '搭建部门结构', stepDepartmentsDesc: '部门决定数据可见范围，先把团队分好组。',
    stepOutbox: '查看发件箱', stepOutboxDesc: '未配置邮件服务时，邀请和重置邮件都保存在这里。',
    comingSoon: '客户、商机、合同等模块正在路上。', yourRole: '你的身份', admin: '管理员', member: '成员',
  },
  users: {
    title: '成员管理', invite: '邀请成员', searchPlaceholder: '搜索姓名、邮箱或手机号', department: '部门',
    status: '状态', roles: '角色', manager: '直属上级', lastLogin: '最近登录', createdAt: '加入时间', name: '姓名',
    email: '邮箱', mobile: '手机号', never: '从未登录', deactivate: '停用', reactivate: '启用',
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
    ROOT_DEPARTMENT: '根部门代表整个组织，不能删除。', DEMO_DISABLED: '此服务器未开放演示组织。',
    notFoundTitle: '页面不存在', notFoundDesc: '你访问的页面不存在或已被移走。', forbiddenTitle: '无权访问',
    forbiddenDesc: '这个页面仅管理员可以查看。', crashTitle: '页面加载失败', crashDesc: '可能是网络问题或版本刚刚更新，刷新试试。',
    reload: '刷新页面', goHome: '回到工作台',
  },
  // each feature keeps its own strings beside its code
  records: recordsZh,
  customers: customersZh,
  admin: adminZh,
};

export default zhCN;
export type Messages = typeof zhCN;
