// Word lists the demo leads are drawn from: realistic Chinese names, companies, places and notes.

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
export const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平',
  '刚', '桂英', '建华', '文', '华', '红', '建国', '志强', '晓燕', '海燕', '婷', '雪', '鹏', '宇', '浩', '欣怡', '子涵', '思远', '佳琪', '梓轩',
  '振华', '国栋', '立新', '慧', '颖', '晨', '嘉怡', '俊杰', '家豪', '雨桐', '天宇', '晓东', '春梅', '玉兰', '德明', '志刚', '永红', '海涛', '文静', '宏伟',
];

/** [province, city, districts] */
export const PLACES: [string, string, string[]][] = [
  ['浙江省', '杭州市', ['西湖区', '滨江区', '余杭区', '萧山区']], ['浙江省', '宁波市', ['鄞州区', '北仑区']], ['上海市', '上海市', ['浦东新区', '徐汇区', '闵行区', '静安区']],
  ['江苏省', '苏州市', ['工业园区', '吴中区', '昆山市']], ['江苏省', '南京市', ['鼓楼区', '江宁区']], ['广东省', '深圳市', ['南山区', '福田区', '宝安区', '龙岗区']],
  ['广东省', '广州市', ['天河区', '番禺区', '白云区']], ['北京市', '北京市', ['海淀区', '朝阳区', '丰台区']], ['四川省', '成都市', ['高新区', '武侯区', '锦江区']],
  ['湖北省', '武汉市', ['洪山区', '江汉区']], ['山东省', '青岛市', ['崂山区', '黄岛区']], ['福建省', '厦门市', ['思明区', '湖里区']],
  ['湖南省', '长沙市', ['岳麓区', '雨花区']], ['陕西省', '西安市', ['雁塔区', '未央区']], ['安徽省', '合肥市', ['蜀山区', '包河区']],
  ['天津市', '天津市', ['滨海新区', '南开区']], ['重庆市', '重庆市', ['渝北区', '江北区']], ['河南省', '郑州市', ['金水区', '郑东新区']],
];
export const STREETS = ['科技园路', '文三路', '江南大道', '人民路', '中山路', '解放路', '建设大道', '高新大道', '创业路', '滨江大道', '长江路', '学院路'];

export const INDUSTRIES: [string, string[]][] = [
  ['制造业', ['精密机械', '智能装备', '模具', '五金制品', '汽车零部件']], ['信息技术', ['软件', '数据科技', '网络科技', '信息系统']],
  ['互联网', ['网络科技', '电子商务', '数字科技']], ['医疗', ['医疗器械', '生物科技', '医药']], ['教育', ['教育科技', '培训', '文化教育']],
  ['物流', ['供应链', '物流', '国际货运']], ['贸易', ['进出口贸易', '商贸', '国际贸易']], ['新能源', ['新能源', '光伏科技', '储能技术']],
  ['食品', ['食品', '餐饮管理', '农产品']], ['建筑', ['建设工程', '建筑设计', '装饰工程']], ['金融', ['投资管理', '融资租赁']], ['零售', ['连锁超市', '商业管理']],
];
export const CORE_WORDS = ['华信', '远航', '恒通', '创新', '鼎盛', '金桥', '新元', '博远', '正泰', '汇丰', '瑞达', '宏达', '天成', '嘉禾', '明德', '启航', '卓越', '联创', '中科', '安泰', '泰和', '盛世', '银河', '东方', '海纳', '弘毅', '睿智', '云帆', '智联', '百川'];

export const PRODUCTS = ['CRM 标准版', 'CRM 专业版', 'CRM 旗舰版', '私有化部署', '呼叫中心集成', '数据分析模块', '移动销售 App', '客服工单系统'];
export const TITLES = ['总经理', '销售总监', '采购经理', 'IT 负责人', '运营总监', '市场经理', '行政主管', '财务经理', '技术总监', '董事长助理'];
export const TAGS = ['展会', '高意向', '老客户介绍', '需要报价', '价格敏感', '决策周期长'];

/** [source, weight] — every channel is represented, web forms and search the most. */
export const SOURCES: [string, number][] = [
  ['webForm', 16], ['search', 12], ['inquiry', 10], ['referral', 9], ['ads', 8], ['api', 8], ['import', 8], ['phoneInquiry', 7],
  ['promotion', 5], ['signup', 5], ['emailInquiry', 4], ['visitBooking', 3], ['coldVisit', 3], ['other', 2],
];
export const STATUSES: [string, number][] = [['new', 45], ['contacting', 27], ['qualified', 16], ['invalid', 12]];
export const INVALID_REASONS = ['空号', '联系不上', '无采购需求', '同行咨询', '重复提交', '预算不足，暂无计划'];
export const FOLLOWUPS = [
  '电话沟通，对移动端很感兴趣，约下周演示', '已发送产品资料和报价单，等待反馈', '客户在比较两家供应商，关注价格',
  '上门拜访，见到了 IT 负责人，需求明确', '微信沟通，客户要求试用账号', '需求调研完成，预计下月立项', '客户出差中，约定下周再联系',
];
export const UTM = [
  { utm_source: 'baidu', utm_medium: 'cpc', utm_campaign: 'crm-brand' }, { utm_source: 'wechat', utm_medium: 'social', utm_campaign: 'spring-promo' },
  { utm_source: 'zhihu', utm_medium: 'article', utm_campaign: 'crm-guide' }, { utm_source: 'official', utm_medium: 'website', utm_campaign: 'trial' },
];

/** A small seeded generator (mulberry32): the demo is the same every time. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

export function weighted(rnd: () => number, list: [string, number][]): string {
  const total = list.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * total;
  for (const [v, w] of list) if ((r -= w) < 0) return v;
  return list[0]![0];
}
